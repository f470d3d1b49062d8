import { AppError } from '@egov-box/platform';

/** Domain errors of rooms and knocking (codes from the contract). */
export const RoomErrors = {
  spaceNotFound: () => AppError.notFound('Space'),
  knockNotFound: () => AppError.notFound('Knock'),
  noPersonalRoom: () => AppError.notFound('Personal room'),
  knockRequired: () => AppError.forbidden('The door is set to knock: knock and wait to be let in', 'knock_required'),
  doorClosed: () => AppError.forbidden('The door is closed', 'door_closed'),
  notInvited: () =>
    AppError.forbidden('Only those invited to a meeting held here now may join its video', 'not_invited'),
  notOwner: () => AppError.forbidden('Only the owner of the room may do this', 'not_room_owner'),
  ownRoom: () => AppError.badRequest('cannot_knock_own_room', 'You cannot knock on your own room'),
  notPersonal: () => AppError.badRequest('not_a_personal_room', 'Only personal rooms have a door to knock on'),
  knockPending: () => AppError.conflict('knock_pending', 'You are already knocking on this room'),
  knockNotPending: (status: string) =>
    AppError.conflict('knock_not_pending', `This knock is no longer pending (${status})`, { status }),
};
