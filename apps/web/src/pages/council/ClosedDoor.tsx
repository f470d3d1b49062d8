import type { ClosedDoorView, CouncilSessionView } from '@egov-box/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError, useAction } from './actions';

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

/**
 * The clerk records the council's decision that the sitting, or one item, be closed-door, with
 * its grounds (until the sitting ends). Undoing is the server's to refuse once published.
 */
export function ClosedDoorForm({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const id = useId();
  const { run, pending, error } = useAction();
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  if (sitting.status === 'closed') return null;
  const items = [...sitting.items]
    .filter((i) => !i.closedDoor && i.state !== 'withdrawn' && i.state !== 'rejected')
    .sort((a, b) => a.position - b.position);
  // A closed-door sitting: only its items are left to choose (and nothing once all are).
  if (sitting.closedDoor && items.length === 0) return null;
  const chosen = target || (sitting.closedDoor ? items[0]!.id : '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run({
      path: `/api/council/sessions/${sitting.id}${chosen ? `/items/${chosen}` : ''}/closed-door`,
      body: { closed: true, reason },
      done: t('council.closedDoor.done'),
      onData: () => setReason(''),
    });
  };
  return (
    <details className="closed-door-form" data-testid="closed-door-form">
      <summary>{t('council.closedDoor.record')}</summary>
      <form onSubmit={submit}>
        <p className="muted" id={`${id}-hint`}>
          {t('council.closedDoor.hint')}
        </p>
        <div className="field">
          <label htmlFor={`${id}-target`}>{t('council.closedDoor.target')}</label>
          <select id={`${id}-target`} value={chosen} onChange={(e) => setTarget(e.target.value)}>
            {sitting.closedDoor ? null : <option value="">{t('council.closedDoor.wholeSitting')}</option>}
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {i.position}. {i.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('council.closedDoor.reasonLabel')}</label>
          <textarea
            id={`${id}-reason`}
            required
            maxLength={2000}
            value={reason}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={pending}>
          {t('council.closedDoor.submit')}
        </button>
        <ActionError error={error} />
      </form>
    </details>
  );
}
