import { useTranslation } from 'react-i18next';
import type { CouncilSessionView } from '../../api/types';
import { formatRange, isoInSofia, type Language } from '../../format/datetime';

/** Title block and agenda of a council session (shared by the councillors' and the public view). */
export function SessionView({ session }: { session: CouncilSessionView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const items = [...(session.items ?? [])].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  return (
    <>
      <div className="card">
        {session.status ? (
          <p>{t('council.statusLabel', { status: t(`council.sessionStatus.${session.status}`) })}</p>
        ) : null}
        {session.startsAt && session.endsAt ? (
          <p>
            <time dateTime={isoInSofia(session.startsAt)}>{formatRange(session.startsAt, session.endsAt, lang)}</time>
          </p>
        ) : null}
      </div>
      <section className="card" aria-labelledby="agenda-heading">
        <h2 id="agenda-heading">{t('council.agenda')}</h2>
        {items.length === 0 ? (
          <p className="empty">{t('council.noAgenda')}</p>
        ) : (
          <ol className="agenda">
            {items.map((item) => (
              <li key={item.id} aria-current={item.id === session.currentItemId ? 'step' : undefined}>
                {item.title}
                {item.rapporteur ? <span className="muted"> — {item.rapporteur}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
