import type { CouncilSessionView } from '@egov-box/contracts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError, useAction } from './actions';

export function ConflictForm({
  sitting,
  itemId,
  onDone,
}: {
  sitting: CouncilSessionView;
  itemId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const { run, pending, error } = useAction();
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        run(
          {
            path: `/api/council/sessions/${sitting.id}/items/${itemId}/conflicts`,
            body: { reason },
            done: t('council.conflictDeclared'),
          },
          { onSuccess: onDone },
        );
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t('council.conflictReason')}</label>
        <input
          id={id}
          value={reason}
          required
          maxLength={2000}
          // The form replaces the button that opened it: keep the keyboard user's place.
          autoFocus
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <ActionError error={error} />
      <button type="submit" className="button button-primary" disabled={pending || !reason.trim()}>
        {t('council.declareConflict')}
      </button>{' '}
      <button type="button" className="button button-secondary" onClick={onDone}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
