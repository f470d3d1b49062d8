import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/platform/src/index.js';
import { AppUser, Space } from '../../libs/directory/src/index.js';
import { UsersRepository } from '../../libs/directory/src/users/users.repository.js';
import { Meeting } from '../../libs/schedule/src/entities/meeting.entity.js';
import { MeetingParticipant } from '../../libs/schedule/src/entities/meeting-participant.entity.js';
import { MeetingsRepository } from '../../libs/schedule/src/meetings.repository.js';
import { HallPolicyRow } from '../../libs/halls/src/entities/hall-policy.entity.js';
import { HallsRepository } from '../../libs/halls/src/halls.repository.js';
import { ENTITIES, MIGRATIONS } from '../../apps/server/src/app.module.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';

/**
 * The reads written out with `EntityColumns` (libs/platform/src/database/entity-columns.ts)
 * answer exactly what TypeORM's query builder answered for the same rows: the same classes,
 * the same properties (none more, none fewer: no password hash), the same values and types.
 * On the demo municipality, with a meeting, its participants and a hall policy added.
 */
describe('reads written out, against the query builder', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let userIds: string[];
  let meetingIds: string[];
  let hallIds: string[];

  beforeAll(async () => {
    db = await freshDatabase();
    ds = new DataSource(dataSourceOptions(db, ENTITIES, MIGRATIONS));
    await ds.initialize();
    const users = (await ds.query(
      `SELECT id, department_id FROM app_user WHERE username IN ('admin', 'clerk', 'servant01', 'servant02') ORDER BY username`,
    )) as { id: string; department_id: string | null }[];
    userIds = users.map((u) => u.id);
    // One of them without a department, so the LEFT JOIN's empty side is read too.
    await ds.query(`UPDATE app_user SET department_id = NULL, email = NULL WHERE id = $1`, [userIds[0]]);
    expect(users.some((u) => u.department_id !== null)).toBe(true);
    hallIds = ((await ds.query(`SELECT id FROM space WHERE kind = 'hall' ORDER BY name`)) as { id: string }[]).map(
      (h) => h.id,
    );
    await ds.query(
      `INSERT INTO hall_policy (space_id, bookable_hours, min_notice_minutes, max_duration_minutes, booking_window_days,
                                buffer_minutes, requires_approval, allowed_roles, allowed_department_ids)
       VALUES ($1, $2, 60, 240, 90, 15, true, '{clerk}', '{}')`,
      [hallIds[0], JSON.stringify({ from: '08:00', to: '18:00', days: [1, 2, 3, 4, 5] })],
    );
    meetingIds = [randomUUID(), randomUUID()];
    for (const [i, id] of meetingIds.entries()) {
      const startsAt = new Date(Date.UTC(2031, 2, 3 + i, 8, 0, 0));
      await ds.query(
        `INSERT INTO meeting (id, space_id, kind, title, description, organizer_id, starts_at, ends_at, status,
                              series_id, recurrence_rule, ical_uid)
         VALUES ($1, $2, 'booking', $3, $4, $5, $6, $7, 'confirmed', $8, $9, $10)`,
        [
          id,
          hallIds[i % hallIds.length],
          `Среща ${i}`,
          i ? null : 'Описание',
          userIds[1],
          startsAt,
          new Date(startsAt.getTime() + 3_600_000),
          i ? randomUUID() : null,
          i ? 'FREQ=WEEKLY;COUNT=2' : null,
          `${id}@egov-box`,
        ],
      );
      await ds.query(
        `INSERT INTO meeting_participant (meeting_id, user_id, role, response, responded_at)
         VALUES ($1, $2, 'organizer', 'accepted', now()), ($1, $3, 'invitee', 'needs_action', NULL)`,
        [id, userIds[1], userIds[2]],
      );
    }
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

  it('users with their departments (GET /api/me, user views)', async () => {
    const repo = new UsersRepository(ds);
    const built = await ds
      .getRepository(AppUser)
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.department', 'd')
      .where('u.id = ANY(:ids)', { ids: userIds })
      .getMany();
    expect(built).toHaveLength(4);
    expect(byId(await repo.findByIds(userIds))).toStrictEqual(byId(built));
    for (const user of built) expect(await repo.findById(user.id)).toStrictEqual(user);
    expect(await repo.findById(randomUUID())).toBeNull();
    const read = (await repo.findById(userIds[2]!))!;
    expect(read).toBeInstanceOf(AppUser);
    expect(read.department).not.toBeNull();
    expect((await repo.findById(userIds[0]!))!.department).toBeNull();
    expect(read).not.toHaveProperty('passwordHash');
    expect(read).not.toHaveProperty('publicName');
  });

  it('meetings with their spaces, and their participants', async () => {
    const repo = new MeetingsRepository(ds);
    const built = await ds
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.space', 's')
      .where('m.id = ANY(:ids)', { ids: meetingIds })
      .orderBy('m.starts_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
    expect(built).toHaveLength(2);
    const read = await repo.findByIds(meetingIds);
    expect(read).toStrictEqual(built);
    expect(read[0]).toBeInstanceOf(Meeting);
    expect(read[0]!.space).toBeInstanceOf(Space);
    expect(read[0]!.startsAt).toBeInstanceOf(Date);
    expect(await repo.findById(meetingIds[1]!)).toStrictEqual(built[1]);
    const participants = await ds
      .getRepository(MeetingParticipant)
      .createQueryBuilder('p')
      .where('p.meeting_id = ANY(:ids)', { ids: meetingIds })
      .getMany();
    const key = (p: MeetingParticipant) => `${p.meetingId}/${p.userId}`;
    const sorted = (list: MeetingParticipant[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    expect(participants).toHaveLength(4);
    expect(sorted(await repo.participants(meetingIds))).toStrictEqual(sorted(participants));
  });

  it('a hall with its policy, and one without', async () => {
    const repo = new HallsRepository(ds);
    for (const id of hallIds) {
      const space = await ds
        .getRepository(Space)
        .createQueryBuilder('s')
        .leftJoinAndMapOne('s.hallPolicy', HallPolicyRow, 'p', 'p.space_id = s.id')
        .where('s.id = :id', { id })
        .getOne();
      const joined = space as Space & { hallPolicy?: HallPolicyRow | null };
      const policy = joined.hallPolicy ?? null;
      delete joined.hallPolicy;
      expect(await repo.find(id)).toStrictEqual({ space, policy });
    }
    expect((await repo.find(hallIds[0]!))!.policy).toMatchObject({ bufferMinutes: 15, allowedRoles: ['clerk'] });
    expect((await repo.find(hallIds[1]!))!.policy).toBeNull();
    expect(await repo.find(randomUUID())).toBeNull();
  });
});
