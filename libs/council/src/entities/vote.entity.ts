import type {
  AgendaChange,
  BallotChoice,
  Majority,
  ProceduralMotion,
  VoteKind,
  VoteMode,
  VoteResult,
  VoteSnapshot,
} from '@egov-box/contracts';
import { AppUser } from '@egov-box/directory';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { AgendaItem } from './agenda-item.entity.js';
import { CouncilSession } from './council-session.entity.js';

/** A vote on an agenda item. At close the result snapshot is stored and never changes. */
@Entity('council_vote')
@Check('CHK_council_vote_mode', `"mode" IN ('open', 'roll_call', 'secret')`)
@Check('CHK_council_vote_majority', `"majority" IN ('present', 'all', 'two_thirds_all')`)
@Check('CHK_council_vote_status', `"status" IN ('open', 'closed')`)
@Check('CHK_council_vote_kind', `"kind" IN ('agenda', 'agenda_change', 'amendment', 'decision', 'procedural')`)
@Check('CHK_council_vote_item', `"item_id" IS NOT NULL OR "kind" IN ('agenda', 'procedural')`)
@Check(
  'CHK_council_vote_motion',
  `("motion" IS NOT NULL) = ("kind" = 'procedural') AND ("motion" IS NULL OR "motion" IN ('close_debate', 'break', 'postpone'))`,
)
@Check(
  'CHK_council_vote_change',
  `("change" IS NOT NULL) = ("kind" = 'agenda_change') AND ("change" IS NULL OR "change" IN ('add', 'withdraw'))`,
)
@Index('IDX_council_vote_session', ['sessionId', 'openedAt'])
@Index('UQ_council_vote_one_open', ['sessionId'], { unique: true, where: `"status" = 'open'` })
export class Vote {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_vote' })
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_vote_session' })
  session?: CouncilSession;

  /** The item voted on (null: the agenda's adoption, or a motion with no item taken up). */
  @Column({ name: 'item_id', type: 'uuid', nullable: true })
  itemId!: string | null;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_council_vote_item' })
  item?: AgendaItem | null;

  /** What is voted on (issue 15): only an adopted `decision` makes a numbered decision. */
  @Column({ type: 'text', default: 'decision' })
  kind!: VoteKind;

  /** How the record names it („Предложение за изменение № 1“); null: the item's title. */
  @Column({ type: 'text', nullable: true })
  label!: string | null;

  /** The text put to the vote: an amendment's, or the decision as amended (null: the item's draft). */
  @Column({ type: 'text', nullable: true })
  text!: string | null;

  /** A procedural vote's motion. */
  @Column({ type: 'text', nullable: true })
  motion!: ProceduralMotion | null;

  /** An agenda_change vote's change. */
  @Column({ type: 'text', nullable: true })
  change!: AgendaChange | null;

  /** Who proposed it (an amendment, a motion, an agenda change), when named. */
  @Column({ name: 'proposer_id', type: 'uuid', nullable: true })
  proposerId!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'proposer_id', foreignKeyConstraintName: 'FK_council_vote_proposer' })
  proposer?: AppUser | null;

  @Column({ type: 'text' })
  mode!: VoteMode;

  @Column({ type: 'text' })
  majority!: Majority;

  @Column({ type: 'text', default: 'open' })
  status!: 'open' | 'closed';

  @Column({ name: 'opened_by', type: 'uuid' })
  openedBy!: string;

  @Column({ name: 'opened_at', type: 'timestamptz', default: () => 'now()' })
  openedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** The snapshot when the vote opened (seats, present, entitled, quorum, required). */
  @Column({ name: 'at_open', type: 'jsonb', nullable: true })
  atOpen!: VoteSnapshot | null;

  /** The snapshot at close, with the outcome: what every later view, the minutes and open data read. */
  @Column({ type: 'jsonb', nullable: true })
  result!: VoteResult | null;

  /**
   * Secret votes: the random key of the HMAC that identifies a voter's ballot while the vote
   * is open (so a new choice replaces the old one). Destroyed at close.
   */
  @Column({ name: 'secret_key', type: 'text', nullable: true, select: false })
  secretKey!: string | null;
}

/** A ballot of an open or roll-call vote: one per member and vote (the last choice counts). */
@Entity('council_ballot')
@Check('CHK_council_ballot_choice', `"choice" IN ('for', 'against', 'abstain')`)
export class Ballot {
  @PrimaryColumn({ name: 'vote_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_ballot' })
  voteId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_ballot' })
  userId!: string;

  @ManyToOne(() => Vote, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vote_id', foreignKeyConstraintName: 'FK_council_ballot_vote' })
  vote?: Vote;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_ballot_user' })
  user?: AppUser;

  @Column({ type: 'text' })
  choice!: BallotChoice;

  @Column({ name: 'cast_at', type: 'timestamptz', default: () => 'now()' })
  castAt!: Date;

  /** Who entered it: the member (their electronic ballot) or the clerk (a hand vote in the hall). */
  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @ManyToOne(() => AppUser)
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'FK_council_ballot_recorder' })
  recorder?: AppUser;
}

/** Who took part in a secret vote — and nothing about what they chose. */
@Entity('council_secret_voter')
export class SecretVoter {
  @PrimaryColumn({ name: 'vote_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_secret_voter' })
  voteId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_secret_voter' })
  userId!: string;

  @ManyToOne(() => Vote, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vote_id', foreignKeyConstraintName: 'FK_council_secret_voter_vote' })
  vote?: Vote;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_secret_voter_user' })
  user?: AppUser;
}

/**
 * A secret ballot: a random id and a choice — no voter, no time. While the vote is open the
 * row carries `voter_key` = HMAC(the vote's secret key, member id) so that a changed ballot
 * replaces the old one; at close the key is destroyed, `voter_key` cleared and the rows
 * rewritten in random order.
 */
@Entity('council_secret_ballot')
@Check('CHK_council_secret_ballot_choice', `"choice" IN ('for', 'against', 'abstain')`)
@Index('IDX_council_secret_ballot_vote', ['voteId', 'choice'])
@Unique('UQ_council_secret_ballot_voter', ['voteId', 'voterKey'])
export class SecretBallot {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_secret_ballot' })
  id!: string;

  @Column({ name: 'vote_id', type: 'uuid' })
  voteId!: string;

  @ManyToOne(() => Vote, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vote_id', foreignKeyConstraintName: 'FK_council_secret_ballot_vote' })
  vote?: Vote;

  @Column({ type: 'text' })
  choice!: BallotChoice;

  @Column({ name: 'voter_key', type: 'text', nullable: true })
  voterKey!: string | null;
}
