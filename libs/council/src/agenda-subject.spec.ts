import { describe, expect, it } from '@jest/globals';
import {
  AGENDA_SUBJECTS,
  AgendaItemInputSchema,
  DraftAgendaItemSchema,
  MAJORITIES,
  UpdateCouncilSessionSchema,
  VOTE_MODES,
  subjectIssues,
  subjectRequirement,
  type AgendaSubject,
} from '@egov-box/contracts';
import { AppError } from '@egov-box/platform';
import { requireLawfulAgenda } from './agenda-subject.js';

describe('subjectRequirement: ЗМСМА чл. 27, ал. 5', () => {
  it.each([
    ['budget', 6],
    ['local_taxes_fees', 7],
    ['municipal_property', 8],
    ['municipal_debt', 10],
  ] as [AgendaSubject, number][])('%s (чл. 21, ал. 1, т. %i): a roll call of all or more', (subject, point) => {
    expect(subjectRequirement(subject)).toEqual({
      voteMode: 'roll_call',
      majorities: ['all', 'two_thirds_all'],
      basis: `ЗМСМА чл. 27, ал. 5 във вр. с чл. 21, ал. 1, т. ${point}`,
    });
  });
  it('other: anything goes', () => {
    expect(subjectRequirement('other')).toEqual({ voteMode: null, majorities: MAJORITIES, basis: null });
    for (const voteMode of VOTE_MODES)
      for (const majority of MAJORITIES) expect(subjectIssues({ subject: 'other', voteMode, majority })).toEqual([]);
  });
  it('every subject has its rule', () => {
    for (const s of AGENDA_SUBJECTS) expect(subjectRequirement(s)).toBeDefined();
  });
});

describe('subjectIssues', () => {
  it('a budget item refusing an open vote (and a majority of those present)', () => {
    const issues = subjectIssues({ subject: 'budget', voteMode: 'open', majority: 'present' });
    expect(issues.map((i) => i.field)).toEqual(['voteMode', 'majority']);
    for (const i of issues) expect(i.message).toContain('ЗМСМА чл. 27, ал. 5 във вр. с чл. 21, ал. 1, т. 6');
  });
  it('only the weaker settings: a secret ballot, a majority of those present', () => {
    expect(
      subjectIssues({ subject: 'municipal_debt', voteMode: 'secret', majority: 'all' }).map((i) => i.field),
    ).toEqual(['voteMode']);
    expect(
      subjectIssues({ subject: 'local_taxes_fees', voteMode: 'roll_call', majority: 'present' }).map((i) => i.field),
    ).toEqual(['majority']);
    expect(subjectIssues({ subject: 'municipal_property', voteMode: 'roll_call', majority: 'all' })).toEqual([]);
    expect(subjectIssues({ subject: 'municipal_property', voteMode: 'roll_call', majority: 'two_thirds_all' })).toEqual(
      [],
    );
  });
});

describe('the schemas enforce it, the draft edit’s included', () => {
  it('a new item: subject defaults to other; weaker settings refused at voteMode / majority', () => {
    expect(AgendaItemInputSchema.parse({ title: 'Разни' })).toMatchObject({
      subject: 'other',
      voteMode: 'open',
      majority: 'present',
    });
    const r = AgendaItemInputSchema.safeParse({ title: 'Бюджет', subject: 'budget' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path)).toEqual([['voteMode'], ['majority']]);
  });
  it('an item of a draft being edited (not lost to `.extend`)', () => {
    const id = '11111111-1111-4111-8111-111111111111';
    expect(
      DraftAgendaItemSchema.safeParse({ id, title: 'Бюджет', subject: 'budget', voteMode: 'open', majority: 'all' })
        .success,
    ).toBe(false);
    expect(
      DraftAgendaItemSchema.parse({ id, title: 'Бюджет', subject: 'budget', voteMode: 'roll_call', majority: 'all' }),
    ).toMatchObject({ id, subject: 'budget' });
    const r = UpdateCouncilSessionSchema.safeParse({
      agenda: [{ id, title: 'Бюджет', subject: 'budget', voteMode: 'open', majority: 'all' }],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path)).toEqual([['agenda', 0, 'voteMode']]);
  });
});

describe('requireLawfulAgenda (the server’s own check)', () => {
  it('passes a lawful agenda, an item without a subject counting as other', () => {
    expect(() =>
      requireLawfulAgenda([
        { subject: 'budget', voteMode: 'roll_call', majority: 'all' },
        { voteMode: 'open', majority: 'present' },
      ]),
    ).not.toThrow();
  });
  it('refuses with 400 validation_failed and the issue paths the API reports', () => {
    let err: unknown;
    try {
      requireLawfulAgenda([
        { subject: 'other', voteMode: 'open', majority: 'present' },
        { subject: 'budget', voteMode: 'open', majority: 'present' },
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.getStatus()).toBe(400);
    expect(e.code).toBe('validation_failed');
    expect((e.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'body.agenda.1.voteMode',
      'body.agenda.1.majority',
    ]);
  });
});
