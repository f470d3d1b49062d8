import type { SittingChangeView, SittingWhenWhere } from '@egov-box/contracts';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRange, isoInSofia, type Language } from '../../format/datetime';

/**
 * What changed after the sitting was announced, oldest first, as it was announced: a new time
 * or place with its reason, an item added or withdrawn at the sitting. Shown to members and
 * citizens alike (the invitation's changes are public like the invitation).
 */
export function SittingChanges({ changes }: { changes?: SittingChangeView[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  if (!changes?.length) return null;
  const whenWhere = (w: SittingWhenWhere) =>
    `${formatRange(w.startsAt, w.endsAt, lang)}${w.place ? `, ${w.place}` : ''}`;
  return (
    <div data-testid="sitting-changes">
      <h3>{t('council.changes.heading')}</h3>
      <ul>
        {changes.map((c) => (
          <li key={`${c.at}-${c.kind}-${c.item?.id ?? ''}`}>
            <time dateTime={isoInSofia(c.at)}>{formatDateTime(c.at, lang)}</time>
            {' — '}
            {c.kind === 'rescheduled' && c.before && c.after ? (
              <>
                {t('council.changes.moved', { from: whenWhere(c.before), to: whenWhere(c.after) })}
                {c.reason ? ` ${t('council.changes.reason')}: ${c.reason}` : null}
              </>
            ) : (
              t(`council.changes.${c.kind === 'item_added' ? 'added' : 'withdrawn'}`, {
                item: c.item ? `${c.item.position}. ${c.item.title}` : '',
              })
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
