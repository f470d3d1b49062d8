import { defineErrors } from '@egov-box/platform';

/** Error codes of sign-in, directory accounts and user administration. */
export const DirectoryErrors = defineErrors({
  accountDisabled: { code: 'account_disabled', status: 403 },
  invalidCredentials: { code: 'invalid_credentials', status: 401 },
  /** A refresh token used twice: the whole sign-in is revoked (401). */
  refreshReused: { code: 'refresh_reused', status: 401 },
  /** Another portal account has the directory person's username (409). */
  directoryAccountConflict: { code: 'directory_account_conflict', status: 409 },
  directoryUnavailable: { code: 'directory_unavailable', status: 503 },
  unknownDepartment: { code: 'unknown_department', status: 400 },
  usernameTaken: { code: 'username_taken', status: 409 },
  cannotDemoteSelf: { code: 'cannot_demote_self', status: 400 },
  cannotDisableSelf: { code: 'cannot_disable_self', status: 400 },
  cannotEraseSelf: { code: 'cannot_erase_self', status: 409 },
  alreadyErased: { code: 'already_erased', status: 409 },
  confirmationMismatch: { code: 'confirmation_mismatch', status: 400 },
});
