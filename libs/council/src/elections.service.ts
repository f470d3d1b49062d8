import { newBallotKey, voterKey } from './ballot-secrecy.js';
import { Injectable, Logger } from '@nestjs/common';
import type {
  ElectionBallotRequest,
  ElectionResult,
  ElectionView,
  OpenElectionRequest,
  PaperTotalsRequest,
} from '@egov-box/contracts';
import { DirectoryReader } from '@egov-box/directory';
import { AccessService, AppError, EventBus, type AuthUser, defineErrors } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';
import { maySeeSitting } from './council-access.js';
import { closedScope, publicAbout } from './closed-door.js';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { DecisionsRepository } from './decisions.repository.js';
import { AttendanceRepository } from './attendance.repository.js';
import { ConflictsRepository } from './conflicts.repository.js';
import { VotesRepository } from './votes.repository.js';
import { electionResult } from './election-rules.js';
import { ElectionsRepository } from './elections.repository.js';
import { ElectionViews } from './elections-views.js';
import type { CouncilSession, Election, ElectionCommission } from './entities/index.js';
import { quorum } from './rules.js';
import { RemoteSittings } from './remote-sittings.service.js';
import { SittingSteps } from './sitting-steps.js';

/** Error codes of elections (beside the council's). */
export const ElectionErrors = defineErrors({
  /** A candidate who is not a member of the body's mandate. */
  candidateNotMember: { code: 'candidate_not_member', status: 400 },
  /** A ballot, or a paper total, for someone who is not a candidate of the round. */
  notACandidate: { code: 'not_a_candidate', status: 400 },
  /** An election round is open: votes and other rounds wait. */
  electionOpen: { code: 'election_open', status: 409 },
  /** The round is closed (a stale round: a second one may be open). */
  electionClosed: { code: 'election_closed', status: 409 },
  /** A second round only after a first round that ended "second round", once. */
  noSecondRound: { code: 'no_second_round', status: 409 },
  /** A paper round takes no electronic ballots and is closed by the commission's totals; an electronic one takes no totals. */
  wrongMode: { code: 'wrong_mode', status: 409 },
  /** The commission is the clerk and two members present. */
  invalidCommission: { code: 'invalid_commission', status: 400 },
  /** More ballots counted than members present who may vote (a declared conflict takes none). */
  totalsExceedPresent: { code: 'totals_exceed_present', status: 400 },
});

type Event = 'council.election.opened' | 'council.election.updated' | 'council.election.closed';

/**
 * Elections at a sitting: a secret vote with candidates (ЗМСМА чл. 24 for the council's
 * chair). Kept secret exactly as the secret votes are: who voted in one table, the choices in
 * another, linked while the round is open only by an HMAC under the round's own key, which is
 * destroyed at close when the ballots are written anew in random order. One election round or
 * vote open per sitting at a time (both are checked under the sitting's lock). Every step
 * raises the sitting's version and its live event goes out after the commit: while open only
 * how many voted, the totals after the close.
 */
@Injectable()
export class ElectionsService {
  private readonly logger = new Logger('Council');

  constructor(
    private readonly repo: ElectionsRepository,
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly decisionsRepo: DecisionsRepository,
    private readonly attendanceRepo: AttendanceRepository,
    private readonly conflictsRepo: ConflictsRepository,
    private readonly votesRepo: VotesRepository,
    private readonly steps: SittingSteps,
    private readonly directory: DirectoryReader,
    private readonly bus: EventBus,
    private readonly remote: RemoteSittings,
    private readonly views: ElectionViews,
    private readonly access: AccessService,
  ) {}

  async get(actor: AuthUser, id: string): Promise<ElectionView> {
    await this.access.requireAccess(actor, 'council.election.read', id);
    return this.view((await this.repo.election(id))!, actor.id);
  }

  private view(e: Election, viewerId?: string): Promise<ElectionView> {
    return this.views.view(e, viewerId);
  }

  /** The chair opens the first round on the current item with its candidates. */
  async open(actor: AuthUser, sittingId: string, input: OpenElectionRequest): Promise<ElectionView> {
    await this.access.requireAccess(actor, 'council.election.open', sittingId);
    const { version, result: id } = await this.steps.change(sittingId, async (s, em) => {
      await this.openable(s, input.itemId, em);
      // In a remote sitting nobody is in the hall to cast a paper ballot: the portal's secret ballot only.
      if (input.mode === 'paper' && (await this.remote.isRemote(s.id, em)))
        throw ElectionErrors.wrongMode('A remote sitting votes in the portal, not on paper');
      const mandateMembers = new Set(await this.bodiesRepo.memberIds(s.bodyId, em, s.mandateId));
      const strangers = input.candidateIds.filter((c) => !mandateMembers.has(c));
      if (strangers.length)
        throw ElectionErrors.candidateNotMember('Candidates are members of the body', {
          candidateIds: strangers,
        });
      const id = await this.insertRound(actor, s, em, {
        itemId: input.itemId,
        office: input.office,
        round: 1,
        firstRoundId: null,
        mode: input.mode,
        candidateIds: input.candidateIds,
      });
      return {
        result: id,
        audit: [this.line(actor, 'council.election.opened', id, { sessionId: sittingId, ...input })],
      };
    });
    return this.announce('council.election.opened', id, version, actor.id);
  }

  /**
   * The chair opens the second round of a first round that ended "second round": between the
   * candidates its result named ({@link electionResult}), on the same item, in the same mode.
   */
  async secondRound(actor: AuthUser, firstId: string): Promise<ElectionView> {
    await this.access.requireAccess(actor, 'council.election.chair', firstId);
    const first = (await this.repo.election(firstId))!;
    const { version, result: id } = await this.steps.change(first.sessionId, async (s, em) => {
      const e = (await this.repo.election(firstId, em))!;
      if (e.status !== 'closed' || e.result?.outcome !== 'second_round' || (await this.repo.nextRound(e.id, em)))
        throw ElectionErrors.noSecondRound('A second round follows a first round that elected nobody, once', {
          outcome: e.result?.outcome ?? null,
        });
      await this.openable(s, e.itemId, em);
      const id = await this.insertRound(actor, s, em, {
        itemId: e.itemId,
        office: e.office,
        round: 2,
        firstRoundId: e.id,
        mode: e.mode,
        candidateIds: e.result.runoff,
      });
      return {
        result: id,
        audit: [this.line(actor, 'council.election.opened', id, { sessionId: s.id, round: 2, firstRoundId: e.id })],
      };
    });
    return this.announce('council.election.opened', id, version, actor.id);
  }

  /** A present member's secret ballot: one candidate or none. The last one counts. */
  async ballot(actor: AuthUser, id: string, input: ElectionBallotRequest): Promise<ElectionView> {
    await this.access.requireAccess(actor, 'council.election.vote', id);
    const e = (await this.repo.election(id))!;
    const { version } = await this.steps.change(e.sessionId, async (s, em) => {
      const round = (await this.repo.election(id, em))!;
      if (round.status !== 'open') throw ElectionErrors.electionClosed('This round is closed', { round: round.round });
      if (s.status !== 'open') throw CouncilErrors.sessionNotOpen('The session is not open');
      const key = await this.repo.secretKey(id, em);
      if (round.mode !== 'electronic' || !key)
        throw ElectionErrors.wrongMode('This round is voted on paper in the hall');
      if (!(await this.bodiesRepo.isMember(s.bodyId, actor.id, em, s.mandateId)))
        throw CouncilErrors.notAMember('Only members of the body vote');
      if (!(await this.attendanceRepo.attendanceOf(s.id, actor.id, em))?.present)
        throw CouncilErrors.notPresent('Register the attendance first');
      // A remote sitting (ЗМСМА чл. 28а): secret votes are cast in the portal, by identified members only.
      await this.remote.requireIdentified(s.id, actor.id, em);
      await this.steps.requireNoConflict(round.itemId, actor.id, em);
      if (input.candidateId !== null && !(await this.repo.candidates(id, em)).includes(input.candidateId))
        throw ElectionErrors.notACandidate('Not a candidate of this round', {
          candidateId: input.candidateId,
        });
      await this.repo.cast(id, actor.id, voterKey(key, actor.id), input.candidateId, em);
      // Never the choice: the audit log must not reveal how anyone voted in secret.
      return { result: null, audit: [this.line(actor, 'council.election.ballot_cast', id, { sessionId: s.id })] };
    });
    const view = await this.announce('council.election.updated', id, version);
    // Read back to the member who cast it, in the answer to their own request only.
    return { ...view, mine: { voted: true, candidateId: input.candidateId } };
  }

  /** The chair closes an electronic round: counted now, sealed, the snapshot stored. */
  async close(actor: AuthUser, id: string): Promise<ElectionView> {
    await this.access.requireAccess(actor, 'council.election.chair', id);
    const e = (await this.repo.election(id))!;
    const { version } = await this.steps.change(e.sessionId, async (s, em) => {
      const round = (await this.repo.election(id, em))!;
      if (round.status !== 'open') throw ElectionErrors.electionClosed('This round is already closed');
      if (round.mode !== 'electronic')
        throw ElectionErrors.wrongMode('A paper round closes with the commission’s totals');
      const [candidates, counts, presentIds, seats] = await Promise.all([
        this.repo.candidates(id, em),
        this.repo.counts(id, em),
        this.attendanceRepo.presentMemberIds(s.id, em),
        this.bodiesRepo.seatsOf(s, em),
      ]);
      // The quorum is counted again now (ЗМСМА чл. 27, ал. 2); a member who left lost their ballot.
      const result = electionResult({
        round: round.round,
        seats,
        present: presentIds.length,
        votes: candidates.map((c) => ({ candidateId: c, votes: counts.get(c) ?? 0 })),
        blank: counts.get(null) ?? 0,
        invalid: 0,
      });
      await this.repo.seal(id, em);
      await this.repo.close(id, result, null, em);
      const decision = await this.register(s, round, result, em);
      return {
        result: null,
        audit: [this.line(actor, 'council.election.closed', id, { sessionId: s.id, result, decision })],
      };
    });
    return this.announce('council.election.closed', id, version, actor.id);
  }

  /**
   * The counting commission's totals of a paper round, entered by the clerk in one request —
   * never ballot by ballot. The commission is the clerk and two members present, recorded by
   * name; the ballots counted cannot exceed the members present. It closes the round.
   */
  async paper(actor: AuthUser, id: string, input: PaperTotalsRequest): Promise<ElectionView> {
    await this.access.requireAccess(actor, 'council.election.paper', id);
    const e = (await this.repo.election(id))!;
    const { version } = await this.steps.change(e.sessionId, async (s, em) => {
      const round = (await this.repo.election(id, em))!;
      if (round.status !== 'open') throw ElectionErrors.electionClosed('This round is already closed');
      if (round.mode !== 'paper') throw ElectionErrors.wrongMode('An electronic round is counted by the portal');
      const candidates = await this.repo.candidates(id, em);
      const named = input.totals.map((t) => t.candidateId);
      const unknown = named.filter((c) => !candidates.includes(c));
      const missing = candidates.filter((c) => !named.includes(c));
      if (unknown.length || missing.length)
        throw ElectionErrors.notACandidate('One total for each candidate of the round', {
          unknown,
          missing,
        });
      const [presentIds, seats, conflicted] = await Promise.all([
        this.attendanceRepo.presentMemberIds(s.id, em),
        this.bodiesRepo.seatsOf(s, em),
        this.conflictsRepo.conflictedOn(round.itemId, em),
      ]);
      const commission = await this.commission(input.commission, presentIds, em);
      const counted = input.totals.reduce((n, t) => n + t.votes, 0) + input.blank + input.invalid;
      // A member who declared a conflict of interest on the item takes no ballot (Закон за
      // противодействие на корупцията; as in the electronic round, `requireNoConflict`): the
      // commission cannot have counted more ballots than the present members who may vote.
      const mayVote = presentIds.filter((m) => !conflicted.has(m)).length;
      if (counted > mayVote)
        throw ElectionErrors.totalsExceedPresent('More ballots than members present who may vote', {
          counted,
          present: presentIds.length,
          conflicted: presentIds.length - mayVote,
        });
      const result = electionResult({
        round: round.round,
        seats,
        present: presentIds.length,
        votes: candidates.map((c) => ({ candidateId: c, votes: input.totals.find((t) => t.candidateId === c)!.votes })),
        blank: input.blank,
        invalid: input.invalid,
      });
      await this.repo.close(id, result, commission, em);
      const decision = await this.register(s, round, result, em);
      return {
        result: null,
        audit: [
          this.line(actor, 'council.election.paper_totals', id, {
            sessionId: s.id,
            result,
            decision,
            commission: { clerkId: commission.clerk.id, memberIds: commission.members.map((m) => m.id) },
          }),
        ],
      };
    });
    return this.announce('council.election.closed', id, version, actor.id);
  }

  /**
   * Takes a leaving member's ballot out of the sitting's open round (inside the attendance
   * change's transaction): only members present when a round closes take part in it.
   */
  async dropBallots(sittingId: string, userId: string, em: EntityManager): Promise<string[]> {
    const touched: string[] = [];
    for (const round of await this.repo.openRounds(sittingId, em)) {
      const key = await this.repo.secretKey(round.id, em);
      if (key && (await this.repo.drop(round.id, userId, voterKey(key, userId), em))) touched.push(round.id);
    }
    return touched;
  }

  // --- helpers --------------------------------------------------------------------------

  /**
   * A round of the council that elected someone is a decision: it takes the next number of the
   * register in the sitting's mandate (DecisionsRepository.insertDecision, as an adopted vote),
   * with the round's result kept beside the register's usual fields — `counts.for` the elected's
   * votes, `against` every other ballot counted (other candidates, blank, invalid). A committee
   * keeps no register; a round that elected nobody decided nothing to number.
   */
  private async register(
    s: CouncilSession,
    round: Election,
    result: ElectionResult,
    em: EntityManager,
  ): Promise<{ id: string; number: number | null } | null> {
    if (result.outcome !== 'elected' || !result.electedId) return null;
    const body = await this.bodiesRepo.body(s.bodyId, em);
    if (body?.kind !== 'council') return null;
    const item = (await this.sittingsRepo.item(s.id, round.itemId, em))!;
    const elected = (await this.directory.names([result.electedId], em)).get(result.electedId);
    const votes = result.votes.find((v) => v.candidateId === result.electedId)!.votes;
    const d = await this.decisionsRepo.insertDecision(
      {
        bodyId: body.id,
        mandateId: s.mandateId,
        voteId: null,
        electionId: round.id,
        sessionId: s.id,
        itemId: item.id,
        outcome: 'adopted',
        title: item.title,
        text: `Избира ${elected?.displayName ?? ''} за ${round.office} (${round.round === 1 ? 'първи' : 'втори'} тур, ${votes} от ${result.seats} гласа, необходими ${result.required}).`,
        protocolNumber: s.number,
        decidedAt: new Date(),
        result: {
          seats: result.seats,
          present: result.present,
          entitled: result.present,
          quorumRequired: result.quorumRequired,
          quorumReached: result.quorumReached,
          required: result.required,
          counts: { for: votes, against: result.voters - votes, abstain: 0 },
          outcome: 'adopted',
          passed: true,
          members: result.seats,
          majority: 'all',
          voteMode: 'secret',
          election: result,
        },
      },
      em,
    );
    return { id: d.id, number: d.number };
  }

  /** What opening a round needs: an open sitting, the current item, no open vote or round, a quorum. */
  private async openable(s: CouncilSession, itemId: string, em: EntityManager): Promise<void> {
    if (s.status !== 'open') throw CouncilErrors.sessionNotOpen('The session is not open');
    const item = await this.sittingsRepo.item(s.id, itemId, em);
    if (!item) throw AppError.notFound('Agenda item');
    await this.steps.requireAgendaAdopted(s, 'election', em);
    if (s.currentItemId !== itemId)
      throw CouncilErrors.notCurrentItem('Elections are held on the current item only', {
        currentItemId: s.currentItemId,
      });
    // A decision taken on the item stands (an elected chair, an adopted draft): a new one is a new item.
    if (await this.decisionsRepo.itemAdopted(itemId, em))
      throw CouncilErrors.alreadyDecided('A decision on this item was adopted');
    if ((await this.votesRepo.openVotes(s.id, em)).length) throw CouncilErrors.voteOpen('A vote is open');
    if ((await this.repo.openRounds(s.id, em)).length) throw ElectionErrors.electionOpen('An election round is open');
    const q = quorum(
      await this.bodiesRepo.seatsOf(s, em),
      (await this.attendanceRepo.presentMemberIds(s.id, em)).length,
    );
    if (!q.reached) throw CouncilErrors.noQuorum('There is no quorum', { quorum: q });
  }

  private insertRound(
    actor: AuthUser,
    s: CouncilSession,
    em: EntityManager,
    r: Pick<Election, 'itemId' | 'office' | 'round' | 'firstRoundId' | 'mode'> & { candidateIds: string[] },
  ): Promise<string> {
    const { candidateIds, ...row } = r;
    return this.repo.insert(
      {
        ...row,
        sessionId: s.id,
        openedBy: actor.id,
        // The round's HMAC key: lives only while it is open (a paper round casts nothing here).
        secretKey: r.mode === 'electronic' ? newBallotKey() : null,
      },
      candidateIds,
      em,
    );
  }

  /** The commission: the clerk (an account with the clerk role) and two members present, by name. */
  private async commission(
    input: PaperTotalsRequest['commission'],
    presentIds: string[],
    em: EntityManager,
  ): Promise<ElectionCommission> {
    const clerk = await this.directory.enabledUser(input.clerkId, em);
    const absent = input.memberIds.filter((m) => !presentIds.includes(m));
    if (!clerk?.roles.includes('clerk') || absent.length)
      throw ElectionErrors.invalidCommission('The commission is the clerk and two members present', {
        clerk: clerk?.roles.includes('clerk') ?? false,
        notPresent: absent,
      });
    const names = await this.directory.names(input.memberIds, em);
    return {
      clerk: { id: clerk.id, displayName: clerk.displayName },
      members: input.memberIds.map((m) => ({ id: m, displayName: names.get(m)?.displayName ?? '' })),
    };
  }

  private line(actor: AuthUser, action: string, id: string, details: Record<string, unknown>) {
    return { actorId: actor.id, action, targetType: 'council_election', targetId: id, details };
  }

  /** The public picture to the sitting's watchers; the caller's own view back. */
  private async announce(event: Event, id: string, version: number, viewerId?: string): Promise<ElectionView> {
    const e = (await this.repo.election(id))!;
    const view = await this.view(e);
    try {
      const s = await this.sittingsRepo.sitting(e.sessionId);
      // A new round waits for the members present, wherever they are in the portal.
      const users = event === 'council.election.opened' ? await this.attendanceRepo.presentMemberIds(e.sessionId) : [];
      this.bus.publish(
        event,
        { sessionId: e.sessionId, version, election: view },
        { councilSessions: [e.sessionId], users },
        // Not for a closed-door sitting's or item's rounds (ЗМСМА чл. 28, closed-door.ts).
        {
          public:
            s !== null &&
            maySeeSitting(null, s) &&
            publicAbout(await closedScope(this.sittingsRepo, e.sessionId), e.itemId),
        },
      );
    } catch (err) {
      this.logger.error({ err }, 'election event not sent');
    }
    return viewerId ? this.view(e, viewerId) : view;
  }
}
