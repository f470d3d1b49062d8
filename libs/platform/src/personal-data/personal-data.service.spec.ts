import type { DataSource, EntityManager } from 'typeorm';
import {
  affectedRows,
  PersonalDataService,
  type ErasureContext,
  type PersonalDataProvider,
} from './personal-data.service.js';

const em = {} as EntityManager;

function provider(section: string, calls: string[], eraseOrder?: number, publicRecord = false): PersonalDataProvider {
  return {
    section,
    eraseOrder,
    export: (userId) => Promise.resolve({ section, userId }),
    erase: (_userId, _em, ctx: ErasureContext) => {
      calls.push(`${section}:${[...ctx.publicRecords].join(',')}`);
      if (publicRecord) ctx.publicRecords.add(section);
      return Promise.resolve({ n: 1 });
    },
  };
}

describe('PersonalDataService', () => {
  it('exports every registered section under its name', async () => {
    const registry = new PersonalDataService({} as DataSource);
    registry.register(provider('knocks', []));
    registry.register(provider('account', []));
    expect(registry.sections()).toEqual(['account', 'knocks']);
    expect(await registry.exportAll('u1', em)).toEqual({
      account: { section: 'account', userId: 'u1' },
      knocks: { section: 'knocks', userId: 'u1' },
    });
  });

  it('erases in eraseOrder, so the directory (last) sees what the council (first) kept public', async () => {
    const calls: string[] = [];
    const registry = new PersonalDataService({} as DataSource);
    registry.register(provider('account', calls, 100));
    registry.register(provider('knocks', calls));
    registry.register(provider('council', calls, 10, true));
    const done = await registry.eraseAll('u1', em, { actorId: 'a', now: new Date() });
    expect(calls).toEqual(['knocks:', 'council:', 'account:council']);
    expect(done).toEqual({
      publicRecords: ['council'],
      sections: { account: { n: 1 }, knocks: { n: 1 }, council: { n: 1 } },
    });
  });

  it('refuses a section registered twice', () => {
    const registry = new PersonalDataService({} as DataSource);
    registry.register(provider('account', []));
    expect(() => registry.register(provider('account', []))).toThrow('registered twice');
  });

  it('counts rows touched from either driver’s answer', () => {
    expect(affectedRows([[{ id: 1 }, { id: 2 }], 2])).toBe(2);
    expect(affectedRows([{ id: 1 }, { id: 2 }, { id: 3 }])).toBe(3);
    expect(affectedRows([[], 0])).toBe(0);
    expect(affectedRows([])).toBe(0);
  });
});
