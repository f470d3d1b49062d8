import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CouncilTables } from './council-tables.js';
import { CouncilRecording } from './entities/index.js';

/** Recordings of sittings: `council_recording`. */
@Injectable()
export class RecordingsRepository extends CouncilTables {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  recordings(sittingId: string, em?: EntityManager): Promise<CouncilRecording[]> {
    return this.m(em)
      .getRepository(CouncilRecording)
      .find({ where: { sessionId: sittingId }, order: { startedAt: 'ASC', id: 'ASC' } });
  }

  async insertRecording(row: Partial<CouncilRecording>): Promise<void> {
    await this.db.getRepository(CouncilRecording).insert(row);
  }

  recordingByEgress(egressId: string): Promise<CouncilRecording | null> {
    return this.db.getRepository(CouncilRecording).findOneBy({ egressId });
  }

  /**
   * Applies what LiveKit says about a recording; a finished recording (complete or failed)
   * never goes back to `recording`, and known times and the file's location are kept.
   */
  async updateRecording(
    egressId: string,
    change: { status: CouncilRecording['status']; endedAt: Date | null; url: string | null; error: string | null },
  ): Promise<void> {
    await this.db.query(
      `UPDATE council_recording SET
         status = CASE WHEN status = 'recording' THEN $2 ELSE status END,
         ended_at = coalesce(ended_at, $3),
         url = coalesce(url, $4),
         error = coalesce(error, $5)
       WHERE egress_id = $1`,
      [egressId, change.status, change.endedAt, change.url, change.error],
    );
  }
}
