import type { UpcomingMeetingView } from '@egov-box/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatRange, isoInSofia, type Language } from '../../format/datetime';
import { useNow } from '../../format/useNow';

/** Minutes before the start when a meeting can be joined (the server enforces the same). */
export const JOIN_EARLY_MINUTES = 15;

export function joinWindowOpen(meeting: Pick<UpcomingMeetingView, 'startsAt' | 'endsAt'>, now: Date): boolean {
  const start = Date.parse(meeting.startsAt) - JOIN_EARLY_MINUTES * 60_000;
  const end = Date.parse(meeting.endsAt);
  return now.getTime() >= start && now.getTime() < end;
}

export function MeetingList({ meetings }: { meetings: UpcomingMeetingView[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const now = useNow();
  return (
    <ul className="list">
      {meetings.map((m) => (
        <li key={`${m.id}-${m.startsAt}`} className="list-item">
          <div>
            <p className="list-title">{m.title}</p>
            <p className="muted">
              <time dateTime={isoInSofia(m.startsAt)}>{formatRange(m.startsAt, m.endsAt, lang)}</time>
              {' · '}
              {t(`meetingKind.${m.kind}`, { defaultValue: '' })}
            </p>
            {m.space ? <p className="muted">{t('dashboard.upcoming.place', { space: m.space.name })}</p> : null}
          </div>
          {m.space && joinWindowOpen(m, now) ? (
            <Link
              className="button button-primary"
              to={`/rooms/${m.space.id}?meeting=${encodeURIComponent(m.id)}`}
              aria-label={t('dashboard.upcoming.joinMeeting', { title: m.title })}
            >
              {t('dashboard.upcoming.join')}
            </Link>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
