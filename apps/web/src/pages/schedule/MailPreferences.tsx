import { MAIL_KINDS, type MailKind, type MailPreferencesView } from '@egov-box/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApi } from '../../api/queries';
import { useAnnounce } from '../../components/Announcer';
import { LoadError, Loading, useErrorMessage } from '../../components/States';

const KEY = ['me', 'mail-preferences'] as const;

/** The signed-in person's choice of which kinds of mail they get (GET/PUT /api/me/mail-preferences). */
export function MailPreferences() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const client = useQueryClient();
  const prefs = useApi<MailPreferencesView>(KEY, '/api/me/mail-preferences');
  const [kinds, setKinds] = useState<Record<MailKind, boolean> | null>(null);
  useEffect(() => {
    if (prefs.data) setKinds(prefs.data.kinds);
  }, [prefs.data]);
  const save = useMutation({
    mutationFn: (next: Record<MailKind, boolean>) =>
      api.put<MailPreferencesView>('/api/me/mail-preferences', { kinds: next }),
    onSuccess: (view) => {
      client.setQueryData(KEY, view);
      announce(t('schedule.mail.saved'));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (kinds) save.mutate(kinds);
  };
  return (
    <section className="card" aria-labelledby="mail-heading">
      <h2 id="mail-heading">{t('schedule.mail.heading')}</h2>
      {prefs.isError ? <LoadError error={prefs.error} /> : null}
      {prefs.isPending ? <Loading /> : null}
      {prefs.data && kinds ? (
        <form onSubmit={submit}>
          <p>
            {!prefs.data.enabled
              ? t('schedule.mail.off')
              : prefs.data.address
                ? t('schedule.mail.intro', { address: prefs.data.address })
                : t('schedule.mail.noAddress')}
          </p>
          <fieldset>
            <legend>{t('schedule.mail.legend')}</legend>
            <ul className="checkbox-list">
              {MAIL_KINDS.map((k) => (
                <li key={k}>
                  <label>
                    <input
                      type="checkbox"
                      checked={kinds[k]}
                      onChange={(e) => setKinds({ ...kinds, [k]: e.target.checked })}
                    />{' '}
                    {t(`schedule.mail.kinds.${k}`)}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="actions">
            <button type="submit" className="button button-secondary" disabled={save.isPending}>
              {t('schedule.mail.save')}
            </button>
          </div>
          {save.isError ? (
            <p className="form-error" role="alert">
              {errorMessage(save.error)}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
