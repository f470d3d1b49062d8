import type { CouncilSessionView } from '@egov-box/contracts';
import { useTranslation } from 'react-i18next';
import { formatTime, isoInSofia, type Language } from '../../format/datetime';
import { formatDuration } from '../council/model';

function At({ at, lang }: { at: string | null; lang: Language }) {
  return at ? <time dateTime={isoInSofia(at)}>{formatTime(at, lang)}</time> : <span aria-hidden="true">—</span>;
}

/**
 * The public record of who was there and who spoke: attendance by name with the times of
 * check-in and check-out, and every speech with its kind, item, time and length.
 */
export function SittingRecord({ sitting }: { sitting: CouncilSessionView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const came = sitting.attendance.filter((a) => a.present || a.checkedInAt);
  const spoke = (sitting.speakers ?? []).filter((s) => s.grantedAt);
  const itemOf = (id: string | null) => sitting.items.find((i) => i.id === id);
  return (
    <>
      <section className="card" aria-labelledby="public-attendance-heading">
        <h2 id="public-attendance-heading">{t('publicSitting.attendance', { count: came.length })}</h2>
        {came.length === 0 ? (
          <p className="empty">{t('council.nobodyPresent')}</p>
        ) : (
          <table className="table" data-testid="public-attendance">
            <thead>
              <tr>
                <th scope="col">{t('council.member')}</th>
                <th scope="col">{t('publicSitting.checkedIn')}</th>
                <th scope="col">{t('publicSitting.checkedOut')}</th>
              </tr>
            </thead>
            <tbody>
              {came.map((a) => (
                <tr key={a.member.id}>
                  <th scope="row">{a.member.displayName}</th>
                  <td>
                    <At at={a.checkedInAt} lang={lang} />
                  </td>
                  <td>
                    {a.present && !a.checkedOutAt ? (
                      <span className="muted">{t('publicSitting.stillPresent')}</span>
                    ) : (
                      <At at={a.checkedOutAt} lang={lang} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="public-speakers-heading">
        <h2 id="public-speakers-heading">{t('council.speakers')}</h2>
        {spoke.length === 0 ? (
          <p className="empty">{t('publicSitting.noSpeeches')}</p>
        ) : (
          <ol data-testid="public-speakers">
            {spoke.map((s) => {
              const item = itemOf(s.itemId);
              return (
                <li key={s.id}>
                  {s.member.displayName} — {t(`council.speakerKind.${s.kind}`)}
                  {item ? ` (${t('publicSitting.onItem', { position: item.position })})` : ''},{' '}
                  <At at={s.grantedAt} lang={lang} />
                  {s.seconds !== null && s.status === 'finished'
                    ? ` · ${t('publicSitting.spokeFor', { time: formatDuration(s.seconds) })}`
                    : ''}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </>
  );
}
