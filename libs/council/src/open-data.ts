import { OPEN_DATASETS, type CouncilSessionView, type DecisionView, type OpenDataset } from '@egov-box/contracts';
import { csv } from './csv.js';

/**
 * The council's open data: six datasets across every published sitting, each as CSV (UTF-8,
 * RFC 4180) and JSON from the same rows, each with a Table Schema (Frictionless Data) that
 * names and types its columns. Built from the same views the public API answers with, so a
 * dataset never says what the API does not. Drafts are never in them (the views of published
 * sittings only); a secret vote gives its totals only, never a ballot.
 */

type FieldType = 'string' | 'integer' | 'boolean' | 'datetime';
type Cell = string | number | boolean | null;

export interface Field {
  name: string;
  type: FieldType;
  /** Bulgarian first. */
  title: string;
  description: string;
}

export interface DatasetSpec {
  name: OpenDataset;
  title: string;
  titleEn: string;
  description: string;
  fields: Field[];
  primaryKey: string[];
}

export { OPEN_DATASETS, type OpenDataset };

const f = (name: string, type: FieldType, title: string, description: string): Field => ({
  name,
  type,
  title,
  description,
});
const SITTING_ID = f('sitting_id', 'string', 'Заседание', 'The sitting (its id in sittings)');

export const DATASETS: Record<OpenDataset, DatasetSpec> = {
  sittings: {
    name: 'sittings',
    title: 'Заседания на общинския съвет и комисиите',
    titleEn: 'Sittings of the municipal council and its committees',
    description:
      'Every published sitting: body, number, title, status, times, publication of the agenda and the minutes.',
    primaryKey: ['id'],
    fields: [
      f('id', 'string', 'Идентификатор', 'Stable id of the sitting'),
      f('body_id', 'string', 'Орган (идентификатор)', 'The council or the committee'),
      f('body_name', 'string', 'Орган', 'Name of the council or the committee'),
      f('number', 'integer', 'Номер', 'Number of the sitting within its body and mandate (Протокол № N)'),
      f('title', 'string', 'Заглавие', 'Title of the sitting'),
      f('status', 'string', 'Състояние', 'published, open, paused or closed'),
      f('extraordinary', 'boolean', 'Извънредно', 'An extraordinary sitting'),
      f('starts_at', 'datetime', 'Начало', 'Scheduled start (UTC, ISO 8601)'),
      f('ends_at', 'datetime', 'Край', 'Scheduled end (UTC)'),
      f('agenda_published_at', 'datetime', 'Дневен ред обявен', 'When the agenda was published (UTC)'),
      f('opened_at', 'datetime', 'Открито', 'When the chair opened the sitting (UTC; empty until then)'),
      f('closed_at', 'datetime', 'Закрито', 'When the chair closed the sitting (UTC; empty until then)'),
      f(
        'minutes_published_at',
        'datetime',
        'Протокол публикуван',
        'When the minutes were published (UTC; empty until then)',
      ),
      f('items', 'integer', 'Точки', 'Number of agenda items'),
    ],
  },
  'agenda-items': {
    name: 'agenda-items',
    title: 'Точки от дневния ред',
    titleEn: 'Agenda items',
    description:
      'Each item of each published agenda: position, title, rapporteur, legal basis, what it decides on and how it is voted.',
    primaryKey: ['id'],
    fields: [
      f('id', 'string', 'Идентификатор', 'Stable id of the item'),
      SITTING_ID,
      f('position', 'integer', 'Точка №', 'Position in the agenda'),
      f('title', 'string', 'Заглавие', 'Title of the item'),
      f('rapporteur', 'string', 'Вносител', 'Who brings the item'),
      f('legal_basis', 'string', 'Правно основание', 'Legal basis'),
      f('subject', 'string', 'Предмет', 'What it decides on (e.g. budget, property, other)'),
      f('vote_mode', 'string', 'Начин на гласуване', 'open, roll_call or secret'),
      f('majority', 'string', 'Мнозинство', 'The majority the decision needs'),
      f('materials', 'integer', 'Материали', 'Number of attached materials'),
    ],
  },
  attendance: {
    name: 'attendance',
    title: 'Присъствие',
    titleEn: 'Attendance',
    description: 'Who registered at each sitting, by name, with the times of registration and leaving.',
    primaryKey: ['sitting_id', 'member_id'],
    fields: [
      SITTING_ID,
      f('member_id', 'string', 'Член (идентификатор)', 'Stable id of the member'),
      f('member_name', 'string', 'Член', 'Name of the member'),
      f('present', 'boolean', 'Присъства', 'Present now (at the end, for a closed sitting)'),
      f('checked_in_at', 'datetime', 'Регистриран', 'Registration (UTC)'),
      f('checked_out_at', 'datetime', 'Напуснал', 'Leaving (UTC; empty if not left)'),
    ],
  },
  votes: {
    name: 'votes',
    title: 'Гласувания',
    titleEn: 'Votes',
    description:
      'Every closed vote: mode, majority, the quorum and the totals as stored when the vote closed (never recomputed).',
    primaryKey: ['id'],
    fields: [
      f('id', 'string', 'Идентификатор', 'Stable id of the vote'),
      SITTING_ID,
      f('item_id', 'string', 'Точка', 'The agenda item (its id in agenda-items)'),
      f('mode', 'string', 'Начин', 'open, roll_call or secret'),
      f('majority', 'string', 'Мнозинство', 'The majority needed'),
      f('opened_at', 'datetime', 'Открито', 'UTC'),
      f('closed_at', 'datetime', 'Закрито', 'UTC'),
      f('outcome', 'string', 'Резултат', 'adopted, rejected or no_quorum'),
      f('seats', 'integer', 'Членове по закон', 'Seats of the body'),
      f('present', 'integer', 'Присъстващи', 'Members present at the close'),
      f('quorum_reached', 'boolean', 'Кворум', 'Whether the quorum was there at the close'),
      f('required', 'integer', 'Нужни гласове „за“', 'Votes for needed to adopt'),
      f('for', 'integer', 'За', 'Votes for'),
      f('against', 'integer', 'Против', 'Votes against'),
      f('abstain', 'integer', 'Въздържали се', 'Abstentions'),
      f('decision_number', 'integer', 'Решение №', 'Number of the adopted decision (empty otherwise)'),
      f('kind', 'string', 'Вид', 'agenda, agenda_change, amendment, decision or procedural'),
      f(
        'label',
        'string',
        'Наименование',
        'The label of an agenda vote, an amendment or a motion (empty for a decision)',
      ),
      f('text', 'string', 'Текст', 'The text put to the vote: an amendment, or the decision as amended'),
      f('proposer_name', 'string', 'Вносител', 'Who proposed it, when named'),
    ],
  },
  ballots: {
    name: 'ballots',
    title: 'Поименно гласуване',
    titleEn: 'Roll-call ballots',
    description:
      'Each member’s choice in the closed roll-call votes, by name. Secret and open votes have no ballots here.',
    primaryKey: ['vote_id', 'member_id'],
    fields: [
      f('vote_id', 'string', 'Гласуване', 'The vote (its id in votes)'),
      SITTING_ID,
      f('item_id', 'string', 'Точка', 'The agenda item'),
      f('member_id', 'string', 'Член (идентификатор)', 'Stable id of the member'),
      f('member_name', 'string', 'Член', 'Name of the member'),
      f('choice', 'string', 'Вот', 'for, against or abstain'),
      f('recorded_by', 'string', 'Въведен от', 'member (electronically) or clerk (in the hall)'),
    ],
  },
  decisions: {
    name: 'decisions',
    title: 'Регистър на решенията',
    titleEn: 'Register of decisions',
    description:
      'The council’s decisions as decided: number, outcome, text, the vote, and when each was sent to the mayor and the regional governor and made public (ЗМСМА чл. 22).',
    primaryKey: ['id'],
    // The register's CSV columns as they were before these datasets (`GET …/decisions?format=csv`), ids after.
    fields: [
      f('number', 'integer', 'Решение №', 'Number within the mandate (adopted only)'),
      f('outcome', 'string', 'Резултат', 'adopted, rejected or no_quorum'),
      f('title', 'string', 'Заглавие', 'Title of the agenda item'),
      f('text', 'string', 'Текст', 'Text of the decision'),
      f('protocol_number', 'integer', 'Протокол №', 'Number of the sitting'),
      f('decided_at', 'datetime', 'Взето', 'When the vote closed (UTC)'),
      f('vote_mode', 'string', 'Начин на гласуване', 'open, roll_call or secret'),
      f('majority', 'string', 'Мнозинство', 'The majority needed'),
      f('for', 'integer', 'За', 'Votes for'),
      f('against', 'integer', 'Против', 'Votes against'),
      f('abstain', 'integer', 'Въздържали се', 'Abstentions'),
      f('present', 'integer', 'Присъстващи', 'Members present at the close'),
      f('seats', 'integer', 'Членове по закон', 'Seats of the council'),
      f('required', 'integer', 'Нужни гласове „за“', 'Votes for needed to adopt'),
      f('deadline', 'datetime', 'Срок', 'Adopted: by when it is sent and made public (ЗМСМА чл. 22, 7 days)'),
      f('sent_to_mayor_at', 'datetime', 'Изпратено на кмета', 'UTC'),
      f('sent_to_governor_at', 'datetime', 'Изпратено на областния управител', 'UTC'),
      f('published_at', 'datetime', 'Обнародвано', 'UTC'),
      f('mandate', 'string', 'Мандат', 'The mandate that numbers it'),
      f('id', 'string', 'Идентификатор', 'Stable id of the decision'),
      SITTING_ID,
      f('item_id', 'string', 'Точка', 'The agenda item'),
      f('vote_id', 'string', 'Гласуване', 'The vote (empty for an election: see election_id)'),
      f('election_id', 'string', 'Избор', 'The election round that elected someone (empty for a vote)'),
    ],
  },
};

export type Row = Record<string, Cell>;

/** The rows of every dataset, from the public views of the published sittings and the register. */
export function datasetRows(sittings: CouncilSessionView[], decisions: DecisionView[]): Record<OpenDataset, Row[]> {
  const out: Record<OpenDataset, Row[]> = {
    sittings: [],
    'agenda-items': [],
    attendance: [],
    votes: [],
    ballots: [],
    decisions: [],
  };
  for (const s of sittings) {
    out.sittings.push({
      id: s.id,
      body_id: s.body?.id ?? null,
      body_name: s.body?.name ?? null,
      number: s.number,
      title: s.title,
      status: s.status,
      extraordinary: s.extraordinary,
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      agenda_published_at: s.publishedAt,
      opened_at: s.openedAt,
      closed_at: s.closedAt,
      minutes_published_at: s.minutesPublishedAt ?? null,
      items: s.items.length,
    });
    for (const i of s.items)
      out['agenda-items'].push({
        id: i.id,
        sitting_id: s.id,
        position: i.position,
        title: i.title,
        rapporteur: i.rapporteur,
        legal_basis: i.legalBasis,
        subject: i.subject,
        vote_mode: i.voteMode,
        majority: i.majority,
        materials: i.materials?.length ?? 0,
      });
    for (const a of s.attendance)
      out.attendance.push({
        sitting_id: s.id,
        member_id: a.member.id,
        member_name: a.member.displayName,
        present: a.present,
        checked_in_at: a.checkedInAt,
        checked_out_at: a.checkedOutAt,
      });
    for (const v of s.votes) {
      // Only what is decided: an open vote's running count is the live page's, not the record's.
      if (v.status !== 'closed' || !v.result) continue;
      out.votes.push({
        id: v.id,
        sitting_id: s.id,
        item_id: v.itemId,
        mode: v.mode,
        majority: v.majority,
        opened_at: v.openedAt,
        closed_at: v.closedAt,
        outcome: v.result.outcome,
        seats: v.result.seats,
        present: v.result.present,
        quorum_reached: v.result.quorumReached,
        required: v.result.required,
        for: v.result.counts.for,
        against: v.result.counts.against,
        abstain: v.result.counts.abstain,
        decision_number: v.decision?.number ?? null,
        kind: v.kind ?? 'decision',
        label: v.label ?? null,
        text: v.text ?? null,
        proposer_name: v.proposer?.displayName ?? null,
      });
      if (v.mode !== 'roll_call') continue;
      for (const b of v.roll ?? [])
        out.ballots.push({
          vote_id: v.id,
          sitting_id: s.id,
          item_id: v.itemId,
          member_id: b.member.id,
          member_name: b.member.displayName,
          choice: b.choice,
          recorded_by: b.recordedBy ?? 'member',
        });
    }
  }
  out.decisions = decisions.map(decisionRow);
  return out;
}

/** A decision of the register as a row of its dataset. */
export function decisionRow(d: DecisionView): Row {
  return {
    number: d.number,
    outcome: d.outcome,
    title: d.title,
    text: d.text,
    protocol_number: d.protocolNumber,
    decided_at: d.decidedAt,
    vote_mode: d.voteMode,
    majority: d.majority,
    for: d.counts.for,
    against: d.counts.against,
    abstain: d.counts.abstain,
    present: d.present,
    seats: d.seats,
    required: d.required,
    deadline: d.deadline,
    sent_to_mayor_at: d.sentToMayorAt,
    sent_to_governor_at: d.sentToGovernorAt,
    published_at: d.publishedAt,
    mandate: d.mandate,
    id: d.id,
    sitting_id: d.sessionId,
    item_id: d.itemId,
    vote_id: d.voteId,
    election_id: d.electionId ?? null,
  };
}

/** The rows as CSV: the header is the schema's column names, in its order. */
export function datasetCsv(spec: DatasetSpec, rows: Row[]): string {
  const names = spec.fields.map((x) => x.name);
  return csv([
    names,
    ...rows.map((r) =>
      names.map((n) => {
        const v = r[n];
        return typeof v === 'boolean' ? String(v) : (v ?? null);
      }),
    ),
  ]);
}

/** The dataset's Table Schema (https://specs.frictionlessdata.io/table-schema/). */
export function tableSchema(spec: DatasetSpec) {
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    fields: spec.fields.map((x) => ({
      name: x.name,
      type: x.type,
      title: x.title,
      description: x.description,
      ...(x.type === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
    })),
    primaryKey: spec.primaryKey,
    missingValues: [''],
  };
}
