import { Injectable } from '@nestjs/common';
import type { CouncilMemberRef, ElectionView } from '@egov-box/contracts';
import { DirectoryReader } from '@egov-box/directory';
import { ElectionsRepository } from './elections.repository.js';
import type { Election } from './entities/index.js';

/**
 * What an election round looks like to a reader: the candidates by name, how many voted, the
 * result only once closed (the stored snapshot), the commission as recorded, and — for a signed-in
 * member — whether they voted (never their choice: it is not kept with them).
 */
@Injectable()
export class ElectionViews {
  constructor(
    private readonly repo: ElectionsRepository,
    private readonly directory: DirectoryReader,
  ) {}

  /** The sitting's rounds, oldest first (every view of the sitting, public or not, and the minutes). */
  async ofSitting(sittingId: string, viewerId?: string): Promise<ElectionView[]> {
    const rows = await this.repo.elections(sittingId);
    return Promise.all(rows.map((e) => this.view(e, viewerId)));
  }

  async view(e: Election, viewerId?: string): Promise<ElectionView> {
    const candidateIds = await this.repo.candidates(e.id);
    const commissionIds = e.commission ? [e.commission.clerk.id, ...e.commission.members.map((m) => m.id)] : [];
    const [names, ballotsCast, voted, decision] = await Promise.all([
      this.directory.names([...candidateIds, ...commissionIds]),
      this.repo.ballotsCast(e.id),
      viewerId ? this.repo.voted(e.id, viewerId) : Promise.resolve(false),
      this.repo.decisionOf(e.id),
    ]);
    const ref = (id: string): CouncilMemberRef => names.get(id) ?? { id, displayName: '' };
    return {
      id: e.id,
      sessionId: e.sessionId,
      itemId: e.itemId,
      office: e.office,
      round: e.round,
      firstRoundId: e.firstRoundId,
      mode: e.mode,
      status: e.status,
      openedAt: new Date(e.openedAt).toISOString(),
      closedAt: e.closedAt ? new Date(e.closedAt).toISOString() : null,
      candidates: candidateIds.map(ref),
      ballotsCast: e.mode === 'paper' ? (e.result?.voters ?? 0) : ballotsCast,
      result: e.status === 'closed' ? e.result : null,
      // The commission as recorded at the count (names as they were then).
      commission: e.commission,
      decision,
      ...(viewerId ? { mine: { voted, candidateId: null } } : {}),
    };
  }
}
