import { defineErrors } from '@egov-box/platform';

/** Domain errors of rooms and knocking (codes from the contract). */
export const RoomErrors = defineErrors({
  spaceNotFound: { code: 'not_found', status: 404, message: 'Space not found' },
  noPersonalRoom: { code: 'not_found', status: 404, message: 'Personal room not found' },
  knockRequired: {
    code: 'knock_required',
    status: 403,
    message: 'The door is set to knock: knock and wait to be let in',
  },
  doorClosed: { code: 'door_closed', status: 403, message: 'The door is closed' },
  notInvited: {
    code: 'not_invited',
    status: 403,
    message: 'Only those invited to a meeting held here now may join its video',
  },
  ownRoom: { code: 'cannot_knock_own_room', status: 400, message: 'You cannot knock on your own room' },
  notPersonal: { code: 'not_a_personal_room', status: 400, message: 'Only personal rooms have a door to knock on' },
  knockPending: { code: 'knock_pending', status: 409, message: 'You are already knocking on this room' },
  /** The message and details name the knock's status. */
  knockNotPending: { code: 'knock_not_pending', status: 409 },
});
