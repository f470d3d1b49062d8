import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The only code of presence that reads the database (who works with whom). */
@Injectable()
export class PresenceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Enabled colleagues of the same department (the user included); empty without a department. */
  async departmentColleagues(userId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT c.id FROM app_user u JOIN app_user c ON c.department_id = u.department_id
       WHERE u.id = $1 AND c.disabled_at IS NULL`,
      [userId],
    );
    return rows.map((r) => r.id);
  }
}
