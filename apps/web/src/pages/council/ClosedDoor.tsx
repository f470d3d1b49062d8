import type { ClosedDoorView } from '@egov-box/contracts';
import { useTranslation } from 'react-i18next';

/**
 * A closed-door sitting or item (закрито, ЗМСМА чл. 28): said in words, with the grounds for
 * members and staff (the public view has no reason) and what the public does not get.
 */
export function ClosedDoorNote({ closedDoor, of }: { closedDoor?: ClosedDoorView; of: 'sitting' | 'item' }) {
  const { t } = useTranslation();
  if (!closedDoor) return null;
  return (
    <p className="closed-door" data-testid={`closed-door-${of}`}>
      <strong>{t(`council.closedDoor.${of}`)}</strong>
      {closedDoor.reason ? ` — ${t('council.closedDoor.reason')}: ${closedDoor.reason}` : null}
      {of === 'sitting' ? <span className="muted"> {t('council.closedDoor.public')}</span> : null}
    </p>
  );
}
