import { describe, expect, it } from '@jest/globals';
import { OpenVoteRequestSchema, defaultVoteLabel, type AgendaItemState } from '@egov-box/contracts';
import { agendaChanges } from './council-views.js';
import { agendaNotes } from './minutes-text.js';
import { agendaOrder, agendaPlace } from './procedure.service.js';

describe('the place of an urgent item on the agenda', () => {
  it.each<[number | null, number, number]>([
    // asked for, items on the agenda, place
    [null, 3, 4],
    [1, 3, 1],
    [2, 3, 2],
    [4, 3, 4],
    [9, 3, 4],
    [1, 0, 1],
    [null, 0, 1],
  ])('asked for %p with %i on the agenda -> %i', (asked, scheduled, place) => {
    expect(agendaPlace(asked, scheduled)).toBe(place);
  });

  const item = (
    id: string,
    position: number,
    state: AgendaItemState = 'scheduled',
    proposedPosition: number | null = null,
  ) => ({
    id,
    position,
    state,
    proposedPosition,
  });
  it.each<[string, ReturnType<typeof item>[], string, string[]]>([
    ['at the end', [item('a', 1), item('b', 2), item('u', 3, 'proposed')], 'u', ['a', 'b', 'u']],
    ['second', [item('a', 1), item('b', 2), item('u', 3, 'proposed', 2)], 'u', ['a', 'u', 'b']],
    ['first', [item('a', 1), item('b', 2), item('u', 3, 'proposed', 1)], 'u', ['u', 'a', 'b']],
    [
      'before waiting and rejected proposals, a withdrawn item keeping its place',
      [
        item('a', 1),
        item('w', 2, 'withdrawn'),
        item('r', 3, 'rejected'),
        item('p', 4, 'proposed'),
        item('u', 5, 'proposed', 3),
      ],
      'u',
      ['a', 'w', 'u', 'r', 'p'],
    ],
    ['past the end: last', [item('a', 1), item('u', 2, 'proposed', 7)], 'u', ['a', 'u']],
  ])('%s', (_name, items, id, order) => {
    expect(agendaOrder(items, id)).toEqual(order);
  });
});

describe('the open-vote request: each kind with what it needs', () => {
  const id = '6f1c1a53-8a4b-4f53-9b43-2f3a8f3f0a11';
  it.each<[string, Record<string, unknown>, boolean]>([
    ['an item alone: its decision (as before)', { itemId: id }, true],
    ['no item for a decision', {}, false],
    ['the agenda', { kind: 'agenda' }, true],
    ['the agenda on an item', { kind: 'agenda', itemId: id }, false],
    ['an agenda change', { kind: 'agenda_change', change: 'add', itemId: id }, true],
    ['an agenda change without its change', { kind: 'agenda_change', itemId: id }, false],
    ['a change on another kind', { itemId: id, change: 'add' }, false],
    ['an amendment', { kind: 'amendment', itemId: id, text: 'Текст', proposerId: id }, true],
    ['an amendment without text', { kind: 'amendment', itemId: id, proposerId: id }, false],
    ['an amendment without proposer', { kind: 'amendment', itemId: id, text: 'Текст' }, false],
    ['a break', { kind: 'procedural', motion: 'break' }, true],
    ['a procedural vote without motion', { kind: 'procedural' }, false],
    ['postponing without the item', { kind: 'procedural', motion: 'postpone' }, false],
    ['a decision with its own majority', { itemId: id, majority: 'all' }, false],
    ['a motion by another majority', { kind: 'procedural', motion: 'close_debate', majority: 'all' }, true],
    ['an unknown kind', { kind: 'election', itemId: id }, false],
    ['an unknown field', { itemId: id, candidates: [] }, false],
  ])('%s -> valid %s', (_name, body, valid) => {
    expect(OpenVoteRequestSchema.safeParse(body).success).toBe(valid);
  });

  it('labels each kind in Bulgarian', () => {
    expect(defaultVoteLabel({ kind: 'agenda' })).toBe('Приемане на дневния ред');
    expect(defaultVoteLabel({ kind: 'amendment', amendmentNumber: 3 })).toBe('Предложение за изменение № 3');
    expect(defaultVoteLabel({ kind: 'agenda_change', change: 'withdraw', itemTitle: 'Х' })).toBe(
      'Оттегляне от дневния ред: Х',
    );
    expect(defaultVoteLabel({ kind: 'procedural', motion: 'postpone' })).toBe(
      'Процедурно предложение: отлагане на точката',
    );
    expect(defaultVoteLabel({ kind: 'decision' })).toBeNull();
  });
});

describe('the agenda’s changes, from the votes’ stored results', () => {
  const result = (outcome: 'adopted' | 'rejected', f: number) =>
    ({ outcome, counts: { for: f, against: 0, abstain: 0 } }) as never;
  const at = new Date('2026-03-02T09:00:00Z');
  const votes = [
    {
      id: 'v1',
      itemId: 'i',
      kind: 'agenda_change',
      change: 'add',
      motion: null,
      status: 'closed',
      closedAt: at,
      result: result('adopted', 30),
    },
    {
      id: 'v2',
      itemId: 'i',
      kind: 'amendment',
      change: null,
      motion: null,
      status: 'closed',
      closedAt: at,
      result: result('adopted', 30),
    },
    {
      id: 'v3',
      itemId: 'i',
      kind: 'procedural',
      change: null,
      motion: 'postpone',
      status: 'closed',
      closedAt: at,
      result: result('rejected', 3),
    },
    {
      id: 'v4',
      itemId: 'i',
      kind: 'agenda_change',
      change: 'withdraw',
      motion: null,
      status: 'open',
      closedAt: null,
      result: null,
    },
    {
      id: 'v5',
      itemId: 'j',
      kind: 'agenda_change',
      change: 'withdraw',
      motion: null,
      status: 'closed',
      closedAt: at,
      result: result('adopted', 30),
    },
  ] as never[];

  it('lists the proposal, then each closed agenda change and postponement of the item, with its vote', () => {
    const changes = agendaChanges({ id: 'i', proposedAt: at }, votes);
    expect(changes.map((c) => [c.change, c.voteId, c.outcome])).toEqual([
      ['proposed', null, null],
      ['add', 'v1', 'adopted'],
      ['postponed', 'v3', 'rejected'],
    ]);
    // The minutes say it in Bulgarian, Sofia time.
    expect(agendaNotes({ state: 'scheduled', changes })).toEqual([
      'Предложена на 2 март 2026 г., 11:00 ч.',
      'Гласувано включване на 2 март 2026 г., 11:00 ч.: „за“ 30, „против“ 0, „въздържал се“ 0 — прието.',
      'Гласувано отлагане на 2 март 2026 г., 11:00 ч.: „за“ 3, „против“ 0, „въздържал се“ 0 — неприето.',
    ]);
  });

  it('says nothing of an item that was on the agenda all along', () => {
    expect(agendaChanges({ id: 'k', proposedAt: null }, votes)).toEqual([]);
    expect(agendaNotes({ state: 'scheduled', changes: [] })).toEqual([]);
    expect(agendaNotes({})).toEqual([]);
  });
});
