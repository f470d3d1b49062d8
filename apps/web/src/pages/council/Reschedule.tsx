import type { CouncilSessionView, HallView } from '@egov-box/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/queries';
import { ActionError, useAction } from './actions';
import { fromSofiaLocal, toSofiaLocal } from './editor';

/**
 * The clerk moves a published sitting that has not opened: a new time, another place, or both,
 * with the reason the members are told (their invitation is renewed by mail and their
 * calendars move). The server checks the notice period and the room; its refusals are shown.
 */
export function Reschedule({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const id = useId();
  const { run, pending, error, setError } = useAction();
  const halls = useApi<HallView[]>(['halls', 'list'], '/api/halls');
  const places = (halls.data ?? []).filter((h) => h.kind === 'hall' || h.kind === 'chamber');
  const [startsAt, setStartsAt] = useState(toSofiaLocal(sitting.startsAt));
  const [endsAt, setEndsAt] = useState(toSofiaLocal(sitting.endsAt));
  const [spaceId, setSpaceId] = useState(sitting.spaceId);
  const [reason, setReason] = useState('');
  if (sitting.status !== 'published') return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const start = fromSofiaLocal(startsAt);
    const end = fromSofiaLocal(endsAt);
    if (!start || !end) return setError(t('council.changes.badTime'));
    const body: Record<string, string> = { reason };
    if (Date.parse(start) !== Date.parse(sitting.startsAt)) body.startsAt = start;
    if (Date.parse(end) !== Date.parse(sitting.endsAt)) body.endsAt = end;
    if (spaceId !== sitting.spaceId) body.spaceId = spaceId;
    run({
      path: `/api/council/sessions/${sitting.id}/reschedule`,
      body,
      done: t('council.changes.done'),
      onData: () => setReason(''),
    });
  };
  return (
    <details className="reschedule" data-testid="reschedule">
      <summary>{t('council.changes.reschedule')}</summary>
      <form onSubmit={submit}>
        <p className="muted" id={`${id}-hint`}>
          {t('council.changes.hint')}
        </p>
        <div className="field">
          <label htmlFor={`${id}-start`}>{t('council.editor.startsAt')}</label>
          <input
            id={`${id}-start`}
            type="datetime-local"
            step={300}
            required
            value={startsAt}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setStartsAt(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-end`}>{t('council.editor.endsAt')}</label>
          <input
            id={`${id}-end`}
            type="datetime-local"
            step={300}
            required
            value={endsAt}
            onChange={(e) => setEndsAt(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-place`}>{t('council.editor.place')}</label>
          <select id={`${id}-place`} value={spaceId} onChange={(e) => setSpaceId(e.target.value)}>
            {places.some((p) => p.id === sitting.spaceId) ? null : (
              <option value={sitting.spaceId}>{t('council.changes.currentPlace')}</option>
            )}
            {places.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('council.changes.reasonLabel')}</label>
          <textarea
            id={`${id}-reason`}
            required
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={pending}>
          {t('council.changes.submit')}
        </button>
        <ActionError error={error} />
      </form>
    </details>
  );
}
