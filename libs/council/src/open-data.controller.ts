import { createHash } from 'node:crypto';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { OpenDataFileParamsSchema, openDataFile, type OpenDataFileParams } from '@egov-box/contracts';
import { AppConfig, Public, ValidParams } from '@egov-box/platform';
import { OpenDataService } from './open-data.service.js';

interface Request {
  protocol: string;
  host: string;
  headers: Record<string, string | string[] | undefined>;
}
interface Reply {
  header(name: string, value: string): unknown;
  code(status: number): unknown;
}

/**
 * Sends a representation with a strong ETag (SHA-256 of the bytes), answering 304 with no
 * body when the client already holds it: harvesters revalidate instead of reloading.
 */
function cached(req: Request, res: Reply, type: string, body: string, filename?: string): string {
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
  res.header('etag', etag);
  res.header('cache-control', 'public, no-cache');
  const asked = String(req.headers['if-none-match'] ?? '')
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''));
  if (asked.includes(etag) || asked.includes('*')) {
    res.code(304);
    return '';
  }
  res.header('content-type', type);
  if (filename) res.header('content-disposition', `inline; filename="${filename}"`);
  return body;
}

/** Open data of the council (no login): datasets, their schemas, the DCAT-AP catalogue, the sittings' calendar. */
@ApiTags('public')
@Controller('public/council')
@Public()
export class OpenDataController {
  constructor(
    private readonly data: OpenDataService,
    private readonly config: AppConfig,
  ) {}

  /**
   * The portal's address for the absolute links of the catalogue and the calendar: PUBLIC_URL
   * when set, else as the client reached it (behind a proxy, TRUST_PROXY makes these the forwarded ones).
   */
  private baseOf(req: Request): string {
    return this.config.publicUrl ?? `${req.protocol}://${req.host}`;
  }

  @Get('data/catalog.jsonld')
  @ApiProduces('application/ld+json')
  @ApiOperation({ summary: "The DCAT-AP catalogue of the council's open datasets (JSON-LD; ETag)" })
  async catalogue(@Req() req: Request, @Res({ passthrough: true }) res: Reply) {
    const body = JSON.stringify(await this.data.catalogue(this.baseOf(req)));
    return cached(req, res, 'application/ld+json; charset=utf-8', body);
  }

  @Get('data/:file')
  @ApiProduces('text/csv', 'application/json')
  @ApiOperation({
    summary:
      'A dataset across all published sittings: {sittings|agenda-items|attendance|votes|ballots|decisions}.csv, .json, or its Table Schema (.schema.json); UTF-8; ETag',
  })
  async dataset(
    @ValidParams(OpenDataFileParamsSchema) p: OpenDataFileParams,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Reply,
  ) {
    const { dataset, format } = openDataFile(p.file);
    if (format === 'schema.json')
      return cached(req, res, 'application/json; charset=utf-8', JSON.stringify(this.data.schema(dataset)));
    const body = await this.data.dataset(dataset, format);
    return format === 'csv'
      ? cached(req, res, 'text/csv; charset=utf-8; header=present', body, `${dataset}.csv`)
      : cached(req, res, 'application/json; charset=utf-8', body);
  }

  @Get('calendar.ics')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: "The council's and committees' published sittings as an iCalendar feed (no login; ETag)" })
  async calendar(@Req() req: Request, @Res({ passthrough: true }) res: Reply) {
    return cached(req, res, 'text/calendar; charset=utf-8', await this.data.calendar(this.baseOf(req)), 'council.ics');
  }
}
