import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CouncilDisplayState,
  CouncilSessionView,
  CreateDisplayTokenRequest,
  DisplayTokenCreated,
  DisplayTokenView,
  DisplayElection,
  DisplayVote,
  ElectionView,
  VoteView,
} from '@egov-box/contracts';
import { AccessService, AuditService, type AuthUser, defineErrors } from '@egov-box/platform';
import { DataSource, IsNull } from 'typeorm';
import { CouncilService } from './council.service.js';
import { CouncilDisplayToken, CouncilSession } from './entities/index.js';
import { RemoteSittings } from './remote-sittings.service.js';

/** Error codes of the chamber's screen. */
export const DisplayErrors = defineErrors({
  /** A display token is made for a published sitting, not a draft. */
  sittingDraft: { code: 'sitting_draft', status: 409 },
});

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The sitting and the token a display socket was opened with. */
export interface DisplayGrant {
  tokenId: string;
  sessionId: string;
}

/**
 * Display tokens and what the chamber's screen shows (issue 15, part 7).
 *
 * A token belongs to one sitting (not to the body): a screen opened for today's sitting
 * cannot follow another one, a leaked token shows only what that sitting's public page shows
 * anyway, and revoking it ends that screen alone. Only its SHA-256 is stored; the clerk sees
 * the token once, when it is made.
 */
@Injectable()
export class CouncilDisplayService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly council: CouncilService,
    private readonly audit: AuditService,
    private readonly remote: RemoteSittings,
    private readonly access: AccessService,
  ) {}

  private get tokens() {
    return this.db.getRepository(CouncilDisplayToken);
  }

  async create(actor: AuthUser, sittingId: string, input: CreateDisplayTokenRequest): Promise<DisplayTokenCreated> {
    await this.access.requireAccess(actor, 'council.display.manage', sittingId);
    const s = (await this.db.getRepository(CouncilSession).findOneBy({ id: sittingId }))!;
    if (s.status === 'draft') throw DisplayErrors.sittingDraft('Publish the sitting before opening its screen');
    const token = randomBytes(32).toString('base64url');
    const row = await this.db.transaction(async (em) => {
      const saved = await em.getRepository(CouncilDisplayToken).save({
        sessionId: sittingId,
        tokenHash: sha256(token),
        label: input.label ?? null,
        createdBy: actor.id,
      });
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.display.created',
          targetType: 'council_display_token',
          targetId: saved.id,
          details: { sessionId: sittingId, label: saved.label },
        },
        em,
      );
      return saved;
    });
    return { ...view(row), token, path: `/display#${token}` };
  }

  async list(actor: AuthUser, sittingId: string): Promise<DisplayTokenView[]> {
    await this.access.requireAccess(actor, 'council.display.manage', sittingId);
    const rows = await this.tokens.find({ where: { sessionId: sittingId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(view);
  }

  /** Revokes a token (once; revoking again changes nothing). Returns it, or 404. */
  async revoke(actor: AuthUser, id: string): Promise<DisplayTokenView> {
    await this.access.requireAccess(actor, 'council.display.revoke', id);
    const row = (await this.tokens.findOneBy({ id }))!;
    if (!row.revokedAt)
      await this.db.transaction(async (em) => {
        await em.getRepository(CouncilDisplayToken).update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
        await this.audit.record(
          {
            actorId: actor.id,
            action: 'council.display.revoked',
            targetType: 'council_display_token',
            targetId: id,
            details: { sessionId: row.sessionId },
          },
          em,
        );
      });
    return view((await this.tokens.findOneBy({ id }))!);
  }

  /** The sitting a token opens (null: unknown, revoked, or its sitting no longer public). */
  async resolve(token: unknown): Promise<DisplayGrant | null> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 200) return null;
    const row = await this.tokens.findOneBy({ tokenHash: sha256(token), revokedAt: IsNull() });
    return row ? { tokenId: row.id, sessionId: row.sessionId } : null;
  }

  /** Whether any screen may be open on the sitting (an unrevoked token exists). */
  async hasScreens(sittingId: string): Promise<boolean> {
    return (await this.tokens.countBy({ sessionId: sittingId, revokedAt: IsNull() })) > 0;
  }

  /** What the screen shows: made from the sitting's public view only (nothing a citizen may not see). */
  async state(sittingId: string): Promise<CouncilDisplayState> {
    const view = await this.council.publicGet(sittingId);
    // The chamber's check-in code (issue 15, part 5), which changes every 30 seconds: the gateway sends the state again when it expires.
    return { ...displayState(view, new Date()), checkIn: await this.remote.screenCode(view) };
  }
}

function view(r: CouncilDisplayToken): DisplayTokenView {
  return {
    id: r.id,
    sessionId: r.sessionId,
    label: r.label,
    createdAt: new Date(r.createdAt).toISOString(),
    revokedAt: r.revokedAt ? new Date(r.revokedAt).toISOString() : null,
  };
}

/** The screen's state from the sitting's public view. */
export function displayState(s: CouncilSessionView, now: Date): CouncilDisplayState {
  const item = s.items.find((i) => i.id === s.currentItemId) ?? null;
  const items = new Map(s.items.map((i) => [i.id, i]));
  const asDisplay = (v: VoteView): DisplayVote => ({
    id: v.id,
    itemId: v.itemId,
    itemPosition: (v.itemId && items.get(v.itemId)?.position) || null,
    // A vote of the procedure (the agenda, an amendment, a motion) is shown by its label.
    itemTitle: v.label ?? (v.itemId && items.get(v.itemId)?.title) ?? '',
    mode: v.mode,
    status: v.status,
    ballotsCast: v.ballotsCast,
    // A secret vote's totals only once it is closed (the public view already holds them back).
    counts: v.mode === 'secret' && v.status === 'open' ? null : v.counts,
    result: v.result,
  });
  const speakers = s.speakers ?? [];
  const open = s.votes.find((v) => v.status === 'open') ?? null;
  return {
    now: now.toISOString(),
    session: {
      id: s.id,
      number: s.number,
      title: s.title,
      status: s.status,
      body: s.body,
      place: s.place ?? null,
    },
    item: item ? { id: item.id, position: item.position, title: item.title } : null,
    speaker: speakers.find((x) => x.status === 'speaking') ?? null,
    queue: speakers
      .filter((x) => x.status === 'requested')
      .sort((a, b) => (a.queuePosition ?? Infinity) - (b.queuePosition ?? Infinity)),
    quorum: s.quorum,
    vote: open ? asDisplay(open) : null,
    results: s.votes.filter((v) => v.status === 'closed').map(asDisplay),
    checkIn: null,
    election: displayElection(s.elections ?? []),
  };
}

/** The round open now, else the last closed one: its count while open, its totals by name once closed. */
export function displayElection(rounds: ElectionView[]): DisplayElection | null {
  const e = rounds.find((r) => r.status === 'open') ?? rounds.at(-1);
  if (!e) return null;
  const name = (id: string) => e.candidates.find((c) => c.id === id)?.displayName ?? '—';
  return {
    id: e.id,
    office: e.office,
    round: e.round,
    mode: e.mode,
    status: e.status,
    ballotsCast: e.ballotsCast,
    result: e.result
      ? {
          votes: e.result.votes.map((v) => ({ name: name(v.candidateId), votes: v.votes })),
          blank: e.result.blank,
          invalid: e.result.invalid,
          outcome: e.result.outcome,
          elected: e.result.electedId ? name(e.result.electedId) : null,
        }
      : null,
  };
}
