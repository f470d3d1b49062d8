import { defineErrors } from '@egov-box/platform';

/** Error codes of council sessions (beside the common ones and `slot_taken`). */
export const CouncilErrors = defineErrors({
  noQuorum: { code: 'no_quorum', status: 409 },
  invalidTransition: { code: 'invalid_transition', status: 409 },
  sessionNotOpen: { code: 'session_not_open', status: 409 },
  sessionClosed: { code: 'session_closed', status: 409 },
  voteOpen: { code: 'vote_open', status: 409 },
  voteClosed: { code: 'vote_closed', status: 409 },
  notCurrentItem: { code: 'not_current_item', status: 409 },
  notPresent: { code: 'not_present', status: 403 },
  conflictOfInterest: { code: 'conflict_of_interest', status: 403 },
  alreadyVoted: { code: 'already_voted', status: 409 },
  notAMember: { code: 'not_a_member', status: 403 },
  noChamber: { code: 'no_chamber', status: 409 },
  alreadyRequested: { code: 'already_requested', status: 409 },
  invalidSpeakerState: { code: 'invalid_speaker_state', status: 409 },
  sessionNotClosed: { code: 'session_not_closed', status: 409 },
  unsupportedMaterial: { code: 'unsupported_material', status: 415 },
  notDraft: { code: 'not_draft', status: 409 },
  unknownItem: { code: 'unknown_item', status: 400 },
  unknownBody: { code: 'unknown_body', status: 400 },
  invalidSpace: { code: 'invalid_space', status: 400 },
  notACouncillor: { code: 'not_a_councillor', status: 400 },
  chairNotMember: { code: 'chair_not_member', status: 400 },
  nameTaken: { code: 'name_taken', status: 409 },
  councilMembersFixed: { code: 'council_members_fixed', status: 409 },
  sessionNotLive: { code: 'session_not_live', status: 409 },
  /** Closed-door (ЗМСМА чл. 28): no public stream now; undone only on a draft. */
  closedDoor: { code: 'closed_door', status: 409 },
  /** The chair does not remove themselves from the sitting's video. */
  cannotRemoveSelf: { code: 'cannot_remove_self', status: 400 },
  /** An item whose draft decision was adopted is not voted again. */
  alreadyDecided: { code: 'already_decided', status: 409 },
  /** A decision's dispatch (to the mayor, the governor, the public) is recorded once; only an adopted one's. */
  alreadyRecorded: { code: 'already_recorded', status: 409 },
  notAdopted: { code: 'not_adopted', status: 409 },
  /** The clerk's hall entry never replaces a member's own electronic ballot. */
  ownBallot: { code: 'own_ballot', status: 409 },
  /** The clerk changes an entry only with a reason (kept in the audit log). */
  reasonRequired: { code: 'reason_required', status: 400 },
  /** A session's calendar meeting changes only with the session (`/api/meetings/:id` refuses). */
  managedByCouncil: { code: 'managed_by_council', status: 409 },
  /** A regular sitting published later than its body's notice period before it starts. */
  noticePeriod: { code: 'notice_period', status: 409 },
  /** The user already holds another seat of the mandate. */
  holdsSeat: { code: 'holds_seat', status: 409 },
  /** The seat has no holder to end. */
  seatEmpty: { code: 'seat_empty', status: 409 },
  /** Fewer seats than a seat number with a holder. */
  seatHeld: { code: 'seat_held', status: 409 },
  /** A mandate starting on that day (or with that name) exists. */
  mandateExists: { code: 'mandate_exists', status: 409 },
  /** Minutes: a correction request after the review period. */
  reviewClosed: { code: 'review_closed', status: 409 },
  /** Minutes: signed only after the review period. */
  reviewOpen: { code: 'review_open', status: 409 },
  /** Minutes: signed only once every correction request is answered. */
  correctionsOpen: { code: 'corrections_open', status: 409 },
  /** Minutes: a correction request is answered once. */
  alreadyAnswered: { code: 'already_answered', status: 409 },
  /** Minutes: only the chair and the minute-taker sign. */
  notASigner: { code: 'not_a_signer', status: 403 },
  /** Minutes: the minute-taker is a clerk or an official of the administration. */
  invalidMinuteTaker: { code: 'invalid_minute_taker', status: 400 },
  /** Minutes: published without both signatures. */
  notSigned: { code: 'not_signed', status: 409 },
  /** Minutes: the content is no longer what was signed; both sign again. */
  minutesChanged: { code: 'minutes_changed', status: 409 },
  /** Minutes: this version is published and frozen; a correction is a new version. */
  minutesPublished: { code: 'minutes_published', status: 409 },
  /** Minutes: a new version follows a published one. */
  minutesNotPublished: { code: 'minutes_not_published', status: 409 },
  /** Only a published sitting that has not opened is moved to another time or place. */
  notPublished: { code: 'not_published', status: 409 },
  /** Procedure: the body's rules want the agenda adopted before any other vote. */
  agendaNotAdopted: { code: 'agenda_not_adopted', status: 409 },
  /** Procedure: the agenda is adopted once. */
  agendaAdopted: { code: 'agenda_adopted', status: 409 },
  /** Procedure: the item is not on the agenda (proposed, rejected, withdrawn or postponed). */
  itemNotOnAgenda: { code: 'item_not_on_agenda', status: 409 },
  /** Procedure: an agenda change on an item in the wrong state (add: proposed; withdraw: scheduled). */
  invalidAgendaChange: { code: 'invalid_agenda_change', status: 409 },
  /** Procedure: the proposer named is not a member of the body. */
  invalidProposer: { code: 'invalid_proposer', status: 400 },

  /** A person the request names (to register, identify, record for) is not a member of the body. */
  namedNotAMember: { code: 'not_a_member', status: 400 },
  /** The clerk identifies a member who has not checked in. */
  notCheckedIn: { code: 'not_present', status: 409 },
  /** A material upload with an empty body. */
  emptyMaterial: { code: 'unsupported_material', status: 400 },
});
