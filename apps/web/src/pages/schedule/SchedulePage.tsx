import type {
  CalendarFeedResponse,
  ParticipantResponse,
  UpcomingMeetingView,
  UpcomingMeetingsPage,
} from '@egov-box/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useApi } from '../../api/queries';
import { useAnnounce } from '../../components/Announcer';
import type { CalendarSlot, CalendarSlotKind } from '../../components/calendar/WeekCalendar';
import { PageTitle } from '../../components/PageTitle';
import { LoadError, Loading, useErrorMessage } from '../../components/States';
import { formatRange, formatWeekdayDate, isoInSofia, type Language } from '../../format/datetime';
import { MEETINGS_KEY, useMeetingEvents } from '../dashboard/UpcomingSection';
import { MailPreferences } from './MailPreferences';
import { offersRsvp, placeOf } from './place';
import { RescheduleForm } from './RescheduleForm';
import { VIEWS, canCancel, canReschedule, groupByDay, periodOf, shiftAnchor, sofiaToday, type View } from './range';

import './schedule.css';

export { groupByDay } from './range';

// FullCalendar is large: its chunk loads when the day or week view is first shown.
const WeekCalendar = lazy(() => import('../../components/calendar/WeekCalendar'));

/**
 * A meeting as the calendar draws it: cancelled, tentative (awaiting a hall's approval, or not
 * yet accepted by me) or busy — said in the title too, so colour is not the only sign.
 */
function calendarSlot(m: UpcomingMeetingView, t: TFunction): CalendarSlot {
  const unanswered = m.response === 'tentative' || m.response === 'needs_action';
  const kind: CalendarSlotKind =
    m.status === 'cancelled' ? 'cancelled' : m.status === 'pending' || unanswered ? 'tentative' : 'busy';
  const note =
    m.status === 'cancelled'
      ? t('schedule.cancelled')
      : m.status === 'pending'
        ? t('schedule.pending')
        : unanswered
          ? t(`schedule.response.${m.response}`)
          : '';
  return { id: m.id, title: note ? `${m.title} (${note})` : m.title, start: m.startsAt, end: m.endsAt, kind };
}

const RESPONSES: Exclude<ParticipantResponse, 'needs_action'>[] = ['accepted', 'tentative', 'declined'];

export function SchedulePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const [view, setView] = useState<View>('list');
  const today = sofiaToday();
  const [anchor, setAnchor] = useState(today);
  const meetings = useApi<UpcomingMeetingsPage>([...MEETINGS_KEY, 'upcoming', 200], '/api/meetings/upcoming?limit=200');
  useMeetingEvents();
  const groups = meetings.data ? groupByDay(meetings.data.items, view, new Date(), anchor) : [];
  const period = periodOf(view, anchor);
  // Only meetings that have not ended are listed, so the views go forward from today.
  const atStart = !period || period.from <= periodOf(view, today)!.from;
  const periodTitle =
    view === 'day'
      ? formatWeekdayDate(`${anchor}T12:00:00Z`, lang)
      : view === 'week' && period
        ? t('schedule.weekOf', { date: formatWeekdayDate(`${period.from.toISODate()}T12:00:00Z`, lang) })
        : t('schedule.allUpcoming');
  return (
    <>
      <PageTitle title={t('schedule.title')}>{t('schedule.title')}</PageTitle>
      <p className="lead">{t('schedule.intro')}</p>
      <div className="language-switch" role="group" aria-label={t('schedule.viewLabel')}>
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            className="language-button"
            aria-pressed={view === v}
            onClick={() => setView(v)}
          >
            {t(`schedule.view.${v}`)}
          </button>
        ))}
      </div>
      <section className="card" aria-labelledby="meetings-heading">
        <h2 id="meetings-heading">
          {t('schedule.myMeetings')}: <span data-testid="period">{periodTitle}</span>
        </h2>
        {view !== 'list' ? (
          <div className="actions period-nav" role="group" aria-label={t('schedule.periodNav')}>
            <button
              type="button"
              className="button button-secondary"
              disabled={atStart}
              onClick={() => setAnchor((a) => shiftAnchor(view, a, -1))}
            >
              {t(view === 'day' ? 'schedule.previousDay' : 'schedule.previousWeek')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setAnchor(today)}>
              {t(view === 'day' ? 'schedule.today' : 'schedule.thisWeek')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setAnchor((a) => shiftAnchor(view, a, 1))}
            >
              {t(view === 'day' ? 'schedule.nextDay' : 'schedule.nextWeek')}
            </button>
          </div>
        ) : null}
        {meetings.isPending ? (
          <Loading />
        ) : meetings.isError ? (
          <LoadError error={meetings.error} retry={() => void meetings.refetch()} />
        ) : (
          <>
            {view !== 'list' ? (
              <Suspense fallback={<Loading />}>
                <WeekCalendar
                  view={view}
                  anchor={anchor}
                  lang={lang}
                  testId={`calendar-${view}`}
                  slots={groups.flatMap(([, l]) => l).map((m) => calendarSlot(m, t))}
                />
              </Suspense>
            ) : null}
            {groups.length === 0 ? (
              <p className="empty">{t('schedule.empty')}</p>
            ) : (
              groups.map(([day, list]) => (
                <div key={day} className="day-group">
                  <h3>
                    <time dateTime={day}>{formatWeekdayDate(`${day}T12:00:00Z`, lang)}</time>
                  </h3>
                  <ul className="list" data-testid="meetings">
                    {list.map((m) => (
                      <MeetingRow key={m.id} meeting={m} lang={lang} />
                    ))}
                  </ul>
                </div>
              ))
            )}
          </>
        )}
      </section>
      <CalendarFeed />
      <MailPreferences />
    </>
  );
}

function MeetingRow({ meeting: m, lang }: { meeting: UpcomingMeetingView; lang: Language }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [rescheduling, setRescheduling] = useState(false);
  const reasonId = useId();
  const [reason, setReason] = useState('');
  // Keyboard focus follows the row's forms: into a form when it opens, back to the button
  // that opened it when it closes (the button is gone while the form is open).
  const rescheduleButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const reasonInput = useRef<HTMLInputElement>(null);
  const returnTo = useRef<'reschedule' | 'cancel' | null>(null);
  useEffect(() => {
    if (confirming) reasonInput.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (confirming || rescheduling || !returnTo.current) return;
    (returnTo.current === 'reschedule' ? rescheduleButton : cancelButton).current?.focus();
    returnTo.current = null;
  }, [confirming, rescheduling]);
  const action = useMutation({
    mutationFn: (a: { path: string; body: unknown; done: string }) => api.post(a.path, a.body),
    onSuccess: (_d, a) => {
      setError(null);
      setConfirming(false);
      announce(a.done);
      void queryClient.invalidateQueries({ queryKey: MEETINGS_KEY });
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const cancelled = m.status === 'cancelled';
  const place = placeOf(m);
  return (
    <li className="list-item" data-testid={`meeting-${m.id}`}>
      <div>
        <p className="list-title">
          {m.title}
          {cancelled ? ` — ${t('schedule.cancelled')}` : m.status === 'pending' ? ` — ${t('schedule.pending')}` : ''}
        </p>
        <p className="muted">
          <time dateTime={isoInSofia(m.startsAt)}>{formatRange(m.startsAt, m.endsAt, lang)}</time> ·{' '}
          <span data-testid="place">{t(place.key, { name: place.name })}</span> · {t(`schedule.role.${m.role}`)}
        </p>
        {m.kind === 'one_on_one' && !cancelled ? (
          // Agreed by both on the one-on-ones page, and changed there: no RSVP here.
          <p data-testid="one-on-one-note">
            {t('schedule.oneOnOne.agreed')} <Link to="/one-on-ones">{t('schedule.oneOnOne.manage')}</Link>
          </p>
        ) : m.role === 'invitee' ? (
          <p data-testid="my-response">
            {t('schedule.yourResponse', { response: t(`schedule.response.${m.response}`) })}
          </p>
        ) : null}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      {!cancelled ? (
        <div className="actions">
          {offersRsvp(m)
            ? RESPONSES.map((r) => (
                <button
                  key={r}
                  type="button"
                  className="button button-secondary"
                  aria-pressed={m.response === r}
                  disabled={action.isPending}
                  aria-label={t(`schedule.rsvpFor.${r}`, { title: m.title })}
                  onClick={() =>
                    action.mutate({
                      path: `/api/meetings/${m.id}/rsvp`,
                      body: { response: r },
                      done: t('schedule.rsvpDone', { response: t(`schedule.response.${r}`) }),
                    })
                  }
                >
                  {t(`schedule.rsvp.${r}`)}
                </button>
              ))
            : null}
          {canReschedule(m) && !confirming && !rescheduling ? (
            <button
              type="button"
              className="button button-secondary"
              aria-label={t('schedule.reschedule.open', { title: m.title })}
              ref={rescheduleButton}
              onClick={() => setRescheduling(true)}
            >
              {t('schedule.reschedule.button')}
            </button>
          ) : null}
          {canCancel(m) && !rescheduling ? (
            confirming ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  action.mutate({
                    path: `/api/meetings/${m.id}/cancel`,
                    body: reason.trim() ? { reason: reason.trim() } : {},
                    done: t('schedule.cancelDone', { title: m.title }),
                  });
                }}
              >
                <div className="field">
                  <label htmlFor={reasonId}>{t('schedule.cancelReason')}</label>
                  <input
                    id={reasonId}
                    ref={reasonInput}
                    value={reason}
                    maxLength={1000}
                    onChange={(e) => setReason(e.target.value)}
                  />
                </div>
                <button type="submit" className="button button-primary" disabled={action.isPending}>
                  {t('schedule.confirmCancel')}
                </button>{' '}
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    returnTo.current = 'cancel';
                    setConfirming(false);
                  }}
                >
                  {t('common.cancel')}
                </button>
              </form>
            ) : (
              <button
                type="button"
                className="button button-secondary"
                aria-label={t('schedule.cancelMeeting', { title: m.title })}
                ref={cancelButton}
                onClick={() => setConfirming(true)}
              >
                {t('schedule.cancel')}
              </button>
            )
          ) : null}
        </div>
      ) : null}
      {rescheduling && !cancelled ? (
        <RescheduleForm
          meeting={m}
          lang={lang}
          onDone={() => {
            returnTo.current = 'reschedule';
            setRescheduling(false);
          }}
        />
      ) : null}
    </li>
  );
}

function CalendarFeed() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const id = useId();
  const [url, setUrl] = useState<string | null>(null);
  const rotate = useMutation({
    mutationFn: () => api.post<CalendarFeedResponse>('/api/me/calendar-feed'),
    onSuccess: (r, _v) => {
      setUrl(r.url);
      announce(t('schedule.feed.created'));
    },
  });
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      announce(t('schedule.feed.copied'));
    } catch {
      announce(t('schedule.feed.copyFailed'));
    }
  };
  return (
    <section className="card" aria-labelledby="feed-heading">
      <h2 id="feed-heading">{t('schedule.feed.heading')}</h2>
      <p>{t('schedule.feed.intro')}</p>
      {url ? (
        <div className="field">
          <label htmlFor={id}>{t('schedule.feed.url')}</label>
          <input id={id} readOnly value={url} onFocus={(e) => e.target.select()} />
        </div>
      ) : null}
      <div className="actions">
        {url ? (
          <button type="button" className="button button-secondary" onClick={() => void copy()}>
            {t('schedule.feed.copy')}
          </button>
        ) : null}
        <button
          type="button"
          className="button button-secondary"
          disabled={rotate.isPending}
          onClick={() => rotate.mutate()}
        >
          {url ? t('schedule.feed.rotate') : t('schedule.feed.create')}
        </button>
      </div>
      <p className="muted">{t('schedule.feed.warning')}</p>
      {rotate.isError ? (
        <p className="form-error" role="alert">
          {errorMessage(rotate.error)}
        </p>
      ) : null}
    </section>
  );
}
