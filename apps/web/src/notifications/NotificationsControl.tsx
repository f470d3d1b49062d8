import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnnounce } from '../components/Announcer';
import { offersEnable } from './alerts';
import { useNotificationChoice } from './BrowserNotifications';

/**
 * „Включи известията на браузъра“: the browser's permission prompt, asked for only when the
 * person presses it. Once allowed or refused it says which (a refusal is the browser's to
 * undo, in its site settings; the portal does not ask again), and the title's count works
 * either way.
 */
export function NotificationsControl() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const { choice, enable } = useNotificationChoice();
  const [asking, setAsking] = useState(false);
  const answered = useRef(false);
  const said = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // The button is gone once the browser answered: the focus goes to what it says instead.
    if (answered.current && !offersEnable(choice)) said.current?.focus();
  }, [choice]);
  return (
    <section className="card" aria-labelledby="browser-notifications-heading" data-testid="browser-notifications">
      <h2 id="browser-notifications-heading">{t('notifications.heading')}</h2>
      <p>{t('notifications.what')}</p>
      {offersEnable(choice) ? (
        <button
          type="button"
          className="button button-primary"
          disabled={asking}
          onClick={() => {
            setAsking(true);
            answered.current = true;
            void enable()
              .then((answer) => {
                // A prompt closed without an answer leaves the button for another try.
                if (answer === 'granted') announce(t('notifications.enabled'));
                else if (answer !== 'default')
                  announce(t(`notifications.${answer === 'denied' ? 'blocked' : 'unsupported'}`));
              })
              .finally(() => setAsking(false));
          }}
        >
          {t('notifications.enable')}
        </button>
      ) : (
        <p ref={said} tabIndex={-1} data-testid="browser-notifications-state">
          {t(`notifications.${choice === 'granted' ? 'enabled' : choice === 'denied' ? 'blocked' : 'unsupported'}`)}
        </p>
      )}
    </section>
  );
}
