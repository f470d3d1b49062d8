import { Injectable } from '@nestjs/common';
import type {
  AgendaSubject,
  PublicDecisionView,
  RegisterEntry,
  RegisterPage,
  RegisterQuery,
  SittingsPage,
  SittingsQuery,
} from '@egov-box/contracts';
import { DirectoryReader } from '@egov-box/directory';
import { AppError } from '@egov-box/platform';
import { assertSittingVisible } from './council-access.js';
import { closedItemIds, publicDecision, publicSittingView, publicSummary, publicVote } from './closed-door.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { VotesRepository } from './votes.repository.js';
import { CouncilViews } from './council-views.js';
import { DecisionsService } from './decisions.service.js';
import { PublicRecordRepository } from './public-record.repository.js';

/**
 * What a citizen finds without signing in: the sittings by year, body and words, and the
 * register of decisions by number, date, subject and words, paged; a decision's own page.
 */
@Injectable()
export class PublicRecordService {
  constructor(
    private readonly search: PublicRecordRepository,
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly votesRepo: VotesRepository,
    private readonly views: CouncilViews,
    private readonly decisions: DecisionsService,
    private readonly directory: DirectoryReader,
  ) {}

  async sittings(q: SittingsQuery): Promise<SittingsPage> {
    const { rows, total } = await this.search.sittings(q);
    const [summaries, places] = await Promise.all([
      this.views.summaries(rows),
      this.directory.spaceNames(rows.map((s) => s.spaceId)),
    ]);
    const items = summaries.map((s, i) => ({ ...publicSummary(s), place: places.get(rows[i]!.spaceId) ?? null }));
    return { items, total, limit: q.limit, offset: q.offset };
  }

  async register(q: RegisterQuery): Promise<RegisterPage> {
    const council = await this.bodiesRepo.councilBody();
    const { rows, subjects, total } = await this.search.register(council.id, q);
    const items: RegisterEntry[] = await this.decisions.forPublic(
      await this.decisions.withProcedure(
        rows.map((d, i) => ({ ...this.decisions.view(d), subject: subjects[i] as AgendaSubject })),
      ),
    );
    return { items, total, limit: q.limit, offset: q.offset };
  }

  async decision(id: string): Promise<PublicDecisionView> {
    const council = await this.bodiesRepo.councilBody();
    const found = await this.search.decision(council.id, id);
    if (!found) throw AppError.notFound('Decision');
    const s = await this.sittingsRepo.sitting(found.row.sessionId);
    assertSittingVisible(null, s, 'Decision');
    const [view, summary, vote, [entry]] = await Promise.all([
      this.views.sitting(s),
      this.views.summaryOf(s),
      found.row.voteId ? this.votesRepo.vote(found.row.voteId) : Promise.resolve(null),
      this.decisions.withProcedure([{ ...this.decisions.view(found.row), subject: found.subject as AgendaSubject }]),
    ]);
    // A closed-door sitting or item: its decision and totals, not its roll or materials (ЗМСМА чл. 28).
    const shown = publicSittingView(view);
    return {
      decision: publicDecision(entry!, closedItemIds(view)),
      sitting: publicSummary(summary),
      item: shown.items.find((i) => i.id === found.row.itemId)!,
      // An election's entry has no vote: its rounds are in the sitting (`elections`).
      vote: vote ? publicVote(await this.views.vote(vote), closedItemIds(view), view.closedDoor !== undefined) : null,
    };
  }
}
