import type { AgendaItemState, AgendaSubject, Majority, VoteMode } from '@egov-box/contracts';
import { AppUser } from '@egov-box/directory';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CouncilSession } from './council-session.entity.js';

/** One numbered item of a session's agenda. */
@Entity('council_agenda_item')
@Unique('UQ_council_agenda_item_position', ['sessionId', 'position'])
@Check('CHK_council_agenda_item_vote_mode', `"vote_mode" IN ('open', 'roll_call', 'secret')`)
@Check('CHK_council_agenda_item_majority', `"majority" IN ('present', 'all', 'two_thirds_all')`)
@Check(
  'CHK_council_agenda_item_subject',
  `"subject" IN ('budget', 'local_taxes_fees', 'municipal_property', 'municipal_debt', 'other')`,
)
@Check('CHK_council_agenda_item_state', `"state" IN ('proposed', 'scheduled', 'rejected', 'withdrawn', 'postponed')`)
@Check('CHK_council_agenda_item_closed_door', `("closed_door_reason" IS NULL) = ("closed_door_at" IS NULL)`)
export class AgendaItem {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_agenda_item' })
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_agenda_item_session' })
  session?: CouncilSession;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  rapporteur!: string | null;

  @Column({ name: 'legal_basis', type: 'text', nullable: true })
  legalBasis!: string | null;

  /** The text of the draft decision (проект на решение) put to the vote. */
  @Column({ name: 'draft_decision', type: 'text', nullable: true })
  draftDecision!: string | null;

  /** What it decides on: some subjects require a roll call of all (`subjectRequirement`). */
  @Column({ type: 'text', default: 'other' })
  subject!: AgendaSubject;

  @Column({ name: 'vote_mode', type: 'text', default: 'open' })
  voteMode!: VoteMode;

  @Column({ type: 'text', default: 'present' })
  majority!: Majority;

  /** On the agenda, or proposed / rejected / withdrawn / postponed at the sitting (never deleted). */
  @Column({ type: 'text', default: 'scheduled' })
  state!: AgendaItemState;

  /** An urgent item proposed at the sitting: by whom and when. */
  @Column({ name: 'proposed_by', type: 'uuid', nullable: true })
  proposedBy!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'proposed_by', foreignKeyConstraintName: 'FK_council_agenda_item_proposer' })
  proposer?: AppUser | null;

  @Column({ name: 'proposed_at', type: 'timestamptz', nullable: true })
  proposedAt!: Date | null;

  /** The place on the agenda asked for with the proposal (null: the end). */
  @Column({ name: 'proposed_position', type: 'int', nullable: true })
  proposedPosition!: number | null;

  /**
   * Closed-door (закрито, ЗМСМА чл. 28, ал. 2): the council's decision to close, as the clerk
   * recorded it — its reason (set: closed-door), when and by whom (closed-door.service.ts).
   */
  @Column({ name: 'closed_door_reason', type: 'text', nullable: true })
  closedDoorReason!: string | null;

  @Column({ name: 'closed_door_at', type: 'timestamptz', nullable: true })
  closedDoorAt!: Date | null;

  @Column({ name: 'closed_door_by', type: 'uuid', nullable: true })
  closedDoorBy!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'closed_door_by', foreignKeyConstraintName: 'FK_council_agenda_item_closed_door_by' })
  closedDoorRecorder?: AppUser | null;
}
