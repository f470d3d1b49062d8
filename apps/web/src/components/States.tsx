import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="state state-loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** The error's message in the user's language (by the contract's error code). */
export function useErrorMessage(): (err: unknown) => string {
  const { t, i18n } = useTranslation();
  return (err) => {
    if (err instanceof ApiError) {
      const key = `errors.${err.code}`;
      if (i18n.exists(key)) return t(key);
      if (err.status === 403) return t('errors.forbidden');
      if (err.status === 429) return t('errors.too_many_requests');
    }
    return t('errors.generic');
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
