import { Injectable } from '@nestjs/common';
import { type DecisionDispatch, type DecisionView, type DispatchDecisionRequest } from '@egov-box/contracts';
import { AccessService, AppError, AuditService, type AuthUser } from '@egov-box/platform';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { DecisionsRepository } from './decisions.repository.js';
import { DATASETS, datasetCsv, decisionRow } from './open-data.js';
import { decisionDeadline } from './rules.js';
import { publicDecision } from './closed-door.js';
import { ProcedureService } from './procedure.service.js';
import type { Decision } from './entities/index.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const DISPATCH_COLUMN = {
  mayor: 'sentToMayorAt',
  governor: 'sentToGovernorAt',
  public: 'publishedAt',
} as const satisfies Record<DecisionDispatch, keyof Decision>;

/**
 * The council's register of decisions: each closed vote of the council on an agenda item,
 * as decided. Adopted decisions are numbered ("Решение № N") when their vote closes
 * (CouncilVotes.closeVote); the clerk records when each was sent to the mayor and the
 * regional governor and made public, within 7 days (ЗМСМА чл. 22).
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly decisionsRepo: DecisionsRepository,
    private readonly audit: AuditService,
    private readonly procedure: ProcedureService,
    private readonly access: AccessService,
  ) {}

  /** The register of the council (drafts are never in it: decisions exist only for votes taken). */
  async list(actor: AuthUser): Promise<DecisionView[]> {
    await this.access.requireAccess(actor, 'council.decision.read');
    return this.register();
  }

  private async register(): Promise<DecisionView[]> {
    const council = await this.bodiesRepo.councilBody();
    return this.withProcedure((await this.decisionsRepo.decisions(council.id)).map((d) => this.view(d)));
  }

  /**
   * Entries of the register with what was voted on their item before them: each amendment and
   * procedural motion, labelled (issue 15, part 2). Every place that shows an entry — the
   * register, the public register, a decision's page, open data — lists them.
   */
  async withProcedure<D extends DecisionView>(entries: D[]): Promise<D[]> {
    const procedure = await this.procedure.onItems(entries.map((d) => d.itemId));
    return entries.map((d) => ({
      ...d,
      procedure: (procedure.get(d.itemId) ?? []).filter((v) => v.closedAt !== null && v.closedAt <= d.decidedAt),
    }));
  }

  /**
   * The register as the public reads it (the public register's list and open data): of a
   * closed-door item, the adopted decision's text but not what was debated ({@link publicDecision}).
   * Public: no access rule.
   */
  async publicList(): Promise<DecisionView[]> {
    return this.forPublic(await this.register());
  }

  /** Entries of the register as the public reads them (closed-door items: closed-door.ts). */
  async forPublic<D extends DecisionView>(rows: D[]): Promise<D[]> {
    const closed = await this.sittingsRepo.closedDoorItemIds(rows.map((d) => d.itemId));
    return rows.map((d) => publicDecision(d, closed));
  }

  async dispatch(actor: AuthUser, id: string, input: DispatchDecisionRequest): Promise<DecisionView> {
    await this.access.requireAccess(actor, 'council.decision.dispatch', id);
    const column = DISPATCH_COLUMN[input.to];
    const d = await this.sittingsRepo.transaction(async (em) => {
      const d = await this.decisionsRepo.lockDecision(id, em);
      if (!d) throw AppError.notFound('Decision');
      if (d.outcome !== 'adopted') throw CouncilErrors.notAdopted('Only an adopted decision is sent and made public');
      if (d[column]) throw CouncilErrors.alreadyRecorded('Already recorded', { at: iso(d[column]) });
      const at = new Date();
      await this.decisionsRepo.updateDecision(id, { [column]: at }, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.decision.dispatched',
          targetType: 'council_decision',
          targetId: id,
          details: { to: input.to, number: d.number, late: at.getTime() > this.deadline(d)!.getTime() },
        },
        em,
      );
      return (await this.decisionsRepo.decision(id, em))!;
    });
    return this.view(d);
  }

  /** The register as CSV: the columns of its open-data dataset (`open-data.ts`). */
  csv(rows: DecisionView[]): string {
    return datasetCsv(DATASETS.decisions, rows.map(decisionRow));
  }

  private deadline(d: Decision): Date | null {
    return d.outcome === 'adopted' ? decisionDeadline(new Date(d.decidedAt)) : null;
  }

  view(d: Decision): DecisionView {
    const r = d.result;
    return {
      id: d.id,
      number: d.number,
      mandate: d.mandate?.name ?? '',
      outcome: d.outcome,
      title: d.title,
      text: d.text,
      sessionId: d.sessionId,
      itemId: d.itemId,
      voteId: d.voteId,
      electionId: d.electionId,
      election: r.election ?? null,
      protocolNumber: d.protocolNumber,
      decidedAt: iso(d.decidedAt)!,
      counts: r.counts,
      majority: r.majority,
      voteMode: r.voteMode,
      required: r.required,
      present: r.present,
      seats: r.seats,
      deadline: iso(this.deadline(d)),
      sentToMayorAt: iso(d.sentToMayorAt),
      sentToGovernorAt: iso(d.sentToGovernorAt),
      publishedAt: iso(d.publishedAt),
    };
  }
}
