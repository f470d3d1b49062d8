import { useTranslation } from 'react-i18next';
import { useConnectionStatus } from '../realtime/RealtimeContext';

/** "Live" / "Reconnecting…" next to the user's name; a status region, so changes are read out. */
export function ConnectionIndicator() {
  const { t } = useTranslation();
  const status = useConnectionStatus();
  return (
    <p className={`connection connection-${status}`} role="status" data-status={status}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="visually-hidden">{t('connection.label')}: </span>
      {t(`connection.${status}`)}
    </p>
  );
}
