import type { ElectionResult, Majority, VoteMode, VoteOutcome, VoteResult } from '@egov-box/contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AgendaItem } from './agenda-item.entity.js';
import { CouncilBody } from './body.entity.js';
import { CouncilSession } from './council-session.entity.js';
import { CouncilMandate } from './mandate.entity.js';
import { Vote } from './vote.entity.js';
import { Election } from './election.entity.js';

/** The vote's result as decided, with its rule. */
export type DecisionResult = VoteResult & { majority: Majority; voteMode: VoteMode; election?: ElectionResult };

/**
 * An entry of the council's register of decisions: what a closed vote on an agenda item
 * decided, as it was decided. Adopted: numbered in the body's register of the mandate, never reused or
 * skipped; not adopted: recorded without a number.
 */
@Entity('council_decision')
@Unique('UQ_council_decision_vote', ['voteId'])
@Unique('UQ_council_decision_election', ['electionId'])
@Check('CHK_council_decision_source', `("vote_id" IS NULL) <> ("election_id" IS NULL)`)
@Check('CHK_council_decision_outcome', `"outcome" IN ('adopted', 'rejected', 'no_quorum')`)
@Check('CHK_council_decision_number', `("number" IS NOT NULL) = ("outcome" = 'adopted')`)
@Index('UQ_council_decision_number', ['bodyId', 'mandateId', 'number'], { unique: true, where: `"number" IS NOT NULL` })
@Index('UQ_council_decision_item_adopted', ['itemId'], { unique: true, where: `"outcome" = 'adopted'` })
@Index('IDX_council_decision_session', ['sessionId'])
export class Decision {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_decision' })
  id!: string;

  @Column({ name: 'body_id', type: 'uuid' })
  bodyId!: string;

  @ManyToOne(() => CouncilBody, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'body_id', foreignKeyConstraintName: 'FK_council_decision_body' })
  body?: CouncilBody;

  /** The mandate whose register numbers it (the sitting's). */
  @Column({ name: 'mandate_id', type: 'uuid' })
  mandateId!: string;

  @ManyToOne(() => CouncilMandate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'mandate_id', foreignKeyConstraintName: 'FK_council_decision_mandate' })
  mandate?: CouncilMandate;

  @Column({ type: 'int', nullable: true })
  number!: number | null;

  /** The vote it comes from — or, for an election round that elected someone, `electionId`. */
  @Column({ name: 'vote_id', type: 'uuid', nullable: true })
  voteId!: string | null;

  @ManyToOne(() => Vote, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vote_id', foreignKeyConstraintName: 'FK_council_decision_vote' })
  vote?: Vote;

  @Column({ name: 'election_id', type: 'uuid', nullable: true })
  electionId!: string | null;

  @ManyToOne(() => Election, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id', foreignKeyConstraintName: 'FK_council_decision_election' })
  election?: Election;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_decision_session' })
  session?: CouncilSession;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_council_decision_item' })
  item?: AgendaItem;

  @Column({ type: 'text' })
  outcome!: VoteOutcome;

  /** The item's title when it was decided. */
  @Column({ type: 'text' })
  title!: string;

  /** The draft decision's text when it was put to the vote (null: the item had none). */
  @Column({ type: 'text', nullable: true })
  text!: string | null;

  /** The number of the sitting's minutes (Протокол № N). */
  @Column({ name: 'protocol_number', type: 'int' })
  protocolNumber!: number;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;

  /** The vote's result snapshot (counts, majority base, outcome). */
  @Column({ type: 'jsonb' })
  result!: DecisionResult;

  @Column({ name: 'sent_to_mayor_at', type: 'timestamptz', nullable: true })
  sentToMayorAt!: Date | null;

  @Column({ name: 'sent_to_governor_at', type: 'timestamptz', nullable: true })
  sentToGovernorAt!: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
