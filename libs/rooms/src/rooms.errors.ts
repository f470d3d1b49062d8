import { AppError } from '@egov-box/platform';

/** Domain errors of rooms and knocking (codes from the contract). */
export const RoomErrors = {
  spaceNotFound: () => AppError.notFound('Space'),
  noPersonalRoom: () => AppError.notFound('Personal room'),
  knockRequired: () => AppError.forbidden('knock_required', 'The door is set to knock: knock and wait to be let in'),
  doorClosed: () => AppError.forbidden('door_closed', 'The door is closed'),
  notInvited: () =>
    AppError.forbidden('not_invited', 'Only those invited to a meeting held here now may join its video'),
  ownRoom: () => AppError.badRequest('cannot_knock_own_room', 'You cannot knock on your own room'),
  notPersonal: () => AppError.badRequest('not_a_personal_room', 'Only personal rooms have a door to knock on'),
  knockPending: () => AppError.conflict('knock_pending', 'You are already knocking on this room'),
  knockNotPending: (status: string) =>
    AppError.conflict('knock_not_pending', `This knock is no longer pending (${status})`, { status }),
};
