import type { CouncilSessionView } from '@egov-box/contracts';
import { DateTime } from 'luxon';
import { ApiError } from '../../api/client';
import {
  allowsMajority,
  allowsVoteMode,
  checkDraft,
  committeeCheck,
  committeeFieldOf,
  createRequest,
  draftOf,
  emptyDraft,
  emptyItem,
  fieldOrder,
  filterPeople,
  fromSofiaLocal,
  moveItem,
  serverErrors,
  toSofiaLocal,
  updateRequest,
  withSubject,
  type SittingDraft,
} from './editor';

function draft(over: Partial<SittingDraft> = {}): SittingDraft {
  return {
    bodyId: '',
    title: 'Редовно заседание',
    description: '',
    startsAt: '2026-12-17T10:00',
    endsAt: '2026-12-17T14:00',
    spaceId: '',
    extraordinary: false,
    extraordinaryReason: '',
    items: [
      { ...emptyItem(), title: 'Бюджет 2027', voteMode: 'roll_call', majority: 'all' },
      { ...emptyItem(), id: '11111111-1111-4111-8111-111111111111', title: 'Разни', rapporteur: ' Кмет ' },
    ],
    ...over,
  };
}

describe('Sofia wall clock', () => {
  it('reads a datetime-local value in Sofia (winter: UTC+2, summer: UTC+3)', () => {
    expect(fromSofiaLocal('2026-12-17T10:00')).toBe('2026-12-17T10:00:00+02:00');
    expect(Date.parse(fromSofiaLocal('2026-12-17T10:00')!)).toBe(Date.parse('2026-12-17T08:00:00Z'));
    expect(Date.parse(fromSofiaLocal('2026-07-01T10:00')!)).toBe(Date.parse('2026-07-01T07:00:00Z'));
  });
  it('refuses what is not a date and time', () => {
    expect(fromSofiaLocal('')).toBeNull();
    expect(fromSofiaLocal('2026-12-17')).toBeNull();
    expect(fromSofiaLocal('2026-13-40T10:00')).toBeNull();
  });
  it('shows an instant as the Sofia wall clock', () => {
    expect(toSofiaLocal('2026-12-17T08:00:00Z')).toBe('2026-12-17T10:00');
    expect(toSofiaLocal('2026-07-01T07:30:00.000Z')).toBe('2026-07-01T10:30');
  });
  it('starts a new draft a week ahead, 10:00–13:00 in Sofia', () => {
    const d = emptyDraft(DateTime.fromISO('2026-11-28T23:30:00Z'));
    // 23:30 UTC is already the 29th in Sofia.
    expect(d.startsAt).toBe('2026-12-06T10:00');
    expect(d.endsAt).toBe('2026-12-06T13:00');
    expect(d.items).toHaveLength(1);
  });
});

describe('moveItem', () => {
  it('moves up and down and keeps the ends', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    const same = ['a', 'b'];
    expect(moveItem(same, 0, -1)).toBe(same);
    expect(moveItem(same, 1, 1)).toBe(same);
  });
});

describe('checkDraft', () => {
  it('accepts a complete draft', () => {
    expect(checkDraft(draft())).toEqual({});
  });
  it('puts each problem on its field', () => {
    const d = draft({ title: '  ', endsAt: '2026-12-17T09:00' });
    d.items[1]!.title = '';
    expect(checkDraft(d)).toEqual({ title: 'required', endsAt: 'endBeforeStart', 'agenda.1.title': 'required' });
    expect(checkDraft(draft({ endsAt: '2026-12-17T10:00' }))).toEqual({ endsAt: 'endBeforeStart' });
    expect(checkDraft(draft({ startsAt: '', items: [] }))).toEqual({ startsAt: 'invalidTime', agenda: 'noItems' });
  });
});

describe('the subject of an item (ЗМСМА чл. 27, ал. 5)', () => {
  it('choosing the budget sets a roll call of all and disables the weaker options', () => {
    const item = withSubject({ ...emptyItem(), title: 'Бюджет 2027' }, 'budget');
    expect(item).toMatchObject({ title: 'Бюджет 2027', subject: 'budget', voteMode: 'roll_call', majority: 'all' });
    expect(['open', 'roll_call', 'secret'].filter((m) => allowsVoteMode('budget', m as never))).toEqual(['roll_call']);
    expect(['present', 'all', 'two_thirds_all'].filter((m) => allowsMajority('budget', m as never))).toEqual([
      'all',
      'two_thirds_all',
    ]);
  });
  it('keeps a stronger majority already chosen; `other` leaves the settings as they are', () => {
    const property = withSubject({ ...emptyItem(), majority: 'two_thirds_all' }, 'municipal_property');
    expect(property).toMatchObject({ voteMode: 'roll_call', majority: 'two_thirds_all' });
    expect(withSubject(property, 'other')).toMatchObject({
      subject: 'other',
      voteMode: 'roll_call',
      majority: 'two_thirds_all',
    });
    expect(withSubject(emptyItem(), 'other')).toMatchObject({ voteMode: 'open', majority: 'present' });
    expect(allowsVoteMode('other', 'secret')).toBe(true);
    expect(allowsMajority('other', 'present')).toBe(true);
  });
  it('a budget item refusing an open vote: checkDraft puts it on the vote mode and the majority', () => {
    const d = draft();
    d.items[1] = { ...d.items[1]!, subject: 'budget' };
    expect(checkDraft(d)).toEqual({ 'agenda.1.voteMode': 'subjectVoteMode', 'agenda.1.majority': 'subjectMajority' });
    expect(createRequest(d).agenda[1]).toMatchObject({ subject: 'budget', voteMode: 'open' });
    const order = fieldOrder(d);
    expect(order.indexOf('agenda.1.legalBasis')).toBeLessThan(order.indexOf('agenda.1.subject'));
    expect(order.indexOf('agenda.1.subject')).toBeLessThan(order.indexOf('agenda.1.voteMode'));
  });
});

describe('requests', () => {
  it('creates with instants, trimmed texts, nulls for empty optional fields and no ids', () => {
    const body = createRequest(draft({ bodyId: 'b1', spaceId: 's1' }));
    expect(body).toEqual({
      title: 'Редовно заседание',
      description: null,
      startsAt: fromSofiaLocal('2026-12-17T10:00'),
      endsAt: fromSofiaLocal('2026-12-17T14:00'),
      bodyId: 'b1',
      spaceId: 's1',
      extraordinary: false,
      extraordinaryReason: null,
      agenda: [
        {
          title: 'Бюджет 2027',
          rapporteur: null,
          legalBasis: null,
          subject: 'other',
          voteMode: 'roll_call',
          majority: 'all',
        },
        {
          title: 'Разни',
          rapporteur: 'Кмет',
          legalBasis: null,
          subject: 'other',
          voteMode: 'open',
          majority: 'present',
        },
      ],
    });
    expect(createRequest(draft())).not.toHaveProperty('bodyId');
    expect(createRequest(draft())).not.toHaveProperty('spaceId');
  });
  it('an extraordinary sitting goes with its trimmed reason; a regular one sends none', () => {
    expect(checkDraft(draft({ extraordinary: true, extraordinaryReason: '  ' }))).toEqual({
      extraordinaryReason: 'required',
    });
    const d = draft({ extraordinary: true, extraordinaryReason: ' Авария на водопровода ' });
    expect(checkDraft(d)).toEqual({});
    expect(createRequest(d)).toMatchObject({ extraordinary: true, extraordinaryReason: 'Авария на водопровода' });
    expect(updateRequest(d)).toMatchObject({ extraordinary: true, extraordinaryReason: 'Авария на водопровода' });
    // A reason typed, then the box unticked: the sitting is regular and no reason is sent.
    expect(updateRequest(draft({ extraordinaryReason: 'забравена' }))).toMatchObject({
      extraordinary: false,
      extraordinaryReason: null,
    });
    const order = fieldOrder(d);
    expect(order.indexOf('extraordinary')).toBeLessThan(order.indexOf('extraordinaryReason'));
    expect(order.indexOf('extraordinaryReason')).toBeLessThan(order.indexOf('agenda.0.title'));
  });
  it('updates with the whole agenda in its order, existing items keeping their ids', () => {
    const d = draft();
    d.items = moveItem(d.items, 1, -1);
    const body = updateRequest(d);
    expect(body.agenda!.map((i) => [i.id, i.title])).toEqual([
      ['11111111-1111-4111-8111-111111111111', 'Разни'],
      [undefined, 'Бюджет 2027'],
    ]);
    expect(body.agenda![1]).not.toHaveProperty('id');
    expect(body).not.toHaveProperty('bodyId');
  });
  it('prefills from a session in agenda order and in Sofia time', () => {
    const s = {
      id: 's',
      title: 'T',
      description: null,
      startsAt: '2026-12-17T08:00:00.000Z',
      endsAt: '2026-12-17T12:00:00.000Z',
      spaceId: 'sp',
      body: { id: 'b', kind: 'council', name: 'Общински съвет' },
      items: [
        {
          id: 'i2',
          position: 2,
          title: 'Две',
          rapporteur: null,
          legalBasis: 'чл. 21',
          subject: 'other',
          voteMode: 'open',
          majority: 'all',
        },
        {
          id: 'i1',
          position: 1,
          title: 'Едно',
          rapporteur: 'Кмет',
          legalBasis: null,
          subject: 'budget',
          voteMode: 'roll_call',
          majority: 'all',
        },
      ],
    } as unknown as CouncilSessionView;
    const d = draftOf(s);
    expect(d.startsAt).toBe('2026-12-17T10:00');
    expect(d.endsAt).toBe('2026-12-17T14:00');
    expect(d.items.map((i) => [i.id, i.title, i.rapporteur, i.legalBasis, i.subject])).toEqual([
      ['i1', 'Едно', 'Кмет', '', 'budget'],
      ['i2', 'Две', '', 'чл. 21', 'other'],
    ]);
    expect(new Set(d.items.map((i) => i.key)).size).toBe(2);
  });
});

describe('serverErrors', () => {
  it('maps validation issues to fields by their path', () => {
    const err = new ApiError(400, 'validation_failed', 'x', 'r', {
      issues: [
        { path: 'body.endsAt', message: 'endsAt must be after startsAt' },
        { path: 'body.agenda.2.title', message: 'Too small' },
        { path: 'body.agenda', message: 'an item may appear once' },
      ],
    });
    expect(serverErrors(err)).toEqual({
      fields: {
        endsAt: 'endsAt must be after startsAt',
        'agenda.2.title': 'Too small',
        agenda: 'an item may appear once',
      },
      form: false,
      conflicts: [],
    });
  });
  it('shows the meeting in the way of slot_taken at the time', () => {
    const conflict = { id: 'm', title: 'Среща', startsAt: '2026-12-17T08:00:00Z', endsAt: '2026-12-17T09:00:00Z' };
    const err = new ApiError(409, 'slot_taken', 'x', 'r', { conflicts: [conflict] });
    expect(serverErrors(err)).toEqual({ fields: { startsAt: 'slot_taken' }, form: false, conflicts: [conflict] });
  });
  it('keeps what belongs to no field for the form', () => {
    expect(serverErrors(new ApiError(409, 'not_draft', 'x')).form).toBe(true);
    expect(
      serverErrors(new ApiError(400, 'validation_failed', 'x', 'r', { issues: [{ path: 'body', message: 'm' }] })).form,
    ).toBe(true);
    expect(serverErrors(new Error('boom')).form).toBe(true);
    expect(serverErrors(new ApiError(400, 'invalid_space', 'x')).fields).toEqual({ spaceId: 'invalid_space' });
  });
  it('orders the fields as the form shows them', () => {
    const order = fieldOrder(draft());
    expect(order.indexOf('title')).toBeLessThan(order.indexOf('endsAt'));
    expect(order.indexOf('endsAt')).toBeLessThan(order.indexOf('agenda.0.title'));
    expect(order.indexOf('agenda.0.majority')).toBeLessThan(order.indexOf('agenda.1.title'));
  });
});

describe('committee form', () => {
  it('needs a name (when new), a member and a chair among the members', () => {
    expect(committeeCheck('', [], 'x')).toEqual({ name: 'required', members: 'noMembers', chair: 'chair_not_member' });
    expect(committeeCheck(null, ['a'], 'a')).toEqual({ name: undefined, members: undefined, chair: undefined });
    expect(committeeCheck('Бюджет', ['a'], '')).toEqual({ name: undefined, members: undefined, chair: undefined });
  });
  it('puts the server refusals on their fields; the council’s fixed members on the form', () => {
    expect(committeeFieldOf(new ApiError(409, 'name_taken', 'x'))).toBe('name');
    expect(committeeFieldOf(new ApiError(400, 'chair_not_member', 'x'))).toBe('chair');
    expect(committeeFieldOf(new ApiError(400, 'not_a_councillor', 'x', 'r', { userIds: ['u'] }))).toBe('members');
    expect(
      committeeFieldOf(
        new ApiError(400, 'validation_failed', 'x', 'r', { issues: [{ path: 'body.memberIds', message: 'm' }] }),
      ),
    ).toBe('members');
    expect(committeeFieldOf(new ApiError(409, 'council_members_fixed', 'x'))).toBeNull();
    expect(committeeFieldOf(new ApiError(403, 'forbidden', 'x'))).toBeNull();
  });
  it('filters councillors by name, any case, keeping the chosen ones on top', () => {
    const people = [
      { id: '1', displayName: 'Петър Петров' },
      { id: '2', displayName: 'Анна Иванова' },
      { id: '3', displayName: 'Иван Петков' },
    ];
    expect(filterPeople(people, '', []).map((p) => p.id)).toEqual(['2', '3', '1']);
    expect(filterPeople(people, 'ПЕТ', []).map((p) => p.id)).toEqual(['3', '1']);
    expect(filterPeople(people, 'иван', ['1']).map((p) => p.id)).toEqual(['1', '2', '3']);
  });
});
