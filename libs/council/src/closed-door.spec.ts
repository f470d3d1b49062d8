import { describe, expect, it } from '@jest/globals';
import type { AgendaItemView, CouncilSessionView, DecisionView, SpeakerView, VoteView } from '@egov-box/contracts';
import {
  closedDoorOf,
  publicAbout,
  publicDecision,
  publicSittingView,
  publicSpeakers,
  publicSummary,
  publicVote,
} from './closed-door.js';

const AT = '2026-12-04T10:00:00.000Z';
const item = (id: string, over: Partial<AgendaItemView> = {}): AgendaItemView => ({
  id,
  position: Number(id.slice(1)),
  title: `Точка ${id}`,
  rapporteur: null,
  legalBasis: null,
  draftDecision: `проект ${id}`,
  subject: 'other',
  voteMode: 'roll_call',
  majority: 'present',
  conflicts: [{ itemId: id, member: { id: 'm', displayName: 'М' }, reason: 'роднина', declaredAt: AT }],
  materials: [
    {
      id: `f${id}`,
      itemId: id,
      filename: 'a.pdf',
      contentType: 'application/pdf',
      size: 1,
      sha256: 'x',
      uploadedAt: AT,
    },
  ],
  takenUpAt: [AT],
  ...over,
});
const vote = (id: string, itemId: string | null, status: 'open' | 'closed'): VoteView => ({
  id,
  sessionId: 's',
  itemId,
  mode: 'roll_call',
  majority: 'present',
  status,
  openedAt: AT,
  closedAt: status === 'closed' ? AT : null,
  ballotsCast: 1,
  counts: { for: 1, against: 0, abstain: 0 },
  atOpen: null,
  result: null,
  roll: [{ member: { id: 'm', displayName: 'М' }, choice: 'for', recordedBy: 'member' }],
});
const speaker = (id: string, itemId: string) => ({ id, itemId }) as SpeakerView;
const closed = { at: AT, reason: 'Решение № 7' };
const sitting = (over: Partial<CouncilSessionView> = {}): CouncilSessionView =>
  ({
    id: 's',
    status: 'open',
    currentItemId: 'i2',
    description: 'описание',
    items: [item('i1'), item('i2', { closedDoor: closed })],
    attendance: [{ member: { id: 'm', displayName: 'М' }, present: true, checkedInAt: AT, checkedOutAt: null }],
    votes: [vote('v1', 'i1', 'closed'), vote('v2', 'i2', 'closed'), vote('v3', 'i1', 'open')],
    speakers: [speaker('p1', 'i1'), speaker('p2', 'i2')],
    video: { configured: true, live: true },
    recordings: [{ id: 'r', status: 'complete', startedAt: AT, endedAt: AT, url: null }],
    ...over,
  }) as CouncilSessionView;

describe('closed-door: what the public view keeps (ЗМСМА чл. 28)', () => {
  it('a view without closed-door content is returned as it is', () => {
    const open = sitting({ items: [item('i1'), item('i2')] });
    expect(publicSittingView(open)).toBe(open);
  });

  it('a closed-door item: title and decision stay; debate, roll, materials, draft and conflicts go', () => {
    const v = publicSittingView(sitting());
    expect(v.items[0]).toEqual(item('i1'));
    expect(v.items[1]).toMatchObject({
      title: 'Точка i2',
      draftDecision: null,
      materials: [],
      conflicts: [],
      takenUpAt: [AT],
    });
    expect(v.items[1]!.closedDoor).toEqual({ at: AT, reason: null });
    expect(v.votes.map((x) => [x.id, x.roll === null])).toEqual([
      ['v1', false],
      ['v2', true],
      ['v3', false],
    ]);
    expect(v.speakers!.map((x) => x.id)).toEqual(['p1']);
    expect([v.currentItemId, v.attendance.length, v.video!.live]).toEqual(['i2', 1, true]);
  });

  it('a closed-door sitting: that it is held, its titles and its closed votes without names; no live state', () => {
    // A vote on no item (the agenda's adoption, a procedural motion) by roll call: no names either.
    const votes = [vote('v0', null, 'closed'), vote('v1', 'i1', 'closed'), vote('v2', 'i2', 'closed')];
    const v = publicSittingView(sitting({ closedDoor: closed, votes: [...votes, vote('v3', 'i1', 'open')] }));
    expect(v.closedDoor).toEqual({ at: AT, reason: null });
    expect(v.items.map((i) => [i.title, i.draftDecision, i.materials, i.conflicts, i.takenUpAt])).toEqual([
      ['Точка i1', null, [], [], []],
      ['Точка i2', null, [], [], []],
    ]);
    expect(v.votes.map((x) => [x.id, x.roll])).toEqual([
      ['v0', null],
      ['v1', null],
      ['v2', null],
    ]);
    expect(v).toMatchObject({ currentItemId: null, description: null, attendance: [], speakers: [], recordings: [] });
    expect(v.video).toEqual({ configured: true, live: false });
  });

  it.each([
    [{ sitting: false, items: new Set<string>() }, 'i1', true],
    [{ sitting: false, items: new Set(['i2']) }, 'i2', false],
    [{ sitting: false, items: new Set(['i2']) }, null, true],
    [{ sitting: true, items: new Set(['i1']) }, null, false],
  ])('an event about %j, item %s, goes to /public: %s', (scope, itemId, expected) => {
    expect(publicAbout(scope, itemId)).toBe(expected);
  });

  it('a summary in a public list: a closed-door sitting without its reason and current item', () => {
    const open = { currentItemId: 'i1' };
    expect(publicSummary(open)).toBe(open);
    expect(publicSummary({ currentItemId: 'i1', closedDoor: closed })).toEqual({
      currentItemId: null,
      closedDoor: { at: AT, reason: null },
    });
  });

  it('the speakers without closed-door items; the mark only when closed-door', () => {
    expect(publicSpeakers([speaker('p1', 'i1'), speaker('p2', 'i2')], new Set(['i2'])).map((s) => s.id)).toEqual([
      'p1',
    ]);
    expect(closedDoorOf({ closedDoorAt: null, closedDoorReason: null })).toEqual({});
    expect(closedDoorOf({ closedDoorAt: new Date(AT), closedDoorReason: 'x' })).toEqual({
      closedDoor: { at: AT, reason: 'x' },
    });
  });

  const proposer = { id: 'p', displayName: 'П' };
  const voted = (kind: VoteView['kind'], outcome: 'adopted' | 'rejected'): VoteView => ({
    ...vote('v', 'i2', 'closed'),
    kind,
    text: `текст ${kind}`,
    proposer,
    result: { outcome } as VoteView['result'],
  });
  it.each([
    ['decision', 'adopted', 'текст decision'],
    ['decision', 'rejected', null],
    ['amendment', 'adopted', null],
    ['amendment', 'rejected', null],
    ['procedural', 'adopted', null],
  ] as const)(
    'a closed-door item’s %s vote, %s: the public keeps the text %j, the proposer only with it, never the roll',
    (kind, outcome, text) => {
      const v = publicVote(voted(kind, outcome), new Set(['i2']));
      // The adopted decision is the act, with who proposed it; the rest was debate.
      expect([v.text, v.proposer, v.roll]).toEqual([text, text ? proposer : null, null]);
      expect(v.result?.outcome).toBe(outcome);
      // An open item's votes are as they are.
      const open = voted(kind, outcome);
      expect(publicVote(open, new Set(['i1']))).toBe(open);
    },
  );

  it('an open vote on a closed-door item is not in the public view until it closes', () => {
    const v = publicSittingView(sitting({ votes: [vote('v1', 'i1', 'open'), vote('v2', 'i2', 'open')] }));
    expect(v.votes.map((x) => x.id)).toEqual(['v1']);
  });

  it('a register entry of a closed-door item: the adopted decision’s text, not a rejected draft’s nor its amendments’', () => {
    const entry = (outcome: 'adopted' | 'rejected', itemId = 'i2') =>
      ({
        id: 'd',
        itemId,
        outcome,
        text: 'проект',
        procedure: [
          {
            voteId: 'a',
            kind: 'amendment',
            label: 'Предложение № 1',
            text: 'поправка',
            proposer,
            closedAt: AT,
            outcome: 'rejected',
            counts: null,
          },
        ],
      }) as unknown as DecisionView;
    const closedItems = new Set(['i2']);
    const adopted = publicDecision(entry('adopted'), closedItems);
    expect([
      adopted.text,
      adopted.procedure![0]!.text,
      adopted.procedure![0]!.proposer,
      adopted.procedure![0]!.label,
    ]).toEqual(['проект', null, null, 'Предложение № 1']);
    expect(publicDecision(entry('rejected'), closedItems).text).toBeNull();
    const open = entry('rejected', 'i1');
    expect(publicDecision(open, closedItems)).toBe(open);
  });
});
