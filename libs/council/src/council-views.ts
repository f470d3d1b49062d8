import { Injectable } from '@nestjs/common';
import type {
  AgendaItemView,
  AttendanceView,
  CouncilMemberRef,
  CouncilQuorum,
  CouncilSessionSummary,
  CouncilSessionView,
  MaterialContentType,
  MaterialView,
  SpeakerView,
  VoteView,
} from '@egov-box/contracts';
import type { EntityManager } from 'typeorm';
import { CouncilRepository } from './council.repository.js';
import type { AgendaMaterial, CouncilSession, SpeakerRequest, Vote } from './entities/index.js';
import { quorum } from './rules.js';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const unknownMember = (id: string): CouncilMemberRef => ({ id, displayName: '—' });

/**
 * Builds what the API and the live events show. Nothing here links a secret ballot to a
 * member: secret votes show how many voted and, once closed, the totals.
 */
@Injectable()
export class CouncilViews {
  constructor(private readonly repo: CouncilRepository) {}

  summary(s: CouncilSession): CouncilSessionSummary {
    return {
      id: s.id,
      number: s.number,
      title: s.title,
      status: s.status,
      startsAt: iso(s.startsAt)!,
      endsAt: iso(s.endsAt)!,
      version: s.version,
      currentItemId: s.currentItemId,
    };
  }

  async quorum(sessionId: string, em?: EntityManager): Promise<CouncilQuorum> {
    const [members, present] = await Promise.all([this.repo.memberIds(em), this.repo.presentMemberIds(sessionId, em)]);
    return quorum(members.length, present.length);
  }

  async session(s: CouncilSession, viewerId?: string): Promise<CouncilSessionView> {
    const [items, conflicts, attendance, votes, q, materials] = await Promise.all([
      this.repo.items(s.id),
      this.repo.conflicts(s.id),
      this.repo.attendance(s.id),
      this.repo.votes(s.id),
      this.quorum(s.id),
      this.repo.materials(s.id),
    ]);
    const names = await this.repo.names([...conflicts.map((c) => c.userId), ...attendance.map((a) => a.userId)]);
    const name = (id: string) => names.get(id) ?? unknownMember(id);
    const itemViews: AgendaItemView[] = items.map((i) => ({
      id: i.id,
      position: i.position,
      title: i.title,
      rapporteur: i.rapporteur,
      legalBasis: i.legalBasis,
      voteMode: i.voteMode,
      majority: i.majority,
      conflicts: conflicts
        .filter((c) => c.itemId === i.id)
        .map((c) => ({ itemId: c.itemId, member: name(c.userId), reason: c.reason, declaredAt: iso(c.declaredAt)! })),
      materials: materials.filter((m) => m.itemId === i.id).map((m) => this.material(m)),
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
    return {
      ...this.summary(s),
      description: s.description,
      meetingId: s.meetingId,
      spaceId: s.spaceId,
      openedAt: iso(s.openedAt),
      closedAt: iso(s.closedAt),
      items: itemViews,
      attendance: attendanceViews,
      quorum: q,
      votes: voteViews,
      minutesPublishedAt: iso(s.minutesPublishedAt),
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
      this.repo.ballotsCast(v, em),
      v.result ? Promise.resolve(v.result.counts) : this.repo.counts(v, em),
    ]);
    let roll: VoteView['roll'] = null;
    if (v.mode === 'roll_call') {
      const ballots = await this.repo.ballots(v.id, em);
      const names = await this.repo.names(
        ballots.map((b) => b.userId),
        em,
      );
      roll = ballots
        .map((b) => ({ member: names.get(b.userId) ?? unknownMember(b.userId), choice: b.choice }))
        .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName, 'bg'));
    }
    const view: VoteView = {
      id: v.id,
      sessionId: v.sessionId,
      itemId: v.itemId,
      mode: v.mode,
      majority: v.majority,
      status: v.status,
      openedAt: iso(v.openedAt)!,
      closedAt: iso(v.closedAt),
      ballotsCast,
      counts: secret && v.status === 'open' ? null : counts,
      result: v.result,
      roll,
    };
    if (viewerId) {
      if (secret) {
        view.mine = { voted: await this.repo.hasSecretVoter(v.id, viewerId, em), choice: null };
      } else {
        const b = await this.repo.ballotOf(v.id, viewerId, em);
        view.mine = { voted: !!b, choice: b?.choice ?? null };
      }
    }
    return view;
  }

  async speakers(rows: SpeakerRequest[]): Promise<SpeakerView[]> {
    const names = await this.repo.names(rows.map((r) => r.userId));
    const now = Date.now();
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
      };
    });
  }
}
