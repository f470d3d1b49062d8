import { councilChairId } from './council-access.js';
import { DirectoryReader } from '@egov-box/directory';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AgendaItemChangeView,
  AgendaItemView,
  AttendanceView,
  CouncilBodyRef,
  CouncilBodyView,
  CouncilMemberRef,
  CouncilQuorum,
  CouncilRecordingView,
  CouncilSessionSummary,
  CouncilSessionView,
  MaterialContentType,
  MaterialView,
  SittingChangeView,
  SpeakerView,
  SpeakingLimits,
  VoteView,
} from '@egov-box/contracts';
import { VideoService } from '@egov-box/video';
import { DataSource, type EntityManager } from 'typeorm';
import { sittingFormView } from './sitting-form.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { DecisionsRepository } from './decisions.repository.js';
import { AttendanceRepository } from './attendance.repository.js';
import { ConflictsRepository } from './conflicts.repository.js';
import { VotesRepository } from './votes.repository.js';
import { SpeakersRepository } from './speakers.repository.js';
import { RecordingsRepository } from './recordings.repository.js';
import { MaterialsRepository } from './materials.repository.js';
import { ElectionViews } from './elections-views.js';
import type {
  AgendaItem,
  AgendaItemTaken,
  AgendaMaterial,
  CouncilBody,
  CouncilRecording,
  CouncilSession,
  SittingChange,
  SpeakerRequest,
  Vote,
} from './entities/index.js';
import { quorum } from './rules.js';
import { closedDoorOf } from './closed-door.js';
import { SittingChangesRepository } from './sitting-changes.repository.js';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const unknownMember = (id: string): CouncilMemberRef => ({ id, displayName: '—' });
/** Open or paused: the room can be joined and watched. */
export const isLive = (s: Pick<CouncilSession, 'status'>) => s.status === 'open' || s.status === 'paused';

/**
 * Builds what the API and the live events show. Nothing here links a secret ballot to a
 * member: secret votes show how many voted and, once closed, the totals.
 */
@Injectable()
export class CouncilViews {
  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly decisionsRepo: DecisionsRepository,
    private readonly attendanceRepo: AttendanceRepository,
    private readonly conflictsRepo: ConflictsRepository,
    private readonly votesRepo: VotesRepository,
    private readonly speakersRepo: SpeakersRepository,
    private readonly recordingsRepo: RecordingsRepository,
    private readonly materialsRepo: MaterialsRepository,
    private readonly directory: DirectoryReader,
    private readonly video: VideoService,
    private readonly changes: SittingChangesRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly elections: ElectionViews,
  ) {}

  /** What every session view and event carries; `body` from {@link bodyRefs}. */
  summary(s: CouncilSession, body: CouncilBodyRef): CouncilSessionSummary {
    return {
      id: s.id,
      number: s.number,
      title: s.title,
      status: s.status,
      startsAt: iso(s.startsAt)!,
      endsAt: iso(s.endsAt)!,
      version: s.version,
      currentItemId: s.currentItemId,
      body,
      publishedAt: iso(s.publishedAt),
      extraordinary: s.extraordinary,
      extraordinaryReason: s.extraordinaryReason,
      ...closedDoorOf(s),
    };
  }

  async summaryOf(s: CouncilSession): Promise<CouncilSessionSummary> {
    return this.summary(s, await this.bodyRef(s.bodyId));
  }

  async summaries(rows: CouncilSession[]): Promise<CouncilSessionSummary[]> {
    const refs = await this.bodyRefs();
    return rows.map((s) => this.summary(s, refs.get(s.bodyId) ?? { id: s.bodyId, kind: 'committee', name: '—' }));
  }

  async bodyRefs(): Promise<Map<string, CouncilBodyRef>> {
    const bodies = await this.bodiesRepo.bodies();
    return new Map(bodies.map((b) => [b.id, { id: b.id, kind: b.kind, name: b.name }]));
  }

  async bodyRef(id: string): Promise<CouncilBodyRef> {
    const b = await this.bodiesRepo.body(id);
    return b ? { id: b.id, kind: b.kind, name: b.name } : { id, kind: 'committee', name: '—' };
  }

  async bodyView(b: CouncilBody): Promise<CouncilBodyView> {
    const chairId = b.kind === 'council' ? await councilChairId(this.directory) : b.chairId;
    return {
      id: b.id,
      kind: b.kind,
      name: b.name,
      members: await this.bodiesRepo.members(b.id),
      chairId,
      noticeDays: b.noticeDays,
      reviewDays: b.reviewDays,
      seats: b.seats,
      agendaVote: b.agendaVote,
      speakingLimits: speakingLimits(b),
    };
  }

  /** On the seats by law: fixed when the sitting opened, the body's until then. */
  async quorum(sittingId: string, em?: EntityManager): Promise<CouncilQuorum> {
    const s = await this.sittingsRepo.sitting(sittingId, em);
    const [seats, present] = await Promise.all([
      s ? this.bodiesRepo.seatsOf(s, em) : 0,
      this.attendanceRepo.presentMemberIds(sittingId, em),
    ]);
    return quorum(seats, present.length);
  }

  recording(r: CouncilRecording): CouncilRecordingView {
    return { id: r.id, status: r.status, startedAt: iso(r.startedAt)!, endedAt: iso(r.endedAt), url: r.url };
  }

  /** `inner`: with what only members and staff see (the identifications of a remote sitting); implied by a viewer. */
  async sitting(s: CouncilSession, viewerId?: string, opts: { inner?: boolean } = {}): Promise<CouncilSessionView> {
    const [items, conflicts, attendance, votes, q, materials, body, recordings, speakers, takings, changes] =
      await Promise.all([
        this.sittingsRepo.items(s.id),
        this.conflictsRepo.conflicts(s.id),
        this.attendanceRepo.attendance(s.id),
        this.votesRepo.votes(s.id),
        this.quorum(s.id),
        this.materialsRepo.materials(s.id),
        this.bodyRef(s.bodyId),
        this.recordingsRepo.recordings(s.id),
        this.speakersRepo.speakers(s.id),
        this.sittingsRepo.takings(s.id),
        this.changes.list(s.id),
      ]);
    const names = await this.directory.names([...conflicts.map((c) => c.userId), ...attendance.map((a) => a.userId)]);
    const name = (id: string) => names.get(id) ?? unknownMember(id);
    const itemViews: AgendaItemView[] = items.map((i) => ({
      id: i.id,
      position: i.position,
      title: i.title,
      rapporteur: i.rapporteur,
      legalBasis: i.legalBasis,
      draftDecision: i.draftDecision,
      subject: i.subject,
      voteMode: i.voteMode,
      majority: i.majority,
      conflicts: conflicts
        .filter((c) => c.itemId === i.id)
        .map((c) => ({ itemId: c.itemId, member: name(c.userId), reason: c.reason, declaredAt: iso(c.declaredAt)! })),
      materials: materials.filter((m) => m.itemId === i.id).map((m) => this.material(m)),
      takenUpAt: takenUpAt(takings, i.id),
      state: i.state,
      proposedBy: i.proposedBy,
      changes: agendaChanges(i, votes),
      ...closedDoorOf(i),
    }));
    const attendanceViews: AttendanceView[] = attendance
      .map((a) => ({
        member: name(a.userId),
        present: a.present,
        checkedInAt: iso(a.checkedInAt),
        checkedOutAt: iso(a.checkedOutAt),
      }))
      .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName, 'bg'));
    const voteViews: VoteView[] = [];
    for (const v of votes) voteViews.push(await this.vote(v, viewerId));
    // Election rounds (elections-views.ts): only when the sitting held any.
    const elections = await this.elections.ofSitting(s.id, viewerId);
    return {
      ...this.summary(s, body),
      description: s.description,
      meetingId: s.meetingId,
      spaceId: s.spaceId,
      openedAt: iso(s.openedAt),
      closedAt: iso(s.closedAt),
      agendaAdoptedAt: iso(s.agendaAdoptedAt),
      agendaVoteId: s.agendaVoteId,
      items: itemViews,
      attendance: attendanceViews,
      quorum: q,
      votes: voteViews,
      minutesPublishedAt: iso(s.minutesPublishedAt),
      form: await sittingFormView(this.db.manager, this.directory, s.id, opts.inner ?? viewerId !== undefined),
      body,
      video: { configured: this.video.available, live: this.video.available && isLive(s) },
      recordings: recordings.map((r) => this.recording(r)),
      // Who asked for and had the floor is part of the public record (as in the minutes).
      speakers: await this.speakers(speakers),
      changes: changes.map(changeView),
      ...(elections.length ? { elections } : {}),
    };
  }

  material(m: AgendaMaterial): MaterialView {
    return {
      id: m.id,
      itemId: m.itemId,
      filename: m.filename,
      contentType: m.contentType as MaterialContentType,
      size: m.size,
      sha256: m.sha256,
      uploadedAt: iso(m.uploadedAt)!,
    };
  }

  async vote(v: Vote, viewerId?: string, em?: EntityManager): Promise<VoteView> {
    const secret = v.mode === 'secret';
    const [ballotsCast, counts] = await Promise.all([
      this.votesRepo.ballotsCast(v, em),
      v.result ? Promise.resolve(v.result.counts) : this.votesRepo.counts(v, em),
    ]);
    let roll: VoteView['roll'] = null;
    if (v.mode === 'roll_call') {
      const ballots = await this.votesRepo.ballots(v.id, em);
      const names = await this.directory.names(
        ballots.map((b) => b.userId),
        em,
      );
      roll = ballots
        .map((b) => ({
          member: names.get(b.userId) ?? unknownMember(b.userId),
          choice: b.choice,
          recordedBy: b.recordedBy === b.userId ? ('member' as const) : ('clerk' as const),
        }))
        .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName, 'bg'));
    }
    const proposer = v.proposerId
      ? ((await this.directory.names([v.proposerId], em)).get(v.proposerId) ?? unknownMember(v.proposerId))
      : null;
    const view: VoteView = {
      id: v.id,
      sessionId: v.sessionId,
      itemId: v.itemId,
      kind: v.kind,
      label: v.label,
      text: v.text,
      motion: v.motion,
      change: v.change,
      proposer,
      mode: v.mode,
      majority: v.majority,
      status: v.status,
      openedAt: iso(v.openedAt)!,
      closedAt: iso(v.closedAt),
      ballotsCast,
      counts: secret && v.status === 'open' ? null : counts,
      atOpen: v.atOpen,
      // Only a closed vote has an entry in the register (an open one is viewed at every ballot).
      decision:
        v.status === 'closed'
          ? await this.decisionsRepo
              .decisionOfVote(v.id, em)
              .then((d) => (d ? { id: d.id, number: d.number, outcome: d.outcome } : null))
          : null,
      result: v.result,
      roll,
    };
    if (viewerId) {
      if (secret) {
        view.mine = { voted: await this.votesRepo.hasSecretVoter(v.id, viewerId, em), choice: null };
      } else {
        const b = await this.votesRepo.ballotOf(v.id, viewerId, em);
        view.mine = { voted: !!b, choice: b?.choice ?? null };
      }
    }
    return view;
  }

  async speakers(rows: SpeakerRequest[]): Promise<SpeakerView[]> {
    const names = await this.directory.names(rows.map((r) => r.userId));
    const now = Date.now();
    let place = 0;
    return rows.map((r) => {
      const granted = r.grantedAt ? new Date(r.grantedAt).getTime() : null;
      const finished = r.finishedAt ? new Date(r.finishedAt).getTime() : null;
      return {
        id: r.id,
        sessionId: r.sessionId,
        itemId: r.itemId,
        member: names.get(r.userId) ?? unknownMember(r.userId),
        kind: r.kind,
        status: r.status,
        requestedAt: iso(r.requestedAt)!,
        grantedAt: iso(r.grantedAt),
        finishedAt: iso(r.finishedAt),
        seconds: granted === null ? null : Math.max(0, Math.round(((finished ?? now) - granted) / 1000)),
        queuePosition: r.status === 'requested' ? ++place : null,
        limitSeconds: r.limitSeconds ?? null,
        answersId: r.answersId ?? null,
        timeUpAt: iso(r.timeUpAt ?? null),
      };
    });
  }
}

/** A body's speaking time per kind of turn, seconds. */
export function speakingLimits(
  b: Pick<CouncilBody, 'speechSeconds' | 'replySeconds' | 'counterReplySeconds' | 'proceduralSeconds'>,
): SpeakingLimits {
  return {
    speech: b.speechSeconds,
    reply: b.replySeconds,
    counter_reply: b.counterReplySeconds,
    procedural: b.proceduralSeconds,
  };
}

/** When the item was taken up, from the sitting's stored takings (ISO, in their order). */
export function takenUpAt(takings: AgendaItemTaken[], itemId: string): string[] {
  return takings.filter((t) => t.itemId === itemId).map((t) => iso(t.takenAt)!);
}

/** An announced change to a published sitting, as it was announced (never recomputed). */
export function changeView(c: SittingChange): SittingChangeView {
  const d = c.details as Pick<SittingChangeView, 'before' | 'after' | 'item'>;
  return {
    at: new Date(c.at).toISOString(),
    kind: c.kind,
    reason: c.reason,
    ...(d.before ? { before: d.before } : {}),
    ...(d.after ? { after: d.after } : {}),
    ...(d.item ? { item: d.item } : {}),
  };
}

/**
 * How the agenda changed at the sitting for an item, from the votes' stored results (never
 * recomputed): proposed, then added or not, withdrawn, postponed — each with its vote.
 */
export function agendaChanges(
  i: Pick<AgendaItem, 'id' | 'proposedAt'>,
  votes: Pick<Vote, 'id' | 'itemId' | 'kind' | 'change' | 'motion' | 'status' | 'closedAt' | 'result'>[],
): AgendaItemChangeView[] {
  const out: AgendaItemChangeView[] = [];
  if (i.proposedAt) out.push({ change: 'proposed', at: iso(i.proposedAt)!, voteId: null, outcome: null, counts: null });
  for (const v of votes) {
    if (v.itemId !== i.id || v.status !== 'closed' || !v.result) continue;
    const change =
      v.kind === 'agenda_change' ? v.change : v.kind === 'procedural' && v.motion === 'postpone' ? 'postponed' : null;
    if (!change) continue;
    out.push({ change, at: iso(v.closedAt)!, voteId: v.id, outcome: v.result.outcome, counts: v.result.counts });
  }
  return out;
}
