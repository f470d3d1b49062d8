import type { ElectionMode, ElectionResult } from '@egov-box/contracts';
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

/** The counting commission of a paper round, by name as it was when the totals were entered. */
export interface ElectionCommission {
  clerk: { id: string; displayName: string };
  members: { id: string; displayName: string }[];
}

/**
 * One round of an election on an agenda item: a secret vote with candidates. A second round
 * is a row of its own pointing at the first. At close the result snapshot is stored and never
 * changes; the HMAC key that found a member's ballot while open is destroyed.
 */
@Entity('council_election')
@Check('CHK_council_election_mode', `"mode" IN ('electronic', 'paper')`)
@Check('CHK_council_election_status', `"status" IN ('open', 'closed')`)
@Check('CHK_council_election_round', `"round" >= 1`)
@Index('IDX_council_election_session', ['sessionId', 'openedAt'])
@Index('UQ_council_election_one_open', ['sessionId'], { unique: true, where: `"status" = 'open'` })
export class Election {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_election' })
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_election_session' })
  session?: CouncilSession;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_council_election_item' })
  item?: AgendaItem;

  /** What is elected ("Председател на Общинския съвет"). */
  @Column({ type: 'text' })
  office!: string;

  @Column({ type: 'int' })
  round!: number;

  @Column({ name: 'first_round_id', type: 'uuid', nullable: true })
  firstRoundId!: string | null;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'first_round_id', foreignKeyConstraintName: 'FK_council_election_first_round' })
  firstRound?: Election;

  @Column({ type: 'text' })
  mode!: ElectionMode;

  @Column({ type: 'text', default: 'open' })
  status!: 'open' | 'closed';

  @Column({ name: 'opened_by', type: 'uuid' })
  openedBy!: string;

  @Column({ name: 'opened_at', type: 'timestamptz', default: () => 'now()' })
  openedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** The snapshot at close: what every later view reads. */
  @Column({ type: 'jsonb', nullable: true })
  result!: ElectionResult | null;

  /** A paper round: the counting commission, by name. */
  @Column({ type: 'jsonb', nullable: true })
  commission!: ElectionCommission | null;

  /** The random key of the HMAC that finds a member's ballot while the round is open. Destroyed at close. */
  @Column({ name: 'secret_key', type: 'text', nullable: true, select: false })
  secretKey!: string | null;
}

/** A candidate of a round, in the ballot's order. */
@Entity('council_election_candidate')
@Unique('UQ_council_election_candidate_position', ['electionId', 'position'])
export class ElectionCandidate {
  @PrimaryColumn({ name: 'election_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_election_candidate' })
  electionId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_election_candidate' })
  userId!: string;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id', foreignKeyConstraintName: 'FK_council_election_candidate_election' })
  election?: Election;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_election_candidate_user' })
  user?: AppUser;

  @Column({ type: 'int' })
  position!: number;
}

/** Who voted in a round — and nothing about what they chose. */
@Entity('council_election_voter')
export class ElectionVoter {
  @PrimaryColumn({ name: 'election_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_election_voter' })
  electionId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_election_voter' })
  userId!: string;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id', foreignKeyConstraintName: 'FK_council_election_voter_election' })
  election?: Election;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_election_voter_user' })
  user?: AppUser;
}

/**
 * A secret election ballot: a random id and a candidate (null: none, a blank ballot) — no
 * voter, no time. While the round is open `voter_key` = HMAC(the round's key, member id), so
 * a new ballot replaces the old; at close the key is destroyed and the rows written anew
 * without keys, in random order (as `council_secret_ballot`).
 */
@Entity('council_election_ballot')
@Index('IDX_council_election_ballot_election', ['electionId', 'candidateId'])
@Unique('UQ_council_election_ballot_voter', ['electionId', 'voterKey'])
export class ElectionBallot {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_election_ballot' })
  id!: string;

  @Column({ name: 'election_id', type: 'uuid' })
  electionId!: string;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id', foreignKeyConstraintName: 'FK_council_election_ballot_election' })
  election?: Election;

  @Column({ name: 'candidate_id', type: 'uuid', nullable: true })
  candidateId!: string | null;

  @Column({ name: 'voter_key', type: 'text', nullable: true })
  voterKey!: string | null;
}
