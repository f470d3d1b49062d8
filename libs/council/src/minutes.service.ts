import { DirectoryReader } from '@egov-box/directory';
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  CouncilMinutes,
  CouncilSessionView,
  MinutesAnswerRequest,
  MinutesCorrectionView,
  MinutesSignatureView,
  MinutesSignerRole,
  MinutesStateView,
  MinutesStatus,
  MinutesText,
  MinutesVersionView,
  SpeakerView,
} from '@egov-box/contracts';
import {
  AccessService,
  AppError,
  AuditService,
  EventBus,
  mayTakeMinutes,
  mayTry,
  type AuthUser,
  CommonErrors,
} from '@egov-box/platform';
import { IsNull, type EntityManager } from 'typeorm';
import { actsAsChair } from './council-access.js';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { MinutesRepository } from './minutes.repository.js';
import { MandatesRepository } from './mandates.repository.js';
import { noteWithheld, publicMinutes } from './closed-door.js';
import { CouncilViews } from './council-views.js';
import {
  MinutesCorrection,
  MinutesSignature,
  MinutesVersion,
  type CouncilBody,
  type CouncilSession,
} from './entities/index.js';
import { renderMinutesPdf } from './minutes-pdf.js';
import { reviewEnds } from './rules.js';
import { minutesText, type MinutesFrame } from './minutes-text.js';
import { renderMinutesHtml } from './minutes-html.js';

export type MinutesFormat = 'json' | 'html' | 'pdf';
/** A rendered or stored document: the bytes (JSON of a draft: the object) and, when frozen, their SHA-256. */
export type MinutesDocument =
  | { frozen: true; bytes: Buffer; sha256: string; number: number; version: number }
  | { frozen: false; body: CouncilMinutes | string | Buffer; number: number; version: number };

/** The minutes as JSON: the record, and its text the HTML and the PDF are rendered from. */
type MinutesWithText = CouncilMinutes & { text: MinutesText };

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

/** JSON with object keys sorted at every level (undefined left out): the same value, the same text. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sort(value));
}

/**
 * The content the chair and the minute-taker sign: the minutes' record without what is not
 * the sitting's record — when it was rendered, the version, status and signatures of the
 * minutes, the session's row version, minutes publication time and video configuration, and a
 * reader's own ballot.
 */
export function minutesContent(m: CouncilMinutes): unknown {
  const { session: sitting, attendance, absent, votes, elections, conflicts, speakers, recordings } = m;
  const {
    version: _v,
    minutesPublishedAt: _p,
    video: _video,
    ...rest
  } = sitting as typeof sitting & {
    video?: unknown;
  };
  return {
    session: rest,
    attendance,
    absent,
    votes: votes.map(({ mine: _mine, ...v }) => v),
    // Only when the sitting held elections: the content of minutes without any is as it was signed.
    ...(elections?.length ? { elections: elections.map(({ mine: _mine, ...e }) => e) } : {}),
    conflicts,
    speakers,
    recordings,
  };
}

export const minutesSha256 = (m: CouncilMinutes) => sha256(canonicalJson(minutesContent(m)));

const SIGNERS: MinutesSignerRole[] = ['chair', 'minute_taker'];

/**
 * The minutes (протокол), generated from the record: never typed by hand. A draft once the
 * sitting closes; members send correction requests during the body's review period and the
 * clerk answers them; then the chair and the minute-taker sign the SHA-256 of the canonical
 * content; the clerk publishes: the JSON, HTML and PDF are rendered once and stored, and
 * served byte for byte from then on. A correction after publication is a new version.
 */
@Injectable()
export class MinutesService {
  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly minutesRepo: MinutesRepository,
    private readonly directory: DirectoryReader,
    private readonly views: CouncilViews,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    private readonly mandates: MandatesRepository,
    private readonly access: AccessService,
  ) {}

  // --- reading ---------------------------------------------------------------------------

  /**
   * The minutes in a format: a published version's stored bytes (without `version`: the
   * latest published), else — for readers of the draft — the draft being written, rendered now.
   * Without an actor (the public) only published versions exist (404 before).
   */
  async document(
    actor: AuthUser | null,
    id: string,
    format: MinutesFormat,
    version?: number,
  ): Promise<MinutesDocument> {
    if (actor) await this.access.requireAccess(actor, 'council.minutes.read', id);
    let s: CouncilSession | null;
    let body: CouncilBody | null = null;
    if (actor) ({ s, body } = await this.sitting(id));
    else s = await this.sittingsRepo.sitting(id);
    if (!s) throw AppError.notFound('Minutes');
    const stored = await this.minutesRepo.minutesVersion(id, version);
    if (stored) {
      // The public reads the copy without closed-door debate when there is one (ЗМСМА чл. 28).
      const shown = actor ? null : { json: stored.publicJson, html: stored.publicHtml, pdf: stored.publicPdf }[format];
      if (shown)
        return { frozen: true, bytes: shown, sha256: sha256(shown), number: stored.number, version: stored.version };
      const bytes = stored[format];
      return {
        frozen: true,
        bytes,
        sha256: { json: stored.jsonSha256, html: stored.htmlSha256, pdf: stored.pdfSha256 }[format],
        number: stored.number,
        version: stored.version,
      };
    }
    if (!actor || !body || (version !== undefined && version !== s.minutesVersion)) throw AppError.notFound('Minutes');
    const m = await this.draft(s, body);
    const rendered =
      format === 'html' ? renderMinutesHtml(m.text) : format === 'pdf' ? await renderMinutesPdf(m.text) : m;
    return { frozen: false, body: rendered, number: s.number, version: s.minutesVersion };
  }

  /** Where the minutes stand: status, review period, corrections, signatures, versions, and what the reader may do. */
  async state(actor: AuthUser, id: string): Promise<MinutesStateView> {
    await this.access.requireAccess(actor, 'council.minutes.read', id);
    const { s, body } = await this.sitting(id);
    const [versions, signatures, corrections, names] = await Promise.all([
      this.versions(id),
      this.signatures(id, s.minutesVersion),
      this.corrections(id),
      this.directory.names(s.minuteTakerId ? [s.minuteTakerId] : []),
    ]);
    const current = versions.find((v) => v.version === s.minutesVersion);
    const closed = s.status === 'closed';
    let sha: string | null = current?.sha256 ?? null;
    if (!current && closed) sha = minutesSha256(await this.record(s));
    const status: MinutesStatus = current ? 'published' : sha ? statusOf(sha, signatures) : 'draft';
    const reviewEndsAt = this.reviewEndsAt(s, body);
    const reviewOpen = closed && !current && reviewEndsAt !== null && Date.now() < reviewEndsAt.getTime();
    const open = corrections.filter((c) => c.version === s.minutesVersion && !c.answeredAt).length;
    const clerk = mayTry(actor, 'council.minutes.manage');
    return {
      sessionId: id,
      number: s.number,
      version: s.minutesVersion,
      reason: s.minutesReason,
      status,
      reviewDays: body.reviewDays,
      reviewEndsAt: reviewEndsAt?.toISOString() ?? null,
      reviewOpen,
      sha256: sha,
      minuteTaker: s.minuteTakerId ? (names.get(s.minuteTakerId) ?? null) : null,
      signatures,
      corrections,
      versions,
      may: {
        correct: reviewOpen && (await this.bodiesRepo.isMember(body.id, actor.id)),
        sign: closed && !current && !reviewOpen && !open ? this.signerRoles(actor, s, body) : [],
        answer: clerk && !current && open > 0,
        publish: clerk && status === 'signed',
        newVersion: clerk && !!current,
      },
    };
  }

  // --- the steps -------------------------------------------------------------------------

  /** A member of the body asks for a correction during the review period (409 `review_closed` after it). */
  async requestCorrection(actor: AuthUser, id: string, text: string): Promise<MinutesStateView> {
    await this.access.requireAccess(actor, 'council.minutes.correct', id);
    await this.step(actor, id, async (s, body, em) => {
      if (!(await this.bodiesRepo.isMember(body.id, actor.id, em)))
        throw CouncilErrors.notAMember('Only members of the body ask for corrections');
      const ends = this.reviewEndsAt(s, body)!;
      if (Date.now() >= ends.getTime())
        throw CouncilErrors.reviewClosed('The review period of these minutes has ended', {
          reviewEndsAt: ends.toISOString(),
        });
      const row = await em
        .getRepository(MinutesCorrection)
        .save({ sessionId: s.id, version: s.minutesVersion, userId: actor.id, text });
      return ['council.minutes.correction_requested', { version: s.minutesVersion, correctionId: row.id }];
    });
    return this.state(actor, id);
  }

  /** The clerk answers a correction request (accepted or not, with the answer); once. */
  async answerCorrection(
    actor: AuthUser,
    id: string,
    correctionId: string,
    input: MinutesAnswerRequest,
  ): Promise<MinutesStateView> {
    await this.access.requireAccess(actor, 'council.minutes.manage', id);
    await this.step(actor, id, async (s, _body, em) => {
      const c = await em.getRepository(MinutesCorrection).findOneBy({ id: correctionId, sessionId: s.id });
      if (!c) throw AppError.notFound('Correction request');
      if (c.version !== s.minutesVersion)
        throw CouncilErrors.minutesPublished('That version of the minutes is published');
      if (c.answeredAt) throw CouncilErrors.alreadyAnswered('The request is answered');
      await em.getRepository(MinutesCorrection).update({ id: c.id }, {
        answer: input.answer,
        accepted: input.accepted,
        answeredBy: actor.id,
        answeredAt: () => 'now()',
      } as never);
      return [
        'council.minutes.correction_answered',
        { version: c.version, correctionId: c.id, accepted: input.accepted },
      ];
    });
    return this.state(actor, id);
  }

  /** The clerk names the minute-taker (a clerk, an official or an administrator; default: the clerk). */
  async setMinuteTaker(actor: AuthUser, id: string, userId = actor.id): Promise<MinutesStateView> {
    await this.access.requireAccess(actor, 'council.minutes.manage', id);
    await this.step(
      actor,
      id,
      async (s, _body, em) => {
        const taker = await this.directory.enabledUser(userId, em);
        if (!taker || !mayTakeMinutes(taker))
          throw CouncilErrors.invalidMinuteTaker('The minute-taker is a clerk or an official of the administration');
        if (s.minuteTakerId !== userId) {
          // A signature of the previous minute-taker does not count for the new one.
          await em
            .getRepository(MinutesSignature)
            .delete({ sessionId: s.id, version: s.minutesVersion, role: 'minute_taker' });
          await this.sittingsRepo.bump(s.id, { minuteTakerId: userId }, em);
        }
        return ['council.minutes.minute_taker_set', { version: s.minutesVersion, userId }];
      },
      { closed: false },
    );
    return this.state(actor, id);
  }

  /**
   * The chair or the minute-taker signs: after the review period, with every correction request
   * answered; the signature keeps the SHA-256 of the canonical content (signing again renews it).
   */
  async sign(actor: AuthUser, id: string, role?: MinutesSignerRole): Promise<MinutesStateView> {
    await this.access.requireAccess(actor, 'council.minutes.sign', id);
    await this.step(actor, id, async (s, body, em) => {
      const held = this.signerRoles(actor, s, body);
      if (!held.length || (role && !held.includes(role)))
        throw CouncilErrors.notASigner('The chair and the minute-taker sign the minutes');
      const as = role ?? (held.length === 1 ? held[0] : undefined);
      if (!as)
        throw CommonErrors.validationFailed('Say in which role you sign', {
          issues: [{ path: ['role'], message: 'chair or minute_taker' }],
        });
      const ends = this.reviewEndsAt(s, body)!;
      if (Date.now() < ends.getTime())
        throw CouncilErrors.reviewOpen('The minutes are signed after the review period', {
          reviewEndsAt: ends.toISOString(),
        });
      const open = await em
        .getRepository(MinutesCorrection)
        .countBy({ sessionId: s.id, version: s.minutesVersion, answeredAt: IsNull() });
      if (open)
        throw CouncilErrors.correctionsOpen('Correction requests are not answered yet', {
          open,
        });
      const sha = minutesSha256(await this.record(s));
      await em.query(
        `INSERT INTO council_minutes_signature (session_id, version, role, user_id, sha256, signed_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (session_id, version, role)
         DO UPDATE SET user_id = excluded.user_id, sha256 = excluded.sha256, signed_at = excluded.signed_at`,
        [s.id, s.minutesVersion, as, actor.id, sha],
      );
      await this.sittingsRepo.bump(s.id, {}, em);
      return ['council.minutes.signed', { version: s.minutesVersion, role: as, sha256: sha }];
    });
    return this.state(actor, id);
  }

  /**
   * The clerk publishes the signed version: JSON, HTML and PDF are rendered once from the
   * record, with the signatures, and stored; a version already published changes nothing.
   * 409 `not_signed` without both signatures, `minutes_changed` if the content is no longer
   * what was signed.
   */
  async publish(actor: AuthUser, id: string): Promise<CouncilSessionView> {
    await this.access.requireAccess(actor, 'council.minutes.manage', id);
    const s = await this.sittingsRepo.transaction(async (em) => {
      const s = (await this.sittingsRepo.lockSitting(id, em))!;
      if (s.status !== 'closed')
        throw CouncilErrors.sessionNotClosed('Minutes are published once the session is closed', {
          status: s.status,
        });
      const done = await em
        .getRepository(MinutesVersion)
        .exists({ where: { sessionId: id, version: s.minutesVersion } });
      if (!done) await this.freeze(actor, s, em);
      return (await this.sittingsRepo.sitting(id, em))!;
    });
    this.changed(s, true);
    return this.views.sitting(s, actor.id);
  }

  /** The clerk starts a new version of published minutes (a correction), with its reason. */
  async newVersion(actor: AuthUser, id: string, reason: string): Promise<MinutesStateView> {
    await this.access.requireAccess(actor, 'council.minutes.manage', id);
    await this.step(
      actor,
      id,
      async (s, _body, em) => {
        const published = await em
          .getRepository(MinutesVersion)
          .exists({ where: { sessionId: s.id, version: s.minutesVersion } });
        if (!published)
          throw CouncilErrors.minutesNotPublished('A new version follows a published one: publish this version first');
        const version = s.minutesVersion + 1;
        await this.sittingsRepo.bump(
          s.id,
          { minutesVersion: version, minutesDraftSince: () => 'now()', minutesReason: reason } as never,
          em,
        );
        return ['council.minutes.version_started', { version, reason }];
      },
      { published: true },
    );
    return this.state(actor, id);
  }

  // --- inside ------------------------------------------------------------------------------

  private async freeze(actor: AuthUser, s: CouncilSession, em: EntityManager): Promise<void> {
    const body = (await this.bodiesRepo.body(s.bodyId, em))!;
    const m = await this.record(s);
    const sha = minutesSha256(m);
    const signatures = await this.signatures(s.id, s.minutesVersion, em);
    const missing = SIGNERS.filter((r) => !signatures.some((g) => g.role === r));
    if (missing.length)
      throw CouncilErrors.notSigned('The chair and the minute-taker sign before publication', {
        missing,
      });
    const stale = signatures.filter((g) => g.sha256 !== sha).map((g) => g.role);
    if (stale.length)
      throw CouncilErrors.minutesChanged('The minutes changed after they were signed: they are signed again', {
        sha256: sha,
        stale,
      });
    const publishedAt = new Date().toISOString();
    const frame: MinutesFrame = {
      municipality: await this.municipality(em),
      version: s.minutesVersion,
      reason: s.minutesReason,
      status: 'published',
      sha256: sha,
      signatures,
      publishedAt,
    };
    const record: CouncilMinutes = {
      ...m,
      session: { ...m.session, minutesPublishedAt: s.minutesPublishedAt?.toISOString() ?? publishedAt },
      generatedAt: publishedAt,
      number: s.number,
      version: s.minutesVersion,
      reason: s.minutesReason,
      status: 'published',
      reviewEndsAt: this.reviewEndsAt(s, body)?.toISOString() ?? null,
      sha256: sha,
      signatures,
      publishedAt,
    };
    // One text for every format, rendered from the record once; the JSON carries it too.
    const doc: MinutesWithText = { ...record, text: minutesText(record, frame) };
    const json = Buffer.from(canonicalJson(doc), 'utf8');
    const html = Buffer.from(renderMinutesHtml(doc.text), 'utf8');
    const pdf = await renderMinutesPdf(doc.text);
    // Closed-door items or sitting (ЗМСМА чл. 28): the public copy leaves their debate out.
    const shown = publicMinutes(record);
    const publicDoc = shown ? { ...shown, text: noteWithheld(minutesText(shown, frame), shown) } : null;
    const publicCopy = publicDoc
      ? {
          publicJson: Buffer.from(canonicalJson(publicDoc), 'utf8'),
          publicHtml: Buffer.from(renderMinutesHtml(publicDoc.text), 'utf8'),
          publicPdf: await renderMinutesPdf(publicDoc.text),
        }
      : {};
    await em.getRepository(MinutesVersion).insert({
      ...publicCopy,
      sessionId: s.id,
      version: s.minutesVersion,
      number: s.number,
      reason: s.minutesReason,
      sha256: sha,
      json,
      html,
      pdf,
      jsonSha256: sha256(json),
      htmlSha256: sha256(html),
      pdfSha256: sha256(pdf),
      publishedAt: new Date(publishedAt),
      publishedBy: actor.id,
    });
    await this.sittingsRepo.publishMinutes(s.id, em);
    await this.sittingsRepo.bump(s.id, {}, em);
    await this.audit.record(
      {
        actorId: actor.id,
        action: 'council.minutes.published',
        targetType: 'council_session',
        targetId: s.id,
        details: { number: s.number, version: s.minutesVersion, sha256: sha, pdfSha256: sha256(pdf) },
      },
      em,
    );
  }

  /**
   * One step on the draft (after its access check), in a transaction on the locked session:
   * 409 `session_not_closed` before the closing (unless
   * `closed: false`); 409 `minutes_published` once the current version is published (unless
   * `published: true`, the step needs it). Audited and announced.
   */
  private async step(
    actor: AuthUser,
    id: string,
    work: (s: CouncilSession, body: CouncilBody, em: EntityManager) => Promise<[string, Record<string, unknown>]>,
    need: { closed?: boolean; published?: boolean } = {},
  ): Promise<void> {
    const s = await this.sittingsRepo.transaction(async (em) => {
      const s = (await this.sittingsRepo.lockSitting(id, em))!;
      if (need.closed !== false && s.status !== 'closed')
        throw CouncilErrors.sessionNotClosed('The minutes are reviewed once the session is closed', {
          status: s.status,
        });
      if (!need.published) {
        const published = await em
          .getRepository(MinutesVersion)
          .exists({ where: { sessionId: id, version: s.minutesVersion } });
        if (published)
          throw CouncilErrors.minutesPublished('These minutes are published; a correction is a new version', {
            version: s.minutesVersion,
          });
      }
      const body = (await this.bodiesRepo.body(s.bodyId, em))!;
      const [action, details] = await work(s, body, em);
      await this.audit.record({ actorId: actor.id, action, targetType: 'council_session', targetId: id, details }, em);
      return (await this.sittingsRepo.sitting(id, em))!;
    });
    this.changed(s, false);
  }

  private changed(s: CouncilSession, isPublic: boolean): void {
    void this.views
      .summaryOf(s)
      .then((summary) =>
        this.bus.publish(
          'council.session.updated',
          { ...summary, sessionId: s.id, change: 'minutes' },
          { councilSessions: [s.id] },
          { public: isPublic },
        ),
      )
      .catch(() => undefined);
  }

  /** The sitting (its access checked: `council.minutes.read`) and its body. */
  private async sitting(id: string): Promise<{ s: CouncilSession; body: CouncilBody }> {
    const s = (await this.sittingsRepo.sitting(id))!;
    return { s, body: (await this.bodiesRepo.body(s.bodyId))! };
  }

  private signerRoles(actor: AuthUser, s: CouncilSession, body: CouncilBody): MinutesSignerRole[] {
    const roles: MinutesSignerRole[] = [];
    if (actsAsChair(actor, body)) roles.push('chair');
    if (s.minuteTakerId === actor.id) roles.push('minute_taker');
    return roles;
  }

  /** The review period ends `reviewDays` after the closing (a later version: after it was started). */
  private reviewEndsAt(s: CouncilSession, body: CouncilBody): Date | null {
    const from = s.minutesDraftSince ?? s.closedAt;
    return from ? reviewEnds(new Date(from), body.reviewDays) : null;
  }

  /** The municipality's name on the minutes: the council's name (there is no other setting for it). */
  private async municipality(em?: EntityManager): Promise<string> {
    return (await this.bodiesRepo.councilBody(em)).name;
  }

  /** The draft as it stands: the record, its frame (status, signatures) and its text. */
  private async draft(s: CouncilSession, body: CouncilBody): Promise<MinutesWithText> {
    const m = await this.record(s);
    const sha = minutesSha256(m);
    const signatures = await this.signatures(s.id, s.minutesVersion);
    const status = s.status === 'closed' ? statusOf(sha, signatures) : 'draft';
    const frame: MinutesFrame = {
      municipality: await this.municipality(),
      version: s.minutesVersion,
      reason: s.minutesReason,
      status,
      sha256: sha,
      signatures,
      publishedAt: null,
    };
    const record: CouncilMinutes = {
      ...m,
      number: s.number,
      version: s.minutesVersion,
      reason: s.minutesReason,
      status,
      reviewEndsAt: this.reviewEndsAt(s, body)?.toISOString() ?? null,
      sha256: sha,
      signatures,
    };
    return { ...record, text: minutesText(record, frame) };
  }

  private async versions(sittingId: string): Promise<MinutesVersionView[]> {
    const rows = await this.minutesRepo.minutesVersions(sittingId);
    const names = await this.directory.names(rows.map((r) => r.publishedBy));
    return rows.map((r) => ({
      version: r.version,
      number: r.number,
      reason: r.reason,
      sha256: r.sha256,
      files: { json: r.jsonSha256, html: r.htmlSha256, pdf: r.pdfSha256 },
      publishedAt: r.publishedAt.toISOString(),
      publishedBy: names.get(r.publishedBy) ?? { id: r.publishedBy, displayName: '' },
    }));
  }

  private async signatures(sittingId: string, version: number, em?: EntityManager): Promise<MinutesSignatureView[]> {
    const rows = await this.minutesRepo.minutesSignatures(sittingId, version, em);
    const names = await this.directory.names(
      rows.map((r) => r.userId),
      em,
    );
    return rows
      .sort((a, b) => SIGNERS.indexOf(a.role) - SIGNERS.indexOf(b.role))
      .map((r) => ({
        role: r.role,
        signer: names.get(r.userId) ?? { id: r.userId, displayName: '' },
        signedAt: new Date(r.signedAt).toISOString(),
        sha256: r.sha256,
      }));
  }

  private async corrections(sittingId: string): Promise<MinutesCorrectionView[]> {
    const rows = await this.minutesRepo.minutesCorrections(sittingId);
    const names = await this.directory.names(rows.flatMap((r) => [r.userId, ...(r.answeredBy ? [r.answeredBy] : [])]));
    const name = (id: string) => names.get(id) ?? { id, displayName: '' };
    return rows.map((r) => ({
      id: r.id,
      version: r.version,
      author: name(r.userId),
      text: r.text,
      createdAt: r.createdAt.toISOString(),
      answer: r.answer,
      accepted: r.accepted,
      answeredBy: r.answeredBy ? name(r.answeredBy) : null,
      answeredAt: r.answeredAt ? new Date(r.answeredAt).toISOString() : null,
    }));
  }

  /** The record of the sitting, as the minutes show it. */
  private async record(s: CouncilSession): Promise<CouncilMinutes> {
    const view = await this.views.sitting(s, undefined, { inner: true });
    const titles = new Map(view.items.map((i) => [i.id, i.title]));
    const { votes, attendance, recordings, speakers, items, form, elections = [], changes: _changes, ...rest } = view;
    // The minutes keep the content they were signed on: when items were taken up is the recording's chapters, not
    // theirs; the announcements before the sitting are the invitation's, not the minutes' (and a sitting in the
    // chamber's content is as before the remote form existed).
    const sitting = {
      ...rest,
      ...(form?.remote ? { form } : {}),
      items: items.map(({ takenUpAt: _taken, ...i }) => i),
    };
    // The roster fixed at the opening (a sitting never opened: the body's members now).
    const roster = s.roster ?? (await this.bodiesRepo.members(s.bodyId, undefined, s.mandateId));
    const mandate = await this.mandates.mandate(s.mandateId);
    const came = new Set(attendance.filter((a) => a.present || a.checkedInAt).map((a) => a.member.id));
    return {
      session: sitting,
      mandate: mandate?.name ?? '',
      attendance,
      absent: roster.filter((m) => !came.has(m.id)),
      votes: votes.map((v) => ({ ...v, itemTitle: (v.itemId && titles.get(v.itemId)) || '' })),
      ...(elections.length ? { elections } : {}),
      conflicts: view.items.flatMap((i) => i.conflicts),
      speakers: (speakers ?? []).map(floorRecord),
      recordings: recordings ?? [],
      generatedAt: new Date().toISOString(),
    };
  }
}

/** Signed: both signatures on the current content. */
function statusOf(sha: string, signatures: MinutesSignatureView[]): MinutesStatus {
  return SIGNERS.every((r) => signatures.some((g) => g.role === r && g.sha256 === sha)) ? 'signed' : 'draft';
}

/**
 * A speaker as the minutes keep them: the floor's limit and the speech answered when there
 * are any; the moment the chair was told the time was up is the console's, not the record's.
 * (Requests from before time limits carry none of these, so minutes signed then keep their hash.)
 */
function floorRecord(sp: SpeakerView): SpeakerView {
  const { limitSeconds, answersId, timeUpAt: _told, ...rest } = sp;
  return {
    ...rest,
    ...(limitSeconds != null ? { limitSeconds } : {}),
    ...(answersId != null ? { answersId } : {}),
  };
}
