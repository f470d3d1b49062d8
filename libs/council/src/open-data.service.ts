import { Injectable } from '@nestjs/common';
import ical, { ICalEventStatus } from 'ical-generator';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { publicSittingView } from './closed-door.js';
import { CouncilViews } from './council-views.js';
import { DecisionsService } from './decisions.service.js';
import {
  DATASETS,
  OPEN_DATASETS,
  datasetCsv,
  datasetRows,
  tableSchema,
  type OpenDataset,
  type Row,
} from './open-data.js';

/** Where the datasets live under the API (the catalogue's links are absolute: `base` + these). */
export const OPEN_DATA_PATH = '/api/public/council/data';
export const COUNCIL_CALENDAR_PATH = '/api/public/council/calendar.ics';

const MEDIA = {
  csv: { type: 'text/csv', fileType: 'CSV' },
  json: { type: 'application/json', fileType: 'JSON' },
} as const;

/**
 * The council's open data (issue 16): the six datasets across all published sittings, their
 * Table Schemas, a DCAT-AP catalogue (JSON-LD) for national portals to harvest, and an
 * iCalendar feed of the sittings. Everything comes from the public views (CouncilViews.session,
 * the register), so nothing here is public that the public API does not already show.
 */
@Injectable()
export class OpenDataService {
  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly views: CouncilViews,
    private readonly decisions: DecisionsService,
  ) {}

  /** Every dataset's rows, from every published sitting (oldest first) and the register. */
  async rows(): Promise<Record<OpenDataset, Row[]>> {
    const views = [];
    // One at a time: on the embedded database every query waits its turn anyway.
    // As the public view shows each sitting: closed-door content left out (closed-door.ts).
    for (const s of await this.sittingsRepo.publishedSittings())
      views.push(publicSittingView(await this.views.sitting(s)));
    return datasetRows(views, await this.decisions.publicList());
  }

  async dataset(name: OpenDataset, format: 'csv' | 'json'): Promise<string> {
    const rows = (await this.rows())[name];
    return format === 'csv' ? datasetCsv(DATASETS[name], rows) : JSON.stringify(rows);
  }

  schema(name: OpenDataset) {
    return tableSchema(DATASETS[name]);
  }

  /** The DCAT-AP catalogue of the datasets; `base` is the portal's address as the client reached it. */
  async catalogue(base: string) {
    const council = await this.bodiesRepo.councilBody();
    const publisher = { '@id': `${base}/public`, '@type': 'foaf:Agent', 'foaf:name': council.name };
    const bgEn = (bg: string, en: string) => [
      { '@value': bg, '@language': 'bg' },
      { '@value': en, '@language': 'en' },
    ];
    const language = { '@id': 'http://publications.europa.eu/resource/authority/language/BUL' };
    return {
      '@context': {
        dcat: 'http://www.w3.org/ns/dcat#',
        dct: 'http://purl.org/dc/terms/',
        foaf: 'http://xmlns.com/foaf/0.1/',
        xsd: 'http://www.w3.org/2001/XMLSchema#',
      },
      '@id': `${base}${OPEN_DATA_PATH}/catalog.jsonld`,
      '@type': 'dcat:Catalog',
      'dct:title': bgEn(`Отворени данни: ${council.name}`, `Open data: ${council.name}`),
      'dct:description': bgEn(
        'Заседанията на общинския съвет и комисиите му, дневният ред, присъствието, гласуванията и решенията.',
        'The sittings of the municipal council and its committees: agenda, attendance, votes and decisions.',
      ),
      'dct:publisher': publisher,
      'dct:language': language,
      'foaf:homepage': { '@id': `${base}/public` },
      'dcat:dataset': OPEN_DATASETS.map((name) => {
        const spec = DATASETS[name];
        const at = `${base}${OPEN_DATA_PATH}/${name}`;
        return {
          '@id': at,
          '@type': 'dcat:Dataset',
          'dct:identifier': name,
          'dct:title': bgEn(spec.title, spec.titleEn),
          'dct:description': { '@value': spec.description, '@language': 'en' },
          'dct:publisher': publisher,
          'dct:language': language,
          'dcat:keyword': ['общински съвет', 'заседания', 'решения', 'municipal council'],
          'dcat:distribution': (['csv', 'json'] as const).map((format) => ({
            '@id': `${at}.${format}`,
            '@type': 'dcat:Distribution',
            'dct:title': `${spec.titleEn} (${MEDIA[format].fileType})`,
            'dcat:accessURL': { '@id': `${at}.${format}` },
            'dcat:downloadURL': { '@id': `${at}.${format}` },
            'dcat:mediaType': { '@id': `http://www.iana.org/assignments/media-types/${MEDIA[format].type}` },
            'dct:format': {
              '@id': `http://publications.europa.eu/resource/authority/file-type/${MEDIA[format].fileType}`,
            },
            'dct:conformsTo': { '@id': `${at}.schema.json` },
          })),
        };
      }),
    };
  }

  /**
   * The published sittings as iCalendar (times in UTC, so every field RFC 5545 wants in UTC
   * is): one event per sitting with a stable UID and a SEQUENCE that rises with every change.
   */
  async calendar(base: string): Promise<string> {
    const council = await this.bodiesRepo.councilBody();
    const refs = await this.views.bodyRefs();
    const cal = ical({
      name: council.name,
      prodId: { company: 'eGov Box', product: 'council', language: 'BG' },
      ttl: 15 * 60,
    });
    for (const s of await this.sittingsRepo.publishedSittings()) {
      const items = await this.sittingsRepo.items(s.id);
      const body = refs.get(s.bodyId)?.name ?? council.name;
      cal.createEvent({
        id: `council-session-${s.id}@egov-box`,
        sequence: s.version,
        start: s.startsAt,
        end: s.endsAt,
        stamp: s.updatedAt,
        lastModified: s.updatedAt,
        summary: `${body}: ${s.title}`,
        description: items.map((i) => `${i.position}. ${i.title}`).join('\n') || undefined,
        url: `${base}/public/sessions/${s.id}`,
        status: ICalEventStatus.CONFIRMED,
      });
    }
    return cal.toString();
  }
}
