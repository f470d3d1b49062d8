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
} as const;
