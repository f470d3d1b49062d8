import type { Role } from '@egov-box/contracts';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../users/password.js';

/** The demo municipality of the contract: four departments, 73 people, three halls. */
export const DEMO_DEPARTMENTS = [
  { code: 'mayor', name: 'Кабинет на кмета' },
  { code: 'council', name: 'Общински съвет' },
  { code: 'finance', name: 'Дирекция „Финанси и бюджет“' },
  { code: 'urban', name: 'Дирекция „Устройство на територията“' },
] as const;

export const DEMO_HALLS = [
  {
    kind: 'hall',
    name: 'Голяма заседателна зала',
    capacity: 40,
    location: 'Сграда на общината, ет. 2',
    equipment: ['projector', 'video_conferencing', 'wheelchair_access', 'microphones'],
    room: 'hall-golyama',
  },
  {
    kind: 'hall',
    name: 'Малка заседателна зала',
    capacity: 12,
    location: 'Сграда на общината, ет. 3',
    equipment: ['screen', 'video_conferencing'],
    room: 'hall-malka',
  },
  {
    kind: 'chamber',
    name: 'Зала на Общинския съвет',
    capacity: 80,
    location: 'Сграда на общината, ет. 1',
    equipment: ['projector', 'video_conferencing', 'wheelchair_access', 'microphones', 'voting_system', 'streaming'],
    room: 'council-chamber',
  },
] as const;

const MALE = [
  'Георги',
  'Иван',
  'Димитър',
  'Николай',
  'Петър',
  'Христо',
  'Стоян',
  'Тодор',
  'Васил',
  'Александър',
  'Стефан',
  'Йордан',
  'Пламен',
  'Красимир',
  'Любомир',
  'Емил',
];
const FEMALE = [
  'Мария',
  'Елена',
  'Иванка',
  'Десислава',
  'Гергана',
  'Радка',
  'Светла',
  'Надежда',
  'Теодора',
  'Виктория',
  'Снежана',
  'Цветелина',
  'Милена',
  'Анна',
  'Кремена',
  'Ралица',
];
const SURNAMES = [
  'Иванов',
  'Петров',
  'Георгиев',
  'Димитров',
  'Николов',
  'Стоянов',
  'Христов',
  'Тодоров',
  'Костадинов',
  'Атанасов',
  'Ангелов',
  'Маринов',
  'Попов',
  'Колев',
  'Василев',
  'Кирилов',
  'Симеонов',
  'Павлов',
  'Стефанов',
  'Йорданов',
];

/** A deterministic Bulgarian name: surnames agree with the first name's gender. */
export function demoName(i: number): string {
  const female = i % 2 === 1;
  const first = (female ? FEMALE : MALE)[Math.floor(i / 2) % 16]!;
  const surname = SURNAMES[(i * 7) % SURNAMES.length]!;
  return `${first} ${female ? surname + 'а' : surname}`;
}

interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  department: string;
}

export function demoUsers(): DemoUser[] {
  const users: DemoUser[] = [
    { username: 'admin', displayName: 'Администратор на портала', roles: ['admin'], department: 'mayor' },
    { username: 'clerk', displayName: 'Веселина Драганова', roles: ['clerk'], department: 'council' },
    {
      username: 'chair',
      displayName: 'Костадин Димитров',
      roles: ['council_chair', 'councillor'],
      department: 'council',
    },
  ];
  for (let i = 1; i <= 50; i++) {
    users.push({
      username: `councillor${String(i).padStart(2, '0')}`,
      displayName: demoName(i + 3),
      roles: ['councillor'],
      department: 'council',
    });
  }
  const servantDepartments = ['mayor', 'finance', 'urban'];
  for (let i = 1; i <= 20; i++) {
    users.push({
      username: `servant${String(i).padStart(2, '0')}`,
      displayName: demoName(i + 60),
      roles: ['staff'],
      department: servantDepartments[(i - 1) % 3]!,
    });
  }
  return users;
}

/**
 * Seeds the demo municipality into an empty database. Every insert is
 * `ON CONFLICT DO NOTHING` on a natural key, so running it twice (or from two
 * processes) never duplicates anything. All demo accounts share one password, so
 * they share one argon2id hash: computed once, not 73 times.
 */
export async function seedDemoMunicipality(db: DataSource, password: string): Promise<boolean> {
  const [{ count }] = (await db.query('SELECT count(*)::int AS count FROM app_user')) as [{ count: number }];
  if (count > 0) return false;
  const hash = await hashPassword(password);
  await db.transaction(async (em) => {
    for (const d of DEMO_DEPARTMENTS) {
      await em.query('INSERT INTO department (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING', [
        d.code,
        d.name,
      ]);
    }
    const users = demoUsers();
    await em.query(
      `INSERT INTO app_user (username, display_name, roles, password_hash, department_id)
       SELECT u.username, u.display_name, string_to_array(u.roles, ','), $1, d.id
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(username, display_name, roles, department)
       JOIN department d ON d.code = u.department
       ON CONFLICT (username) DO NOTHING`,
      [
        hash,
        users.map((u) => u.username),
        users.map((u) => u.displayName),
        users.map((u) => u.roles.join(',')),
        users.map((u) => u.department),
      ],
    );
    for (const h of DEMO_HALLS) {
      await em.query(
        `INSERT INTO space (kind, name, capacity, location, equipment, livekit_room)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (livekit_room) DO NOTHING`,
        [h.kind, h.name, h.capacity, h.location, h.equipment, h.room],
      );
    }
  });
  return true;
}

/**
 * Creates the first administrator of an installation (production has no demo accounts),
 * but only while there is no enabled administrator: changing the settings later changes
 * nothing, so they cannot be used to take over a running portal.
 */
export async function ensureInitialAdmin(db: DataSource, username: string, password: string): Promise<void> {
  const [{ count }] = (await db.query(
    `SELECT count(*)::int AS count FROM app_user WHERE 'admin' = ANY(roles) AND disabled_at IS NULL`,
  )) as [{ count: number }];
  if (count > 0) return;
  const hash = await hashPassword(password);
  await db.query(
    `INSERT INTO app_user (username, display_name, roles, password_hash)
     VALUES ($1, 'Администратор', ARRAY['admin'], $2) ON CONFLICT (username) DO NOTHING`,
    [username, hash],
  );
}
