import { DirectoryReader } from '@egov-box/directory';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type {
  CouncilSessionStatus,
  CouncilSessionSummary,
  CouncilSessionView,
  AgendaItemInput,
  CreateCouncilSessionRequest,
  UpdateCouncilSessionRequest,
} from '@egov-box/contracts';
import { recordingChapters } from '@egov-box/contracts';
import { AccessService, AppError, AuditService, type AuthUser, CommonErrors } from '@egov-box/platform';
import { MeetingsService } from '@egov-box/schedule';
import { ANYONE, seesDrafts, councilChairId } from './council-access.js';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { VotesRepository } from './votes.repository.js';
import { SpeakersRepository } from './speakers.repository.js';
import { RecordingsRepository } from './recordings.repository.js';
import { MandatesRepository } from './mandates.repository.js';
import { CouncilVideo } from './council-video.service.js';
import { publicSittingView, publicSummary } from './closed-door.js';
import { CouncilViews, takenUpAt } from './council-views.js';
import type { CouncilSession } from './entities/index.js';
import { requireLawfulAgenda } from './agenda-subject.js';
import { chaptersVtt } from './chapters-vtt.js';
import { SittingSteps } from './sitting-steps.js';
import { sofiaDay } from './rules.js';
import { electionOpen } from './elections.repository.js';
import { ElectionErrors } from './elections.service.js';
import { CouncilAttendance } from './council-attendance.service.js';

type Transition = 'publish' | 'open' | 'pause' | 'resume' | 'close';

/** An agenda item as the clerk wrote it, as its row: a draft's new agenda and its edits alike. */
const agendaRow = (item: AgendaItemInput) => ({
  title: item.title,
  rapporteur: item.rapporteur ?? null,
  legalBasis: item.legalBasis ?? null,
  draftDecision: item.draftDecision ?? null,
  subject: item.subject,
  voteMode: item.voteMode,
  majority: item.majority,
});

const TRANSITIONS: Record<Transition, { from: CouncilSessionStatus[]; to: CouncilSessionStatus }> = {
  publish: { from: ['draft'], to: 'published' },
  open: { from: ['published'], to: 'open' },
  pause: { from: ['open'], to: 'paused' },
  resume: { from: ['paused'], to: 'open' },
  close: { from: ['open', 'paused'], to: 'closed' },
};

/**
 * Council sittings: reading them (members and the public), the draft and its agenda, the
 * steps of the procedure (publish, open, pause, resume, close) and the item under debate.
 * Every change locks the sitting's row, checks the state, writes, raises the version and
 * records the audit line in one transaction; the live events go out after the commit.
 * Attendance, conflicts of interest and votes are services of their own
 * (council-attendance, council-conflicts, council-votes), as are speakers, elections, the
 * procedure's motions, minutes, materials and video.
 */
@Injectable()
export class CouncilService implements OnModuleInit {
  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly votesRepo: VotesRepository,
    private readonly speakersRepo: SpeakersRepository,
    private readonly recordingsRepo: RecordingsRepository,
    private readonly mandatesRepo: MandatesRepository,
    private readonly directory: DirectoryReader,
    private readonly views: CouncilViews,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
    private readonly video: CouncilVideo,
    private readonly steps: SittingSteps,
    private readonly access: AccessService,
    private readonly attendance: CouncilAttendance,
  ) {}

  onModuleInit(): void {
    // A session's meeting holds the room and fills the members' calendars; it moves, and
    // ends, only with the session (a draft through PATCH, never once published).
    for (const kind of ['council_session', 'committee_meeting'] as const)
      this.meetings.registerManagedKind(kind, () =>
        CouncilErrors.managedByCouncil(
          'A council or committee meeting changes only through its session (/api/council/sessions/:id)',
        ),
      );
  }

  // --- reading --------------------------------------------------------------------------

  async list(actor: AuthUser): Promise<CouncilSessionSummary[]> {
    await this.access.requireAccess(actor, 'council.sitting.read');
    const rows = await this.sittingsRepo.sittings({ includeDrafts: seesDrafts(actor) });
    return this.views.summaries(rows);
  }

  async get(actor: AuthUser, id: string): Promise<CouncilSessionView> {
    await this.access.requireAccess(actor, 'council.sitting.read', id);
    const s = (await this.sittingsRepo.sitting(id))!;
    return this.views.sitting(s, actor.id);
  }

  async publicList(): Promise<CouncilSessionSummary[]> {
    await this.access.requireAccess(ANYONE, 'council.sitting.read');
    return (await this.views.summaries(await this.sittingsRepo.sittings({ includeDrafts: seesDrafts(ANYONE) }))).map(
      publicSummary,
    );
  }

  async publicGet(id: string): Promise<CouncilSessionView> {
    await this.access.requireAccess(ANYONE, 'council.sitting.read', id);
    const s = (await this.sittingsRepo.sitting(id))!;
    // Where it meets, for citizens (the embeddable view's "next sitting"); not part of the minutes.
    const [view, place] = await Promise.all([this.views.sitting(s), this.directory.spaceName(s.spaceId)]);
    // A closed-door sitting or item: what stays public of it (ЗМСМА чл. 28, closed-door.ts).
    return { ...publicSittingView(view), place };
  }

  /**
   * The chapters of a published sitting's complete recording as WebVTT (404 for a draft, an
   * unknown recording, or one not complete): from the stored takings, never recomputed.
   */
  async publicChapters(id: string, recordingId: string): Promise<string> {
    await this.access.requireAccess(ANYONE, 'council.sitting.read', id);
    const r = (await this.recordingsRepo.recordings(id)).find((x) => x.id === recordingId);
    if (!r || r.status !== 'complete' || !r.endedAt) throw AppError.notFound('Recording');
    const [items, takings] = await Promise.all([this.sittingsRepo.items(id), this.sittingsRepo.takings(id)]);
    const taken = items.map((i) => ({ ...i, takenUpAt: takenUpAt(takings, i.id) }));
    const duration = (new Date(r.endedAt).getTime() - new Date(r.startedAt).getTime()) / 1000;
    return chaptersVtt(recordingChapters(this.views.recording(r), taken), duration);
  }

  /** Whether a socket may watch the session (`null` = anonymous, on `/public`). */
  async mayWatch(actor: AuthUser | null, id: string): Promise<boolean> {
    return (await this.access.allowed(actor ?? ANYONE, 'council.sitting.read', [id])).has(id);
  }

  /** The sitting's version as it is now (its next event carries a greater one); asked after {@link mayWatch}. */
  async versionOf(id: string): Promise<number> {
    return (await this.sittingsRepo.sitting(id))?.version ?? 0;
  }

  // --- sessions -------------------------------------------------------------------------

  async create(actor: AuthUser, input: CreateCouncilSessionRequest): Promise<CouncilSessionView> {
    await this.access.requireAccess(actor, 'council.sitting.prepare');
    requireLawfulAgenda(input.agenda);
    const body = input.bodyId ? await this.bodiesRepo.body(input.bodyId) : await this.bodiesRepo.councilBody();
    if (!body) throw CouncilErrors.unknownBody('There is no such council body');
    let spaceId: string | null;
    if (input.spaceId) {
      spaceId = (await this.directory.spaceOfKind(input.spaceId, ['chamber', 'hall']))?.id ?? null;
      if (!spaceId) throw CouncilErrors.invalidSpace('A session meets in the council chamber or a meeting hall');
    } else {
      spaceId = await this.directory.firstSpaceOfKind('chamber');
      if (!spaceId) throw CouncilErrors.noChamber('There is no council chamber');
    }
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    const id = await this.meetings.transaction(async (tx) => {
      const [meetingId] = await tx.create([
        {
          spaceId: spaceId,
          kind: body.kind === 'council' ? 'council_session' : 'committee_meeting',
          title: input.title,
          description: input.description ?? null,
          organizerId: actor.id,
          startsAt,
          endsAt,
          // The members are invited when the clerk publishes: a draft is nobody's business
          // yet, not even in their calendars (the meeting holds the room meanwhile).
          inviteeIds: [],
        },
      ]);
      // Numbered within the mandate in force on the day it starts (fixed from now on).
      const mandateId = await this.mandatesRepo.mandateIdOn(sofiaDay(startsAt), tx.em);
      const number = await this.sittingsRepo.nextNumber(body.id, mandateId, tx.em);
      const sittingId = await this.sittingsRepo.insertSitting(
        {
          number,
          mandateId,
          bodyId: body.id,
          title: input.title,
          description: input.description ?? null,
          meetingId: meetingId!,
          spaceId: spaceId,
          startsAt,
          endsAt,
          status: 'draft',
          createdBy: actor.id,
          extraordinary: input.extraordinary,
          extraordinaryReason: input.extraordinary ? (input.extraordinaryReason ?? null) : null,
        },
        input.agenda.map((item, i) => ({ position: i + 1, ...agendaRow(item) })),
        tx.em,
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.session.created',
          targetType: 'council_session',
          targetId: sittingId,
          details: {
            number,
            bodyId: body.id,
            title: input.title,
            items: input.agenda.length,
            meetingId,
            extraordinary: input.extraordinary,
          },
        },
        tx.em,
      );
      return sittingId;
    }, actor);
    return this.views.sitting((await this.sittingsRepo.sitting(id))!, actor.id);
  }

  /**
   * The clerk edits a draft: title, description, time (the meeting moves with it; a clash is
   * 409 `slot_taken`) and the agenda (add, remove, reorder). Once published: 409 `not_draft`.
   */
  async updateDraft(actor: AuthUser, id: string, input: UpdateCouncilSessionRequest): Promise<CouncilSessionView> {
    await this.access.requireAccess(actor, 'council.sitting.prepare', id);
    if (input.agenda) requireLawfulAgenda(input.agenda);
    const s = await this.meetings.transaction(async (tx) => {
      const s = await this.steps.lock(id, tx.em);
      if (s.status !== 'draft')
        throw CouncilErrors.notDraft('Only a draft is edited; publishing froze the agenda', {
          status: s.status,
        });
      const startsAt = input.startsAt ? new Date(input.startsAt) : new Date(s.startsAt);
      const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(s.endsAt);
      if (endsAt.getTime() <= startsAt.getTime())
        throw CommonErrors.validationFailed('endsAt must be after startsAt', {
          issues: [{ path: ['endsAt'], message: 'endsAt must be after startsAt' }],
        });
      const changes: Partial<CouncilSession> = {};
      if (input.title !== undefined) changes.title = input.title;
      if (input.description !== undefined) changes.description = input.description ?? null;
      if (input.startsAt !== undefined || input.endsAt !== undefined) Object.assign(changes, { startsAt, endsAt });
      if (Object.keys(changes).length)
        await tx.change(
          { id: s.meetingId, spaceId: s.spaceId },
          {
            title: changes.title,
            description: changes.description,
            startsAt: changes.startsAt,
            endsAt: changes.endsAt,
          },
        );
      if (input.agenda) {
        const known = new Set((await this.sittingsRepo.items(id, tx.em)).map((i) => i.id));
        const unknown = input.agenda.filter((i) => i.id && !known.has(i.id)).map((i) => i.id);
        if (unknown.length) throw CouncilErrors.unknownItem('Not an item of this session', { itemIds: unknown });
        await this.sittingsRepo.replaceAgenda(
          id,
          input.agenda.map((item) => ({ id: item.id, ...agendaRow(item) })),
          tx.em,
        );
      }
      if (input.extraordinary !== undefined) {
        changes.extraordinary = input.extraordinary;
        changes.extraordinaryReason = input.extraordinary ? (input.extraordinaryReason ?? null) : null;
      }
      await this.sittingsRepo.bump(id, changes, tx.em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.session.edited',
          targetType: 'council_session',
          targetId: id,
          details: { fields: Object.keys(input), items: input.agenda?.length ?? null },
        },
        tx.em,
      );
      return (await this.sittingsRepo.sitting(id, tx.em))!;
    }, actor);
    await this.sittingChanged(s, 'edited');
    return this.views.sitting(s, actor.id);
  }

  /** publish (clerk), open/pause/resume/close (chair). */
  async transition(actor: AuthUser, id: string, step: Transition): Promise<CouncilSessionView> {
    await this.access.requireAccess(
      actor,
      step === 'publish' ? 'council.sitting.publish' : 'council.sitting.chair',
      id,
    );
    const rule = TRANSITIONS[step];
    let finished: string[] = [];
    const s = await this.meetings.transaction(async (tx) => {
      const em = tx.em;
      const s = await this.steps.lock(id, em);
      if (!rule.from.includes(s.status))
        throw CouncilErrors.invalidTransition(`Cannot ${step} a session that is ${s.status}`, {
          status: s.status,
        });
      if ((step === 'pause' || step === 'close') && (await this.votesRepo.openVotes(id, em)).length)
        throw CouncilErrors.voteOpen('Close the open vote first');
      if ((step === 'pause' || step === 'close') && (await electionOpen(id, em)))
        throw ElectionErrors.electionOpen('Close the open election round first');
      const changes: Partial<CouncilSession> = { status: rule.to };
      if (step === 'publish') {
        const now = new Date();
        await this.steps.requireNotice(s, new Date(s.startsAt), now, em);
        changes.publishedAt = now;
        await tx.invite(s.meetingId, await this.invitees(s.bodyId, s.mandateId));
      }
      if (step === 'open') {
        changes.openedAt = new Date();
        if (!s.currentItemId) changes.currentItemId = (await this.sittingsRepo.items(id, em))[0]?.id ?? null;
        // The sitting opens on its first item: taken up now.
        if (changes.currentItemId) await this.sittingsRepo.takeUp(id, changes.currentItemId, em);
        // The base of the sitting's record, fixed now: the seats by law and who held them.
        const body = await this.bodiesRepo.body(s.bodyId, em);
        changes.seats = body!.seats;
        changes.roster = await this.bodiesRepo.members(s.bodyId, em, s.mandateId);
      }
      if (step === 'close') {
        changes.closedAt = new Date();
        finished = await this.speakersRepo.finishSpeaking(id, em);
        // The room is free once the sitting is over: its meeting ends at the closing (never
        // before it starts; shortening a booking cannot clash with another). The sitting keeps
        // its planned end; `closedAt` is the real one.
        const end = new Date(Math.max(changes.closedAt.getTime(), new Date(s.startsAt).getTime() + 60_000));
        if (end.getTime() < new Date(s.endsAt).getTime())
          await tx.change({ id: s.meetingId, spaceId: s.spaceId }, { endsAt: end });
      }
      await this.sittingsRepo.bump(id, changes, em);
      const q = await this.views.quorum(id, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: `council.session.${step}`,
          targetType: 'council_session',
          targetId: id,
          details: { from: s.status, to: rule.to, quorum: q },
        },
        em,
      );
      return (await this.sittingsRepo.sitting(id, em))!;
    }, actor);
    if (step === 'open' || step === 'resume') await this.video.startRecording(s);
    if (step === 'close') {
      await this.video.stopRecordings(s.id);
      await this.video.floor(s, null, finished);
    }
    await this.sittingChanged(s, step);
    if (step === 'resume' || step === 'open') void this.attendance.attendanceChanged(s.id, s.version, null, null);
    return this.views.sitting(s, actor.id);
  }

  async activateItem(actor: AuthUser, id: string, itemId: string): Promise<CouncilSessionView> {
    await this.access.requireAccess(actor, 'council.sitting.chair', id);
    const { result: finished } = await this.steps.change(id, async (s, em) => {
      if (s.status !== 'open' && s.status !== 'paused') throw CouncilErrors.sessionNotOpen('The session is not open');
      const item = await this.sittingsRepo.item(id, itemId, em);
      if (!item) throw AppError.notFound('Agenda item');
      // Only an item on the agenda is taken up (a proposal first needs its vote; issue 15).
      if (item.state === 'proposed' || item.state === 'rejected' || item.state === 'withdrawn')
        throw CouncilErrors.itemNotOnAgenda('The item is not on the agenda', { state: item.state });
      if ((await this.votesRepo.openVotes(id, em)).length) throw CouncilErrors.voteOpen('Close the open vote first');
      // Taken up now (again, if it was before); pressing the current item once more is no new taking.
      if (s.currentItemId !== itemId) await this.sittingsRepo.takeUp(id, itemId, em);
      return {
        result: await this.speakersRepo.finishSpeaking(id, em),
        sets: { currentItemId: itemId },
        audit: [
          {
            actorId: actor.id,
            action: 'council.item.activated',
            targetType: 'council_session',
            targetId: id,
            details: { itemId },
          },
        ],
      };
    });
    const s = (await this.sittingsRepo.sitting(id))!;
    await this.video.floor(s, null, finished);
    await this.video.followClosedDoor(s);
    await this.sittingChanged(s, 'item');
    return this.views.sitting(s, actor.id);
  }

  // --- helpers --------------------------------------------------------------------------

  /** The members of a body and its chair: who a published session's meeting invites. */
  private async invitees(bodyId: string, mandateId: string): Promise<string[]> {
    const body = await this.bodiesRepo.body(bodyId);
    const memberIds = await this.bodiesRepo.memberIds(bodyId, undefined, mandateId);
    const chairId = body?.kind === 'council' ? await councilChairId(this.directory) : (body?.chairId ?? null);
    return chairId ? [...memberIds, chairId] : memberIds;
  }

  /** Tells the sitting's watchers it changed (`council.session.updated`, the version bumped). */
  async announce(sittingId: string, change: string): Promise<void> {
    const s = await this.sittingsRepo.sitting(sittingId);
    if (s) await this.sittingChanged(s, change);
  }

  private sittingChanged(s: CouncilSession, change: string): Promise<void> {
    return this.steps.sittingChanged(s, change);
  }
}
