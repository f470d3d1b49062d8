import type {
  AgendaItemView,
  ClosedDoorView,
  DecisionView,
  ProcedureVoteRef,
  CouncilMinutes,
  MinutesText,
  CouncilSessionView,
  SpeakerView,
  VoteView,
} from '@egov-box/contracts';
import type { SittingsRepository } from './sittings.repository.js';

/**
 * Closed-door sittings and items (закрито заседание). ЗМСМА чл. 28: „(1) Заседанията на
 * общинския съвет и на неговите комисии са открити. (2) По изключение общинският съвет може да
 * реши отделни заседания да бъдат закрити.“ The law keeps public what every act of the council
 * owes the public (чл. 22, ал. 2: the acts are made known within seven days): that the sitting
 * was held, its agenda and its decisions. The rest of a closed-door sitting or item — its debate,
 * votes by name, materials — is the members' and the staff's. Everything public is built from
 * the views here, so each public answer (the sitting, the agenda, the register, a decision's page,
 * open data, the chamber's screen, the rendered pages and the embed, which use those answers)
 * withholds the same things. Glossary: libs/contracts/src/council-closed-door.ts.
 */

/** The row's closed-door decision as views carry it: only when it is closed-door (older records keep their shape). */
export function closedDoorOf(row: { closedDoorAt?: Date | null; closedDoorReason?: string | null }): {
  closedDoor?: ClosedDoorView;
} {
  return row.closedDoorAt
    ? { closedDoor: { at: new Date(row.closedDoorAt).toISOString(), reason: row.closedDoorReason ?? null } }
    : {};
}

/** What the public learns of the decision to close: that it was taken and when, not its reason. */
const publicMark = (c: ClosedDoorView | undefined): { closedDoor?: ClosedDoorView } =>
  c ? { closedDoor: { at: c.at, reason: null } } : {};

/** A sitting's summary in a public list: closed-door without the reason, nor the item it is on (live state). */
export function publicSummary<S extends { closedDoor?: ClosedDoorView; currentItemId: string | null }>(s: S): S {
  return s.closedDoor ? { ...s, ...publicMark(s.closedDoor), currentItemId: null } : s;
}

/** The ids of the items whose debate, votes by name and materials the public does not get. */
export function closedItemIds(view: Pick<CouncilSessionView, 'items' | 'closedDoor'>): Set<string> {
  return new Set(view.items.filter((i) => view.closedDoor || i.closedDoor).map((i) => i.id));
}

/** An item as the public sees it when closed-door: its title, place and decision's subject, nothing of its content. */
function publicItem(i: AgendaItemView, sittingClosed: boolean): AgendaItemView {
  if (!sittingClosed && !i.closedDoor) return i;
  return {
    ...i,
    draftDecision: null,
    conflicts: [],
    materials: [],
    ...(sittingClosed ? { takenUpAt: [] } : {}),
    ...publicMark(i.closedDoor),
  };
}

/**
 * A vote as the public sees it: of a closed-door item, or any vote of a closed-door sitting (the
 * agenda's adoption and procedural motions too, which are on no item), its totals and outcome —
 * the decision — but not who voted how.
 */
export function publicVote<V extends VoteView>(v: V, closed: Set<string>, sittingClosed = false): V {
  if (behindTheDoor(v, closed, sittingClosed)) {
    const act = (v.kind ?? 'decision') === 'decision' && v.result?.outcome === 'adopted';
    return { ...v, roll: null, ...(act ? {} : withheldText(v)) };
  }
  return v;
}

/** Whether a vote is closed-door content: any vote of a closed-door sitting, or one on a closed-door item. */
const behindTheDoor = (v: Pick<VoteView, 'itemId'>, closed: Set<string>, sittingClosed: boolean): boolean =>
  sittingClosed || (!!v.itemId && closed.has(v.itemId));

/**
 * Of a closed-door item's votes the public keeps each one's label, totals and outcome, and the
 * text of the decision adopted — the act, which the law makes public (ЗМСМА чл. 22, ал. 2) —
 * but not what was debated: the text of an amendment, a motion or a draft not adopted, nor who
 * proposed it.
 */
function withheldText<V extends { text?: string | null; proposer?: unknown }>(v: V): Partial<V> {
  return {
    ...(v.text !== undefined ? { text: null } : {}),
    ...(v.proposer !== undefined ? { proposer: null } : {}),
  } as Partial<V>;
}

/**
 * A register entry as the public reads it: of a closed-door item (`closed`: the ids of the
 * items closed-door themselves or in a closed-door sitting) the adopted decision's text stays,
 * a rejected draft's goes, and so do its amendments' and motions' texts and proposers.
 */
export function publicDecision<D extends DecisionView>(d: D, closed: Set<string>): D {
  if (!closed.has(d.itemId)) return d;
  return {
    ...d,
    text: d.outcome === 'adopted' ? d.text : null,
    ...(d.procedure
      ? { procedure: d.procedure.map((p: ProcedureVoteRef) => ({ ...p, text: null, proposer: null })) }
      : {}),
  };
}

/** The speakers' list without the debate of closed-door items. */
export function publicSpeakers(speakers: SpeakerView[], closed: Set<string>): SpeakerView[] {
  return speakers.filter((s) => !s.itemId || !closed.has(s.itemId));
}

/**
 * The public view of a sitting (`GET /api/public/council/sessions/:id` and everything built from
 * it). A closed-door sitting: that it takes place or took place, its agenda titles and its
 * decisions (closed votes and election rounds with their totals), no live state. A closed-door
 * item in an open sitting: its title and decision, without its debate, roll or materials.
 */
export function publicSittingView(view: CouncilSessionView): CouncilSessionView {
  const sittingClosed = view.closedDoor !== undefined;
  const closed = closedItemIds(view);
  if (!sittingClosed && closed.size === 0) return view;
  const items = view.items.map((i) => publicItem(i, sittingClosed));
  // Nothing live of closed-door content (as on /public's events): its votes once closed, with their totals.
  const votes = view.votes
    .filter((v) => v.status === 'closed' || !behindTheDoor(v, closed, sittingClosed))
    .map((v) => publicVote(v, closed, sittingClosed));
  const speakers = publicSpeakers(view.speakers ?? [], closed);
  if (!sittingClosed) return { ...view, items, votes, speakers };
  const elections = (view.elections ?? []).filter((e) => e.status === 'closed');
  return {
    ...view,
    ...publicMark(view.closedDoor),
    currentItemId: null,
    description: null,
    items,
    attendance: [],
    votes,
    speakers: [],
    video: view.video ? { ...view.video, live: false } : view.video,
    recordings: [],
    ...(view.elections ? { elections } : {}),
  };
}

/** What is closed-door in a sitting now: the whole sitting, or which items (for the live events' `public`). */
export interface ClosedScope {
  sitting: boolean;
  items: Set<string>;
}

/** Read from the rows (the live events are sent after the commit, so this is what was written). */
export async function closedScope(
  repo: Pick<SittingsRepository, 'sitting' | 'items'>,
  sittingId: string,
): Promise<ClosedScope> {
  const [s, items] = await Promise.all([repo.sitting(sittingId), repo.items(sittingId)]);
  const sitting = !!s?.closedDoorAt;
  return { sitting, items: new Set(items.filter((i) => sitting || i.closedDoorAt).map((i) => i.id)) };
}

/** Whether an event about this item (null: the sitting as a whole) may go to `/public`. */
export const publicAbout = (scope: ClosedScope, itemId: string | null | undefined): boolean =>
  !scope.sitting && !(itemId && scope.items.has(itemId));

/**
 * The public copy of minutes (ЗМСМА чл. 28): the debate of closed-door items — their speakers,
 * votes by name, materials and declared conflicts — left out, and of a closed-door sitting also
 * who attended; the agenda titles and every decision with its totals stay. Null when nothing was
 * closed-door: the public reads the minutes as signed. The members' and staff's copy is the full one.
 */
export function publicMinutes(m: CouncilMinutes): CouncilMinutes | null {
  const sittingClosed = m.session.closedDoor !== undefined;
  const closed = new Set(m.session.items.filter((i) => sittingClosed || i.closedDoor).map((i) => i.id));
  if (closed.size === 0 && !sittingClosed) return null;
  const shut = (id: string | null | undefined) => !!id && closed.has(id);
  return {
    ...m,
    session: {
      ...m.session,
      ...publicMark(m.session.closedDoor),
      items: m.session.items.map((i) =>
        sittingClosed || i.closedDoor
          ? { ...i, ...publicMark(i.closedDoor), draftDecision: null, conflicts: [], materials: [] }
          : i,
      ),
    },
    ...(sittingClosed ? { attendance: [], absent: [] } : {}),
    votes: m.votes.map((v) => publicVote(v, closed, sittingClosed)),
    conflicts: m.conflicts.filter((c) => !shut(c.itemId)),
    speakers: m.speakers.filter((sp) => !shut(sp.itemId)),
    recordings: sittingClosed ? [] : m.recordings,
  };
}

/** Says in the public copy's text what it leaves out, and that the signed content is the full minutes. */
export function noteWithheld(t: MinutesText, m: CouncilMinutes): MinutesText {
  const positions = m.session.items.filter((i) => m.session.closedDoor || i.closedDoor).map((i) => i.position);
  const note = {
    kind: 'paragraph' as const,
    text: `Публично копие: разискванията, поименното гласуване и материалите по закритите точки (${positions
      .map((n) => `т. ${n}`)
      .join(
        ', ',
      )}; чл. 28, ал. 2 ЗМСМА) не се публикуват. Подписан е пълният протокол, който съветниците и администрацията четат.`,
    style: 'strong' as const,
  };
  return { ...t, preamble: [...t.preamble, note] };
}
