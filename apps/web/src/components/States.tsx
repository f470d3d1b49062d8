import { useTranslation } from 'react-i18next';
import { ApiError, isMissingEndpoint } from '../api/client';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="state state-loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** Honest placeholder for a part of the portal whose server side does not exist yet. */
export function NotAvailable({ text }: { text?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-unavailable">
      <p className="state-title">{t('common.comingSoon')}</p>
      <p>{text ?? t('common.notAvailable')}</p>
    </div>
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

/** A failed load: "not available yet" for a route the server lacks, else the error and a retry. */
export function LoadError({ error, retry, unavailable }: { error: unknown; retry?: () => void; unavailable?: string }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (isMissingEndpoint(error)) return <NotAvailable text={unavailable} />;
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
