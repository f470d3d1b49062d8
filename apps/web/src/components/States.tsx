import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { errorMessageKey, retryAfterMinutes } from './errorKey';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="state state-loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/**
 * The error's message in the user's language (by the contract's error code). On the sign-in
 * form (`signIn`) a 429 is the lockout after failed attempts; elsewhere a rate limit.
 */
export function useErrorMessage(context: 'signIn' | 'any' = 'any'): (err: unknown) => string {
  const { t, i18n } = useTranslation();
  return (err) => {
    const key = errorMessageKey(err, (k) => i18n.exists(k), context);
    const minutes = retryAfterMinutes(err);
    return minutes !== undefined && i18n.exists(`${key}_wait`) ? t(`${key}_wait`, { count: minutes }) : t(key);
  };
}

/** A failed load: the error (and its request id) with a retry. */
export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (
    <div className="state state-error" role="alert">
      <p>
        {t('common.loadFailed')} {message(error)}
      </p>
      {error instanceof ApiError && error.requestId ? (
        <p className="muted">{t('errors.requestId', { id: error.requestId })}</p>
      ) : null}
      {retry ? (
        <button type="button" className="button button-secondary" onClick={retry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
