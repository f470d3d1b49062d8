import {
  subjectIssues,
  subjectRequirement,
  type AgendaItemView,
  type AgendaSubject,
  type CouncilSessionView,
  type CreateCouncilSessionRequest,
  type Majority,
  type UpdateCouncilSessionRequest,
  type VoteMode,
} from '@egov-box/contracts';
import { DateTime } from 'luxon';
import { ApiError } from '../../api/client';
import { PORTAL_ZONE } from '../../format/datetime';

/** The clerk's session form: Sofia wall-clock times and the agenda as edited rows. */

export interface ItemDraft {
  /** React's key for the row (stable while it moves). */
  key: string;
  /** The server's id of an existing item (kept on save); absent for a new one. */
  id?: string;
  title: string;
  rapporteur: string;
  legalBasis: string;
  subject: AgendaSubject;
  voteMode: VoteMode;
  majority: Majority;
}

export interface SittingDraft {
  bodyId: string;
  title: string;
  description: string;
  /** `YYYY-MM-DDTHH:mm` in Sofia (a datetime-local value). */
  startsAt: string;
  endsAt: string;
  /** '' = the council chamber. */
  spaceId: string;
  /** An extraordinary sitting (извънредно заседание): published at shorter notice, for its reason. */
  extraordinary: boolean;
  extraordinaryReason: string;
  items: ItemDraft[];
}

let counter = 0;
export function newKey(): string {
  counter += 1;
  return `item-${counter}`;
}

export function emptyItem(): ItemDraft {
  return {
    key: newKey(),
    title: '',
    rapporteur: '',
    legalBasis: '',
    subject: 'other',
    voteMode: 'open',
    majority: 'present',
  };
}

/**
 * The item with a new subject: a subject the law ties to a roll call of all (ЗМСМА чл. 27,
 * ал. 5) brings its vote mode and at least its majority; a stronger majority already chosen stays.
 */
export function withSubject(item: ItemDraft, subject: AgendaSubject): ItemDraft {
  const r = subjectRequirement(subject);
  return {
    ...item,
    subject,
    voteMode: r.voteMode ?? item.voteMode,
    majority: r.majorities.includes(item.majority) ? item.majority : r.majorities[0]!,
  };
}

/** Whether the subject allows a vote mode / a majority (the form disables the others). */
export function allowsVoteMode(subject: AgendaSubject, mode: VoteMode): boolean {
  const r = subjectRequirement(subject);
  return r.voteMode === null || r.voteMode === mode;
}
export function allowsMajority(subject: AgendaSubject, majority: Majority): boolean {
  return subjectRequirement(subject).majorities.includes(majority);
}

/** A fresh draft: the council, tomorrow week at 10:00–13:00 Sofia time, one empty item. */
export function emptyDraft(now: DateTime = DateTime.now()): SittingDraft {
  const day = now.setZone(PORTAL_ZONE).plus({ days: 7 }).toISODate()!;
  return {
    bodyId: '',
    title: '',
    description: '',
    startsAt: `${day}T10:00`,
    endsAt: `${day}T13:00`,
    spaceId: '',
    extraordinary: false,
    extraordinaryReason: '',
    items: [emptyItem()],
  };
}

/** An instant as the Sofia wall clock of a datetime-local input. */
export function toSofiaLocal(instant: string): string {
  const dt = DateTime.fromISO(instant).setZone(PORTAL_ZONE);
  return dt.isValid ? dt.toFormat("yyyy-MM-dd'T'HH:mm") : '';
}

/** A datetime-local value read in Sofia, as an instant with its offset; null when not a time. */
export function fromSofiaLocal(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return null;
  const dt = DateTime.fromISO(local, { zone: PORTAL_ZONE });
  return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : null;
}

/** The form prefilled from a session (for editing a draft). */
export function draftOf(s: CouncilSessionView): SittingDraft {
  const items = [...s.items].sort((a, b) => a.position - b.position);
  return {
    bodyId: s.body?.id ?? '',
    title: s.title,
    description: s.description ?? '',
    startsAt: s.startsAt ? toSofiaLocal(s.startsAt) : '',
    endsAt: s.endsAt ? toSofiaLocal(s.endsAt) : '',
    spaceId: s.spaceId,
    extraordinary: s.extraordinary ?? false,
    extraordinaryReason: s.extraordinaryReason ?? '',
    items: items.map((i: AgendaItemView) => ({
      key: newKey(),
      id: i.id,
      title: i.title,
      rapporteur: i.rapporteur ?? '',
      legalBasis: i.legalBasis ?? '',
      subject: i.subject ?? 'other',
      voteMode: i.voteMode,
      majority: i.majority,
    })),
  };
}

/** Moves the item at `index` by `delta` places (a no-op at the ends). */
export function moveItem<T>(items: T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return items;
  const out = [...items];
  const [it] = out.splice(index, 1);
  out.splice(to, 0, it!);
  return out;
}

/** Field keys of the form, as error targets: `title`, `endsAt`, `agenda.2.title`… */
export type FieldErrors = Record<string, string>;

/** Errors found before sending (message keys under `council.editor.errors`). */
export function checkDraft(d: SittingDraft): FieldErrors {
  const e: FieldErrors = {};
  if (!d.title.trim()) e.title = 'required';
  const start = fromSofiaLocal(d.startsAt);
  const end = fromSofiaLocal(d.endsAt);
  if (!start) e.startsAt = 'invalidTime';
  if (!end) e.endsAt = 'invalidTime';
  if (start && end && Date.parse(end) <= Date.parse(start)) e.endsAt = 'endBeforeStart';
  if (d.extraordinary && !d.extraordinaryReason.trim()) e.extraordinaryReason = 'required';
  if (d.items.length === 0) e.agenda = 'noItems';
  d.items.forEach((it, i) => {
    if (!it.title.trim()) e[`agenda.${i}.title`] = 'required';
    for (const issue of subjectIssues(it))
      e[`agenda.${i}.${issue.field}`] = issue.field === 'voteMode' ? 'subjectVoteMode' : 'subjectMajority';
  });
  return e;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

function agendaOf(d: SittingDraft) {
  return d.items.map((it) => ({
    ...(it.id ? { id: it.id } : {}),
    title: it.title.trim(),
    rapporteur: orNull(it.rapporteur),
    legalBasis: orNull(it.legalBasis),
    subject: it.subject,
    voteMode: it.voteMode,
    majority: it.majority,
  }));
}

/** Extraordinary with its reason, or regular (no reason: the server refuses a reason alone). */
function extraordinaryOf(d: SittingDraft) {
  return d.extraordinary
    ? { extraordinary: true, extraordinaryReason: d.extraordinaryReason.trim() }
    : { extraordinary: false, extraordinaryReason: null };
}

/** POST /api/council/sessions body (call after `checkDraft` found nothing). */
export function createRequest(d: SittingDraft): CreateCouncilSessionRequest {
  return {
    title: d.title.trim(),
    description: orNull(d.description),
    startsAt: fromSofiaLocal(d.startsAt)!,
    endsAt: fromSofiaLocal(d.endsAt)!,
    agenda: agendaOf(d).map(({ title, rapporteur, legalBasis, subject, voteMode, majority }) => ({
      title,
      rapporteur,
      legalBasis,
      subject,
      voteMode,
      majority,
    })),
    ...(d.bodyId ? { bodyId: d.bodyId } : {}),
    ...(d.spaceId ? { spaceId: d.spaceId } : {}),
    ...extraordinaryOf(d),
  };
}

/** PATCH /api/council/sessions/:id body: the whole agenda in its order, existing items with their ids. */
export function updateRequest(d: SittingDraft): UpdateCouncilSessionRequest {
  return {
    title: d.title.trim(),
    description: orNull(d.description),
    startsAt: fromSofiaLocal(d.startsAt)!,
    endsAt: fromSofiaLocal(d.endsAt)!,
    agenda: agendaOf(d),
    ...extraordinaryOf(d),
  };
}

interface Issue {
  path?: string;
  message?: string;
}

/** A meeting in the way of a 409 slot_taken. */
export interface SlotConflict {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

/**
 * Where a server refusal belongs in the form: `validation_failed` issues by their path
 * (`body.agenda.1.title` → `agenda.1.title`), `slot_taken` and `invalid_space` on the time and
 * the hall. `form` holds what belongs to no field (not_draft, forbidden…).
 */
export function serverErrors(err: unknown): { fields: FieldErrors; form: boolean; conflicts: SlotConflict[] } {
  const fields: FieldErrors = {};
  let conflicts: SlotConflict[] = [];
  if (!(err instanceof ApiError)) return { fields, form: true, conflicts };
  if (err.code === 'validation_failed') {
    const issues = ((err.details as { issues?: Issue[] } | undefined)?.issues ?? []).filter(
      (i): i is Required<Issue> => typeof i.path === 'string',
    );
    for (const i of issues) {
      const key = i.path.replace(/^body\.?/, '');
      const field = fieldOfPath(key);
      if (field && !fields[field]) fields[field] = i.message;
    }
    return { fields, form: Object.keys(fields).length === 0, conflicts };
  }
  if (err.code === 'slot_taken') {
    conflicts = (err.details as { conflicts?: SlotConflict[] } | undefined)?.conflicts ?? [];
    fields.startsAt = 'slot_taken';
    return { fields, form: false, conflicts };
  }
  if (err.code === 'invalid_space') return { fields: { spaceId: 'invalid_space' }, form: false, conflicts };
  if (err.code === 'unknown_body') return { fields: { bodyId: 'unknown_body' }, form: false, conflicts };
  return { fields, form: true, conflicts };
}

const TOP = ['bodyId', 'title', 'description', 'startsAt', 'endsAt', 'spaceId', 'extraordinary', 'extraordinaryReason'];
const ITEM = ['title', 'rapporteur', 'legalBasis', 'subject', 'voteMode', 'majority'];

function fieldOfPath(path: string): string | null {
  const parts = path.split('.');
  if (parts.length === 1 && TOP.includes(parts[0]!)) return parts[0]!;
  if (parts[0] === 'agenda') {
    if (parts.length >= 3 && /^\d+$/.test(parts[1]!) && ITEM.includes(parts[2]!)) return parts.slice(0, 3).join('.');
    return 'agenda';
  }
  return null;
}

/** The fields in the order they appear in the form (the first with an error gets the focus). */
export function fieldOrder(d: SittingDraft): string[] {
  return [
    'bodyId',
    'title',
    'description',
    'startsAt',
    'endsAt',
    'spaceId',
    'extraordinary',
    'extraordinaryReason',
    'agenda',
    ...d.items.flatMap((_, i) => ITEM.map((f) => `agenda.${i}.${f}`)),
  ];
}

export type CommitteeField = 'name' | 'members' | 'chair';

/** Which field of the committee form a server refusal belongs to (null: the whole form). */
export function committeeFieldOf(err: unknown): CommitteeField | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code === 'name_taken') return 'name';
  if (err.code === 'chair_not_member') return 'chair';
  if (err.code === 'not_a_councillor') return 'members';
  if (err.code === 'validation_failed') {
    const paths = ((err.details as { issues?: Issue[] } | undefined)?.issues ?? []).map((i) => i.path ?? '');
    if (paths.some((p) => p.startsWith('body.name'))) return 'name';
    if (paths.some((p) => p.startsWith('body.memberIds'))) return 'members';
    if (paths.some((p) => p.startsWith('body.chairId'))) return 'chair';
  }
  return null;
}

/** The committee form: who is chosen, who chairs. */
export function committeeCheck(
  name: string | null,
  memberIds: string[],
  chairId: string,
): Record<'name' | 'members' | 'chair', string | undefined> {
  return {
    name: name !== null && !name.trim() ? 'required' : undefined,
    members: memberIds.length === 0 ? 'noMembers' : undefined,
    chair: chairId && !memberIds.includes(chairId) ? 'chair_not_member' : undefined,
  };
}

/** Councillors whose name holds `filter` (any case), the chosen ones first. */
export function filterPeople<T extends { id: string; displayName: string }>(
  people: T[],
  filter: string,
  chosen: string[],
): T[] {
  const f = filter.trim().toLocaleLowerCase('bg');
  const sorted = [...people].sort((a, b) => a.displayName.localeCompare(b.displayName, 'bg'));
  const match = (p: T) => !f || p.displayName.toLocaleLowerCase('bg').includes(f);
  return [...sorted.filter((p) => chosen.includes(p.id)), ...sorted.filter((p) => !chosen.includes(p.id) && match(p))];
}
