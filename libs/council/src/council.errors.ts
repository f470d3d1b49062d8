/** Error codes of council sessions (beside the common ones and `slot_taken`). */
export const COUNCIL_ERRORS = {
  noQuorum: 'no_quorum',
  invalidTransition: 'invalid_transition',
  sessionNotOpen: 'session_not_open',
  sessionClosed: 'session_closed',
  voteOpen: 'vote_open',
  voteClosed: 'vote_closed',
  notCurrentItem: 'not_current_item',
  notPresent: 'not_present',
  conflictOfInterest: 'conflict_of_interest',
  alreadyVoted: 'already_voted',
  notAMember: 'not_a_member',
  noChamber: 'no_chamber',
  alreadyRequested: 'already_requested',
  invalidSpeakerState: 'invalid_speaker_state',
  sessionNotClosed: 'session_not_closed',
  unsupportedMaterial: 'unsupported_material',
  notDraft: 'not_draft',
  unknownItem: 'unknown_item',
  unknownBody: 'unknown_body',
  invalidSpace: 'invalid_space',
  notACouncillor: 'not_a_councillor',
  chairNotMember: 'chair_not_member',
  nameTaken: 'name_taken',
  councilMembersFixed: 'council_members_fixed',
  sessionNotLive: 'session_not_live',
  /** Closed-door (ЗМСМА чл. 28): no public stream now (409); undone only on a draft (409). */
  closedDoor: 'closed_door',
  /** The chair does not remove themselves from the sitting's video (400). */
  cannotRemoveSelf: 'cannot_remove_self',
  /** An item whose draft decision was adopted is not voted again. */
  alreadyDecided: 'already_decided',
  /** A decision's dispatch (to the mayor, the governor, the public) is recorded once; only an adopted one's. */
  alreadyRecorded: 'already_recorded',
  notAdopted: 'not_adopted',
  /** The clerk's hall entry never replaces a member's own electronic ballot. */
  ownBallot: 'own_ballot',
  /** The clerk changes an entry only with a reason (kept in the audit log). */
  reasonRequired: 'reason_required',
  /** A session's calendar meeting changes only with the session (`/api/meetings/:id` refuses). */
  managedByCouncil: 'managed_by_council',
  /** A regular sitting published later than its body's notice period before it starts (409). */
  noticePeriod: 'notice_period',
  /** The user already holds another seat of the mandate (409). */
  holdsSeat: 'holds_seat',
  /** The seat has no holder to end (409). */
  seatEmpty: 'seat_empty',
  /** Fewer seats than a seat number with a holder (409). */
  seatHeld: 'seat_held',
  /** A mandate starting on that day (or with that name) exists (409). */
  mandateExists: 'mandate_exists',
  /** Minutes: a correction request after the review period (409). */
  reviewClosed: 'review_closed',
  /** Minutes: signed only after the review period (409). */
  reviewOpen: 'review_open',
  /** Minutes: signed only once every correction request is answered (409). */
  correctionsOpen: 'corrections_open',
  /** Minutes: a correction request is answered once (409). */
  alreadyAnswered: 'already_answered',
  /** Minutes: only the chair and the minute-taker sign (403). */
  notASigner: 'not_a_signer',
  /** Minutes: the minute-taker is a clerk or an official of the administration (400). */
  invalidMinuteTaker: 'invalid_minute_taker',
  /** Minutes: published without both signatures (409). */
  notSigned: 'not_signed',
  /** Minutes: the content is no longer what was signed; both sign again (409). */
  minutesChanged: 'minutes_changed',
  /** Minutes: this version is published and frozen; a correction is a new version (409). */
  minutesPublished: 'minutes_published',
  /** Minutes: a new version follows a published one (409). */
  minutesNotPublished: 'minutes_not_published',
  /** Only a published sitting that has not opened is moved to another time or place (409). */
  notPublished: 'not_published',
  /** Procedure: the body's rules want the agenda adopted before any other vote (409). */
  agendaNotAdopted: 'agenda_not_adopted',
  /** Procedure: the agenda is adopted once (409). */
  agendaAdopted: 'agenda_adopted',
  /** Procedure: the item is not on the agenda (proposed, rejected, withdrawn or postponed) (409). */
  itemNotOnAgenda: 'item_not_on_agenda',
  /** Procedure: an agenda change on an item in the wrong state (add: proposed; withdraw: scheduled) (409). */
  invalidAgendaChange: 'invalid_agenda_change',
  /** Procedure: the proposer named is not a member of the body (400). */
  invalidProposer: 'invalid_proposer',
} as const;
