import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CouncilTables } from './council-tables.js';
import { MinutesCorrection, MinutesSignature, MinutesVersion } from './entities/index.js';

/** Published minutes: `council_minutes_version`, `council_minutes_signature`, `council_minutes_correction`. */
@Injectable()
export class MinutesRepository extends CouncilTables {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  /** A published version of a sitting's minutes with its stored files (no `version`: the latest). */
  minutesVersion(sittingId: string, version?: number, em?: EntityManager): Promise<MinutesVersion | null> {
    return this.m(em)
      .getRepository(MinutesVersion)
      .findOne({
        where: version === undefined ? { sessionId: sittingId } : { sessionId: sittingId, version },
        order: { version: 'DESC' },
      });
  }

  /** The published versions of a sitting's minutes, oldest first, without their files. */
  minutesVersions(sittingId: string, em?: EntityManager): Promise<MinutesVersion[]> {
    return this.m(em)
      .getRepository(MinutesVersion)
      .find({
        select: {
          sessionId: true,
          version: true,
          number: true,
          reason: true,
          sha256: true,
          jsonSha256: true,
          htmlSha256: true,
          pdfSha256: true,
          publishedAt: true,
          publishedBy: true,
        },
        where: { sessionId: sittingId },
        order: { version: 'ASC' },
      });
  }

  minutesSignatures(sittingId: string, version: number, em?: EntityManager): Promise<MinutesSignature[]> {
    return this.m(em).getRepository(MinutesSignature).findBy({ sessionId: sittingId, version });
  }

  minutesCorrections(sittingId: string, em?: EntityManager): Promise<MinutesCorrection[]> {
    return this.m(em)
      .getRepository(MinutesCorrection)
      .find({ where: { sessionId: sittingId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
