import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  MATERIAL_CONTENT_TYPES,
  MATERIAL_MAX_BYTES,
  type MaterialContentType,
  type MaterialView,
  type PublicAgenda,
} from '@egov-box/contracts';
import {
  AccessService,
  AppConfig,
  AppError,
  AuditService,
  actsOnAnyObject,
  type AuthUser,
  CommonErrors,
} from '@egov-box/platform';
import { ANYONE } from './council-access.js';
import { CouncilErrors } from './council.errors.js';
import { SittingsRepository } from './sittings.repository.js';
import { MaterialsRepository } from './materials.repository.js';
import { closedScope, publicAbout, publicSittingView } from './closed-door.js';
import { CouncilViews } from './council-views.js';
import type { AgendaMaterial, CouncilSession } from './entities/index.js';
import { csv } from './csv.js';

const TYPES = Object.values(MATERIAL_CONTENT_TYPES) as MaterialContentType[];
/** Other routes get no more of these types than of JSON. */
const DEFAULT_LIMIT = 1024 * 1024;
const UPLOAD_ROUTE = /\/council\/sessions\/:id\/items\/:itemId\/materials$/;

/** The type the bytes really are (PDF, or the ZIP containers of DOCX and ODT), or null. */
export function sniffMaterial(b: Buffer): MaterialContentType | null {
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return MATERIAL_CONTENT_TYPES.pdf;
  if (b.length < 30 || b.readUInt32LE(0) !== 0x04034b50) return null;
  // ODF: the first entry is "mimetype", stored uncompressed, holding the media type.
  const nameLength = b.readUInt16LE(26);
  const extraLength = b.readUInt16LE(28);
  const name = b.subarray(30, 30 + nameLength).toString('latin1');
  if (name === 'mimetype') {
    const start = 30 + nameLength + extraLength;
    const mime = b.subarray(start, start + MATERIAL_CONTENT_TYPES.odt.length).toString('latin1');
    return mime === MATERIAL_CONTENT_TYPES.odt ? MATERIAL_CONTENT_TYPES.odt : null;
  }
  // OOXML word document: the package lists its parts and has a word/ folder.
  if (b.includes('[Content_Types].xml', 0, 'latin1') && b.includes('word/document.xml', 0, 'latin1'))
    return MATERIAL_CONTENT_TYPES.docx;
  return null;
}

type Hooked = { addContentTypeParser: (...args: unknown[]) => void };
type RawRequest = { routeOptions?: { url?: string }; method: string; headers: Record<string, unknown> };
type Payload = { on(e: string, f: (...a: never[]) => void): Payload };

/**
 * Materials of agenda items (PDF/DOCX/ODT, checked by their first bytes, at most
 * MATERIAL_MAX_BYTES), stored once per content under DATA_DIR/materials/<sha256>; and the
 * published agenda as open data (JSON, CSV).
 */
@Injectable()
export class MaterialsService implements OnModuleInit {
  constructor(
    private readonly sittingsRepo: SittingsRepository,
    private readonly materialsRepo: MaterialsRepository,
    private readonly views: CouncilViews,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly http: HttpAdapterHost,
    private readonly access: AccessService,
  ) {}

  /** The files come as the raw body: the upload route takes up to the material limit. */
  onModuleInit(): void {
    const fastify = this.http.httpAdapter?.getInstance() as Hooked | undefined;
    if (!fastify?.addContentTypeParser) return;
    fastify.addContentTypeParser(
      TYPES,
      (req: RawRequest, payload: Payload, done: (e: Error | null, b?: Buffer) => void) => {
        const upload = req.method === 'POST' && UPLOAD_ROUTE.test(req.routeOptions?.url ?? '');
        const limit = upload ? MATERIAL_MAX_BYTES : DEFAULT_LIMIT;
        const tooLarge = () =>
          Object.assign(new Error('The body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
        let finished = false;
        const finish = (err: Error | null, body?: Buffer) => {
          if (finished) return;
          finished = true;
          done(err, body);
        };
        if (Number(req.headers['content-length'] ?? 0) > limit) {
          payload.on('error', () => undefined);
          return finish(tooLarge());
        }
        const chunks: Buffer[] = [];
        let size = 0;
        payload.on('data', (c: Buffer) => {
          if (finished) return;
          size += c.length;
          if (size > limit) finish(tooLarge());
          else chunks.push(c);
        });
        payload.on('end', () => finish(null, Buffer.concat(chunks)));
        payload.on('error', (err: Error) => finish(err));
      },
    );
  }

  async upload(
    actor: AuthUser,
    sittingId: string,
    itemId: string,
    input: { filename: string; contentType: string | undefined; body: unknown },
  ): Promise<MaterialView> {
    await this.access.requireAccess(actor, 'council.material.upload');
    // The clerk attaches materials; a member (or the chair) only to the urgent item they
    // proposed at the sitting, while it awaits its vote (issue 15).
    if (!actsOnAnyObject(actor, 'council.material.upload')) {
      const item = await this.sittingsRepo.item(sittingId, itemId);
      if (!item || item.state !== 'proposed' || item.proposedBy !== actor.id)
        throw CommonErrors.forbidden('Only the clerk attaches materials, or a member to the item they proposed');
    }
    const declared = (input.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!Buffer.isBuffer(input.body) || !TYPES.includes(declared as MaterialContentType))
      throw CouncilErrors.unsupportedMaterial('Send a PDF, DOCX or ODT file as the raw body', {
        accepted: TYPES,
      });
    const body = input.body;
    if (!body.length) throw CouncilErrors.emptyMaterial('The file is empty');
    if (body.length > MATERIAL_MAX_BYTES)
      throw CommonErrors.payloadTooLarge('The file is too large', { maxBytes: MATERIAL_MAX_BYTES });
    const actual = sniffMaterial(body);
    if (actual !== declared)
      throw CouncilErrors.unsupportedMaterial('The file is not what its type says', {
        declared,
        detected: actual,
      });
    const s = await this.sittingsRepo.sitting(sittingId);
    if (!s) throw AppError.notFound('Council session');
    if (s.status === 'closed') throw CouncilErrors.sessionClosed('The session is closed');
    if (!(await this.sittingsRepo.item(sittingId, itemId))) throw AppError.notFound('Agenda item');

    const sha256 = createHash('sha256').update(body).digest('hex');
    const dir = join(this.config.dataDir, 'materials');
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${sha256}.${process.pid}.${Date.now()}.tmp`);
    await writeFile(tmp, body);
    await rename(tmp, join(dir, sha256)); // same content, same name: an atomic replace is harmless

    const material = await this.sittingsRepo.transaction(async (em) => {
      const locked = await this.sittingsRepo.lockSitting(sittingId, em);
      if (!locked) throw AppError.notFound('Council session');
      if (locked.status === 'closed') throw CouncilErrors.sessionClosed('The session is closed');
      const m = await this.materialsRepo.insertMaterial(
        {
          sessionId: sittingId,
          itemId,
          filename: input.filename,
          contentType: declared,
          size: body.length,
          sha256,
          uploadedBy: actor.id,
        },
        em,
      );
      await this.sittingsRepo.bump(sittingId, {}, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.material.uploaded',
          targetType: 'council_agenda_item',
          targetId: itemId,
          details: { sessionId: sittingId, materialId: m.id, filename: input.filename, size: body.length, sha256 },
        },
        em,
      );
      return m;
    });
    return this.views.material(material);
  }

  /** Anyone signed in: materials of published sessions; the clerks and the council's chair: of drafts too. */
  async download(actor: AuthUser, sittingId: string, itemId: string, id: string) {
    // A draft's files are as hidden as the draft itself (clerks and the council's chair);
    // once published they are everyone's, here and on the public route.
    await this.access.requireAccess(actor, 'council.material.read', sittingId);
    return this.file(await this.materialsRepo.material(sittingId, itemId, id));
  }

  async publicDownload(sittingId: string, itemId: string, id: string) {
    await this.access.requireAccess(ANYONE, 'council.material.read', sittingId);
    // A closed-door sitting's or item's materials are the members' and staff's (ЗМСМА чл. 28): not there.
    if (!publicAbout(await closedScope(this.sittingsRepo, sittingId), itemId)) throw AppError.notFound('Material');
    return this.file(await this.materialsRepo.material(sittingId, itemId, id));
  }

  private async file(m: AgendaMaterial | null): Promise<{ material: MaterialView; bytes: Buffer }> {
    if (!m) throw AppError.notFound('Material');
    const bytes = await readFile(join(this.config.dataDir, 'materials', m.sha256)).catch(() => null);
    if (!bytes) throw AppError.notFound('Material');
    return { material: this.views.material(m), bytes };
  }

  async publicAgenda(sittingId: string): Promise<PublicAgenda> {
    await this.access.requireAccess(ANYONE, 'council.sitting.read', sittingId);
    return this.agendaOf((await this.sittingsRepo.sitting(sittingId))!);
  }

  /** One row per item and material (an item without materials has one row with empty material cells). */
  publicAgendaCsv(a: PublicAgenda): string {
    const header = [
      'session_number',
      'session_title',
      'starts_at',
      'item_number',
      'title',
      'rapporteur',
      'legal_basis',
      'vote_mode',
      'majority',
      'material_filename',
      'material_content_type',
      'material_size',
      'material_sha256',
    ];
    const rows: (string | number | null)[][] = [];
    for (const i of a.items) {
      const base = [
        a.session.number,
        a.session.title,
        a.session.startsAt,
        i.number,
        i.title,
        i.rapporteur,
        i.legalBasis,
        i.voteMode,
        i.majority,
      ];
      if (!i.materials.length) rows.push([...base, null, null, null, null]);
      for (const m of i.materials) rows.push([...base, m.filename, m.contentType, m.size, m.sha256]);
    }
    return csv([header, ...rows]);
  }

  private async agendaOf(s: CouncilSession): Promise<PublicAgenda> {
    // The public agenda: a closed-door item's title stays, its materials do not (closed-door.ts).
    const view = publicSittingView(await this.views.sitting(s));
    return {
      session: {
        id: s.id,
        number: s.number,
        title: s.title,
        status: s.status,
        startsAt: view.startsAt,
        endsAt: view.endsAt,
        publishedAt: view.publishedAt,
        extraordinary: view.extraordinary,
        extraordinaryReason: view.extraordinaryReason,
        agendaAdoptedAt: view.agendaAdoptedAt ?? null,
      },
      items: view.items.map((i) => ({
        id: i.id,
        number: i.position,
        title: i.title,
        rapporteur: i.rapporteur,
        legalBasis: i.legalBasis,
        subject: i.subject,
        voteMode: i.voteMode,
        majority: i.majority,
        materials: i.materials ?? [],
        state: i.state ?? 'scheduled',
        changes: i.changes ?? [],
      })),
    };
  }
}
