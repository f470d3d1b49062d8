import type { CouncilSessionView, DisplayTokenCreated } from '@egov-box/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError, useAction } from './actions';

/**
 * The clerk opens the chamber's screen: „Адрес за екрана в залата“ makes a display token for
 * this sitting and shows the screen's address once (only its hash is kept); „Оттегли“ ends it.
 */
export function DisplayTokens({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const [made, setMade] = useState<DisplayTokenCreated | null>(null);
  if (sitting.status === 'draft') return null;
  const address = made ? `${window.location.origin}${made.path}` : '';
  return (
    <div className="display-tokens">
      <h3>{t('display.tokens')}</h3>
      {made && !made.revokedAt ? (
        <>
          <p>
            {t('display.address')}{' '}
            <a href={made.path} target="_blank" rel="noreferrer" data-testid="display-address">
              {address}
            </a>
          </p>
          <button
            type="button"
            className="button button-secondary"
            disabled={pending}
            onClick={() =>
              run({
                path: `/api/council/display-tokens/${encodeURIComponent(made.id)}/revoke`,
                done: t('display.revoked'),
                onData: () => setMade(null),
              })
            }
          >
            {t('display.revoke')}
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button button-secondary"
          disabled={pending}
          onClick={() =>
            run({
              path: `/api/council/sessions/${encodeURIComponent(sitting.id)}/display-tokens`,
              body: {},
              done: t('display.made'),
              onData: (d) => setMade(d as DisplayTokenCreated),
            })
          }
        >
          {t('display.make')}
        </button>
      )}
      <ActionError error={error} />
    </div>
  );
}
