import { Injectable } from '@nestjs/common';
import {
  defaultVoteLabel,
  type AgendaChange,
  type Majority,
  type OpenVoteInput,
  type ProceduralMotion,
  type ProposeItemInput,
  type ProcedureVoteRef,
  type VoteKind,
  type VoteMode,
  type VoteResult,
} from '@egov-box/contracts';
import { AccessService, AppError, AuditService, type AuthUser } from '@egov-box/platform';
import { DirectoryReader } from '@egov-box/directory';
import { In, type EntityManager } from 'typeorm';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { DecisionsRepository } from './decisions.repository.js';
import { AgendaItem, SpeakerRequest, Vote, type CouncilSession } from './entities/index.js';
import { SittingChanges } from './sitting-changes.service.js';
import { SittingSteps } from './sitting-steps.js';

/** What a vote is about, settled before it opens. */
export interface VotePlan {
  kind: VoteKind;
  itemId: string | null;
  item: AgendaItem | null;
  label: string | null;
  text: string | null;
  motion: ProceduralMotion | null;
  change: AgendaChange | null;
  proposerId: string | null;
  mode: VoteMode;
  majority: Majority;
}

/** The agenda places an item at: 1-based, into the scheduled items (proposed ones wait at the end). */
export function agendaPlace(requested: number | null, scheduled: number): number {
  if (requested === null || requested > scheduled + 1) return scheduled + 1;
  return Math.max(1, requested);
}

/**
 * The procedure at a sitting (issue 15, parts 1 and 2): the agenda adopted and changed by votes,
 * amendments and procedural motions. The rulebooks of Bulgarian councils (правилник за
 * организацията и дейността на общинския съвет, adopted under ЗМСМА чл. 21, ал. 3) have the
 * sitting adopt its agenda by its first vote, let the chair or a member propose to add an
 * urgent item or withdraw one, vote amendments (предложения за изменение) before the draft as
 * amended, and procedural motions (процедурни предложения) ahead of the rest; every such vote
 * passes by a majority of those present (ЗМСМА чл. 27, ал. 3) unless the rules say otherwise.
 */
@Injectable()
export class ProcedureService {
  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly decisionsRepo: DecisionsRepository,
    private readonly audit: AuditService,
    private readonly steps: SittingSteps,
    private readonly directory: DirectoryReader,
    private readonly changes: SittingChanges,
    private readonly access: AccessService,
  ) {}

  /** The closed amendment and procedural votes on these items, in order, labelled (the register's view). */
  async onItems(itemIds: string[]): Promise<Map<string, ProcedureVoteRef[]>> {
    const out = new Map<string, ProcedureVoteRef[]>();
    if (!itemIds.length) return out;
    const votes = await this.sittingsRepo.transaction((em) =>
      em.getRepository(Vote).find({
        where: { itemId: In([...new Set(itemIds)]), kind: In(['amendment', 'procedural']), status: 'closed' },
        order: { openedAt: 'ASC' },
      }),
    );
    const names = await this.directory.names(votes.flatMap((v) => (v.proposerId ? [v.proposerId] : [])));
    for (const v of votes) {
      const list = out.get(v.itemId!) ?? [];
      list.push({
        voteId: v.id,
        kind: v.kind,
        label: v.label,
        text: v.text,
        proposer: v.proposerId ? (names.get(v.proposerId) ?? { id: v.proposerId, displayName: '' }) : null,
        closedAt: v.closedAt ? new Date(v.closedAt).toISOString() : null,
        outcome: v.result?.outcome ?? null,
        counts: v.result?.counts ?? null,
      });
      out.set(v.itemId!, list);
    }
    return out;
  }

  /** An urgent item proposed at an open or paused sitting by a member of the body or its chair. */
  async proposeItem(actor: AuthUser, sittingId: string, input: ProposeItemInput): Promise<string> {
    await this.access.requireAccess(actor, 'council.item.propose', sittingId);
    const { result } = await this.steps.change(sittingId, async (s, em) => {
      if (s.status !== 'open' && s.status !== 'paused')
        throw CouncilErrors.sessionNotOpen('Items are proposed at an open sitting');
      const items = await this.sittingsRepo.items(sittingId, em);
      const last = items.reduce((m, i) => Math.max(m, i.position), 0);
      const { position, ...fields } = input;
      const row = await em.getRepository(AgendaItem).save(
        em.getRepository(AgendaItem).create({
          ...fields,
          rapporteur: fields.rapporteur ?? null,
          legalBasis: fields.legalBasis ?? null,
          draftDecision: fields.draftDecision ?? null,
          sessionId: sittingId,
          position: last + 1,
          state: 'proposed',
          proposedBy: actor.id,
          proposedAt: new Date(),
          proposedPosition: position ?? null,
        }),
      );
      return {
        result: row.id,
        audit: [
          {
            actorId: actor.id,
            action: 'council.item.proposed',
            targetType: 'council_agenda_item',
            targetId: row.id,
            details: { sessionId: sittingId, title: row.title, position: position ?? null },
          },
        ],
        sets: {},
      };
    });
    return result;
  }

  /** Validates a vote to open and settles its kind, item, label, text, proposer, mode and majority. */
  async plan(s: CouncilSession, input: OpenVoteInput, em: EntityManager): Promise<VotePlan> {
    if (input.kind === 'agenda') {
      if (s.agendaAdoptedAt) throw CouncilErrors.agendaAdopted('The agenda is adopted');
    } else await this.steps.requireAgendaAdopted(s, input.kind, em);
    const item = input.itemId ? await this.sittingsRepo.item(s.id, input.itemId, em) : null;
    if (input.itemId && !item) throw AppError.notFound('Agenda item');
    const onCurrent = input.kind === 'decision' || input.kind === 'amendment' || input.motion === 'postpone';
    if (item && onCurrent) {
      if (item.state !== 'scheduled')
        throw CouncilErrors.itemNotOnAgenda('The item is not on the agenda', { state: item.state });
      if (s.currentItemId !== item.id)
        throw CouncilErrors.notCurrentItem('Votes are taken on the current item only', {
          currentItemId: s.currentItemId,
        });
    }
    if (input.kind === 'agenda_change' && item) {
      const wanted = input.change === 'add' ? 'proposed' : 'scheduled';
      if (item.state !== wanted)
        throw CouncilErrors.invalidAgendaChange(
          `Only a ${wanted} item can be ${input.change === 'add' ? 'added' : 'withdrawn'}`,
          {
            state: item.state,
          },
        );
      if (input.change === 'withdraw' && (await this.decisionsRepo.itemAdopted(item.id, em)))
        throw CouncilErrors.alreadyDecided('A decision on this item was adopted');
    }
    const proposerId = input.proposerId ?? (input.change === 'add' ? (item?.proposedBy ?? null) : null);
    if (input.proposerId && !(await this.bodiesRepo.isMember(s.bodyId, input.proposerId, em, s.mandateId)))
      throw CouncilErrors.invalidProposer('The proposer is not a member of the body', {
        issues: [{ path: ['proposerId'], message: 'not a member of the body' }],
      });
    // A procedural motion is made on the item under debate, if there is one.
    const itemId = item?.id ?? (input.kind === 'procedural' ? s.currentItemId : null);
    const onItem = input.kind === 'decision' || input.kind === 'amendment';
    const amendmentNumber =
      input.kind === 'amendment'
        ? (await em.getRepository(Vote).countBy({ sessionId: s.id, itemId: item!.id, kind: 'amendment' })) + 1
        : undefined;
    return {
      kind: input.kind,
      itemId,
      item,
      label:
        input.label ??
        defaultVoteLabel({
          kind: input.kind,
          motion: input.motion,
          change: input.change,
          itemTitle: item?.title,
          amendmentNumber,
        }),
      text: input.text ?? null,
      motion: input.motion ?? null,
      change: input.change ?? null,
      proposerId,
      // An item's own way of voting governs its decision and its amendments; the agenda and
      // motions are open votes.
      mode: onItem ? item!.voteMode : 'open',
      majority: input.kind === 'decision' ? item!.majority : (input.majority ?? (onItem ? item!.majority : 'present')),
    };
  }

  /**
   * What an adopted (or rejected) vote of the procedure does, in the closing's transaction:
   * the agenda adopted; an urgent item put on the agenda (or rejected, kept on record); an item
   * withdrawn (kept, marked); a break pausing the sitting; an item postponed without decision.
   * Returns the session's changes (the caller bumps the version with them).
   */
  async afterClose(
    actor: AuthUser,
    s: CouncilSession,
    vote: Vote,
    result: VoteResult,
    em: EntityManager,
  ): Promise<Partial<CouncilSession>> {
    const adopted = result.outcome === 'adopted';
    const items = em.getRepository(AgendaItem);
    const sets: Partial<CouncilSession> = {};
    let effect: string | null = null;
    if (vote.kind === 'agenda' && adopted) {
      sets.agendaAdoptedAt = new Date();
      sets.agendaVoteId = vote.id;
      effect = 'agenda_adopted';
    }
    if (vote.kind === 'agenda_change' && vote.itemId) {
      if (vote.change === 'add') {
        if (adopted) {
          await this.place(s.id, vote.itemId, em);
          effect = 'item_added';
        } else {
          await items.update({ id: vote.itemId }, { state: 'rejected' });
          effect = 'item_rejected';
        }
      } else if (adopted) {
        await items.update({ id: vote.itemId }, { state: 'withdrawn' });
        effect = 'item_withdrawn';
      }
    }
    if (vote.kind === 'procedural' && adopted) {
      if (vote.motion === 'break') {
        sets.status = 'paused';
        effect = 'paused';
      }
      if (vote.motion === 'close_debate' && vote.itemId) {
        // The debate is closed: who still waits for the floor on the item does not speak.
        await em
          .getRepository(SpeakerRequest)
          .update({ sessionId: s.id, itemId: vote.itemId, status: 'requested' }, { status: 'withdrawn' });
        effect = 'debate_closed';
      }
      if (vote.motion === 'postpone' && vote.itemId) {
        await items.update({ id: vote.itemId }, { state: 'postponed' });
        effect = 'item_postponed';
      }
    }
    // Kept as announced: the members are told after the commit (SittingChanges.announce).
    if ((effect === 'item_added' || effect === 'item_withdrawn') && vote.itemId) {
      const item = (await items.findOneBy({ id: vote.itemId }))!;
      await this.changes.record(em, s, effect, item, actor.id);
    }
    if (effect)
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.procedure.applied',
          targetType: 'council_session',
          targetId: s.id,
          details: { voteId: vote.id, kind: vote.kind, itemId: vote.itemId, effect },
        },
        em,
      );
    return sets;
  }

  /** Puts an adopted urgent item at its place: the one asked for when proposed, else the end. */
  private async place(sittingId: string, itemId: string, em: EntityManager): Promise<void> {
    const order = agendaOrder(await this.sittingsRepo.items(sittingId, em), itemId);
    const repo = em.getRepository(AgendaItem);
    // Two steps around the unique (session, position): out of the way, then into place.
    for (const [n, id] of order.entries()) await repo.update({ id }, { position: 100_000 + n });
    for (const [n, id] of order.entries())
      await repo.update({ id }, { position: n + 1, ...(id === itemId ? { state: 'scheduled' as const } : {}) });
  }
}

/**
 * The agenda's order once an urgent item is added: the items on the agenda (withdrawn and
 * postponed ones keep their place and number) in their order, the new one at the place asked
 * for (else last), then the proposals still waiting and the rejected ones. The item ids in order.
 */
export function agendaOrder(
  items: Pick<AgendaItem, 'id' | 'position' | 'state' | 'proposedPosition'>[],
  itemId: string,
): string[] {
  const byPosition = [...items].sort((a, b) => a.position - b.position);
  const onAgenda = byPosition.filter((i) => i.id !== itemId && i.state !== 'proposed' && i.state !== 'rejected');
  const added = items.find((i) => i.id === itemId)!;
  const order = onAgenda.map((i) => i.id);
  order.splice(agendaPlace(added.proposedPosition, onAgenda.length) - 1, 0, itemId);
  return [...order, ...byPosition.filter((i) => !order.includes(i.id)).map((i) => i.id)];
}
