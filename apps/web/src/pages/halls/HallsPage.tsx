import type { CreateBookingRequest, HallBusySlot, HallView, MeetingView, SpaceView } from '@egov-box/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { DateTime } from 'luxon';
import { useId, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { useApi } from '../../api/queries';
import { useAuth } from '../../auth/AuthContext';
import { useAnnounce } from '../../components/Announcer';
import { formatDayHeader } from '../../components/calendar/days';
import WeekCalendar, { type CalendarSlot } from '../../components/calendar/WeekCalendar';
import { PageTitle } from '../../components/PageTitle';
import { LoadError, Loading, useErrorMessage } from '../../components/States';
import { PORTAL_ZONE, formatRange, formatWeekdayDate, isoInSofia, type Language } from '../../format/datetime';
import { useRealtimeEvent } from '../../realtime/RealtimeContext';
import {
  daysOfWeek,
  equipmentList,
  firstDayShown,
  matchingPeople,
  recurrenceRule,
  weekStart,
  type Recurrence,
} from './booking';
import { rescheduleTimes } from '../schedule/range';
import './halls.css';

interface SlotConflictDetails {
  /** `title` is null for a meeting the person takes no part in. */
  conflicts?: { id: string; title: string | null; startsAt: string; endsAt: string; status: string }[];
}

/** Below this width the calendar shows one day at a time, chosen from the week's days. */
const NARROW = '(max-width: 40rem)';

function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', changed);
      return () => list.removeEventListener('change', changed);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

export function HallsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const [week, setWeek] = useState(() => weekStart(DateTime.now()));
  const halls = useApi<HallView[]>(['halls', week], `/api/halls?week=${week}`);
  const [selected, setSelected] = useState<string>('');
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['halls'] });
  useRealtimeEvent('meeting.created', refresh);
  useRealtimeEvent('meeting.updated', refresh);
  useRealtimeEvent('meeting.cancelled', refresh);
  const list = halls.data ?? [];
  const hall = list.find((h) => h.id === selected) ?? list[0] ?? null;
  const selectId = useId();
  const shift = (weeks: number) =>
    setWeek((w) => DateTime.fromISO(w, { zone: PORTAL_ZONE }).plus({ weeks }).toISODate()!);
  return (
    <div className="halls">
      <PageTitle title={t('halls.title')}>{t('halls.title')}</PageTitle>
      <p className="lead">{t('halls.intro')}</p>
      {halls.isPending ? (
        <Loading />
      ) : halls.isError ? (
        <LoadError error={halls.error} retry={() => void halls.refetch()} />
      ) : list.length === 0 ? (
        <p className="empty">{t('halls.empty')}</p>
      ) : (
        <>
          <ul className="grid cards">
            {list.map((h) => (
              <li key={h.id} className="card">
                <h2>{h.name}</h2>
                {h.capacity ? <p>{t('common.capacity', { count: h.capacity })}</p> : null}
                {h.location ? <p>{t('common.location', { location: h.location })}</p> : null}
                {h.equipment.length ? (
                  <p>
                    {t('common.equipment', {
                      list: equipmentList(h.equipment, (key) => t(`halls.equipment.${key}`)),
                    })}
                  </p>
                ) : null}
                {h.policy.requiresApproval ? <p className="muted">{t('halls.requiresApproval')}</p> : null}
              </li>
            ))}
          </ul>
          <section className="card" aria-labelledby="week-heading">
            <h2 id="week-heading">{t('halls.week', { date: formatWeekdayDate(`${week}T12:00:00Z`, lang) })}</h2>
            <div className="field">
              <label htmlFor={selectId}>{t('halls.hall')}</label>
              <select id={selectId} value={hall?.id ?? ''} onChange={(e) => setSelected(e.target.value)}>
                {list.map((h) => (
                  <option key={h.id} value={h.id}>
                    {h.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="actions week-nav">
              <button type="button" className="button button-secondary" onClick={() => shift(-1)}>
                {t('halls.previousWeek')}
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => setWeek(weekStart(DateTime.now()))}
              >
                {t('halls.thisWeek')}
              </button>
              <button type="button" className="button button-secondary" onClick={() => shift(1)}>
                {t('halls.nextWeek')}
              </button>
            </div>
            {hall ? <HallWeek key={week} hall={hall} week={week} lang={lang} /> : null}
          </section>
          {hall ? <BookingForm hall={hall} onBooked={refresh} /> : null}
        </>
      )}
    </div>
  );
}

/**
 * What a taken slot says: the viewer's own booking by its title, anyone else's only that it is
 * taken. In the calendar (`short`) the title comes first, where a narrow slot still shows it.
 */
function slotText(b: HallBusySlot, t: TFunction, short = false): string {
  if (b.own) {
    const key = b.status === 'pending' ? 'halls.ownPendingSlot' : 'halls.ownSlot';
    return t(short ? `${key}Short` : key, { title: b.title });
  }
  return b.status === 'pending' ? t('halls.pendingSlot') : t('halls.busySlot');
}

function slotKind(b: HallBusySlot): CalendarSlot['kind'] {
  if (b.status === 'pending') return 'tentative';
  return b.own ? 'own' : 'busy';
}

/**
 * The week as a FullCalendar time grid (for the eye) and as a list (for everyone). On a narrow
 * screen the grid shows one day, picked from the week's days (weekday and date on each).
 */
function HallWeek({ hall, week, lang }: { hall: HallView; week: string; lang: Language }) {
  const { t } = useTranslation();
  const narrow = useMediaQuery(NARROW);
  const [day, setDay] = useState(() => firstDayShown(week, DateTime.now()));
  const busy = hall.freeBusy?.busy ?? [];
  return (
    <>
      {narrow ? (
        <div className="day-picker" role="group" aria-label={t('halls.dayPicker')}>
          {daysOfWeek(week).map((d) => (
            <button
              key={d}
              type="button"
              className="button button-secondary"
              aria-pressed={d === day}
              onClick={() => setDay(d)}
            >
              {formatDayHeader(d, lang)}
            </button>
          ))}
        </div>
      ) : null}
      <WeekCalendar
        view={narrow ? 'day' : 'week'}
        anchor={narrow ? day : week}
        lang={lang}
        testId="hall-calendar"
        slots={busy.map((b, i) => ({
          id: String(i),
          title: slotText(b, t, true),
          start: b.startsAt,
          end: b.endsAt,
          kind: slotKind(b),
        }))}
      />
      <h3>{t('halls.busyList', { name: hall.name })}</h3>
      {busy.length === 0 ? (
        <p className="empty">{t('halls.allFree')}</p>
      ) : (
        <ul data-testid="busy-list">
          {busy.map((b) => (
            <li key={b.startsAt} className={b.own ? 'own-booking' : undefined}>
              <time dateTime={isoInSofia(b.startsAt)}>{formatRange(b.startsAt, b.endsAt, lang)}</time> —{' '}
              {slotText(b, t)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function BookingForm({ hall, onBooked }: { hall: HallView; onBooked: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const { state } = useAuth();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const ids = {
    title: useId(),
    date: useId(),
    start: useId(),
    end: useId(),
    endError: useId(),
    rec: useId(),
    count: useId(),
    filter: useId(),
    shown: useId(),
  };
  const endRef = useRef<HTMLInputElement>(null);
  const tomorrow = DateTime.now().setZone(PORTAL_ZONE).plus({ days: 1 }).toISODate()!;
  const [form, setForm] = useState({
    title: '',
    date: tomorrow,
    start: '10:00',
    end: '11:00',
    recurrence: 'none' as Recurrence,
    count: 4,
  });
  /** The form found the end at or before the start (checked before asking the server). */
  const [endBeforeStart, setEndBeforeStart] = useState(false);
  const [invitees, setInvitees] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const spaces = useApi<SpaceView[]>(['spaces', 'personal'], '/api/spaces?kind=personal');
  const people = (spaces.data ?? [])
    .map((s) => s.owner)
    .filter((o): o is NonNullable<typeof o> => !!o && o.id !== state.user?.id)
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'bg'));
  // Every colleague whose name matches (never a silent first 30); those already invited stay in view.
  const shown = matchingPeople(people, filter);
  const book = useMutation({
    mutationFn: (body: CreateBookingRequest) =>
      api.post<MeetingView | MeetingView[]>(`/api/halls/${hall.id}/bookings`, body),
    onSuccess: () => {
      announce(t('halls.booked', { title: form.title, hall: hall.name }));
      setForm((f) => ({ ...f, title: '' }));
      setInvitees([]);
      onBooked();
    },
    // The server's word on the same rule (a form that skipped the check) is shown at the field too.
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'ends_before_start') endRef.current?.focus();
    },
  });
  const serverCode = book.error instanceof ApiError ? book.error.code : null;
  const endInvalid = endBeforeStart || serverCode === 'ends_before_start';
  const conflicts =
    serverCode === 'slot_taken'
      ? (((book.error as ApiError).details as SlotConflictDetails | undefined)?.conflicts ?? [])
      : null;
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    if (k === 'date' || k === 'start' || k === 'end') {
      setEndBeforeStart(false);
      if (serverCode === 'ends_before_start') book.reset();
    }
    setForm((f) => ({ ...f, [k]: k === 'count' ? Number(e.target.value) : e.target.value }));
  };
  return (
    <section className="card" aria-labelledby="book-heading">
      <h2 id="book-heading">{t('halls.bookHeading', { name: hall.name })}</h2>
      <form
        className="booking-form"
        onSubmit={(e) => {
          e.preventDefault();
          const times = rescheduleTimes(form.date, form.start, form.end);
          if ('error' in times) {
            if (times.error === 'end_before_start') {
              setEndBeforeStart(true);
              endRef.current?.focus();
            }
            return;
          }
          const recurrence = recurrenceRule(form.recurrence, form.count);
          book.mutate({
            title: form.title.trim(),
            ...times,
            inviteeIds: invitees,
            ...(recurrence ? { recurrence } : {}),
          });
        }}
      >
        <div className="field">
          <label htmlFor={ids.title}>{t('halls.form.title')}</label>
          <input id={ids.title} required maxLength={200} value={form.title} onChange={set('title')} />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.date}>{t('halls.form.date')}</label>
            <input id={ids.date} type="date" required value={form.date} onChange={set('date')} />
          </div>
          <div className="field">
            <label htmlFor={ids.start}>{t('halls.form.start')}</label>
            <input id={ids.start} type="time" required step={300} value={form.start} onChange={set('start')} />
          </div>
          <div className="field">
            <label htmlFor={ids.end}>{t('halls.form.end')}</label>
            <input
              id={ids.end}
              ref={endRef}
              type="time"
              required
              step={300}
              value={form.end}
              onChange={set('end')}
              aria-invalid={endInvalid || undefined}
              aria-describedby={endInvalid ? ids.endError : undefined}
            />
            {endInvalid ? (
              <p className="field-error" id={ids.endError} data-testid="end-error">
                {t('errors.ends_before_start')}
              </p>
            ) : null}
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.rec}>{t('halls.form.recurrence')}</label>
          <select id={ids.rec} value={form.recurrence} onChange={set('recurrence')}>
            <option value="none">{t('halls.form.once')}</option>
            <option value="weekly">{t('halls.form.weekly')}</option>
            <option value="daily">{t('halls.form.daily')}</option>
          </select>
        </div>
        {form.recurrence !== 'none' ? (
          <div className="field">
            <label htmlFor={ids.count}>{t('halls.form.count')}</label>
            <input id={ids.count} type="number" min={2} max={52} value={form.count} onChange={set('count')} />
          </div>
        ) : null}
        <fieldset className="field">
          <legend>{t('halls.form.invitees', { count: invitees.length })}</legend>
          <label htmlFor={ids.filter}>{t('halls.form.filter')}</label>
          <input
            id={ids.filter}
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            aria-describedby={ids.shown}
          />
          <p className="muted" id={ids.shown} role="status" data-testid="invitee-count">
            {spaces.isPending
              ? t('common.loading')
              : t('halls.form.shown', { count: shown.length, total: people.length })}
          </p>
          <ul className="checkbox-list invitee-list">
            {[...people.filter((p) => invitees.includes(p.id) && !shown.includes(p)), ...shown].map((p) => (
              <li key={p.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={invitees.includes(p.id)}
                    onChange={(e) =>
                      setInvitees((list) => (e.target.checked ? [...list, p.id] : list.filter((x) => x !== p.id)))
                    }
                  />{' '}
                  {p.displayName}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        {book.isError && !endInvalid ? (
          <div className="form-error" role="alert" data-testid="booking-error">
            <p>{conflicts ? t('halls.slotTaken') : errorMessage(book.error)}</p>
            {conflicts && conflicts.length > 0 ? (
              <ul>
                {conflicts.map((c) => (
                  <li key={c.id}>
                    {t(c.title === null ? 'halls.inTheWayPrivate' : 'halls.inTheWay', {
                      title: c.title,
                      when: formatRange(c.startsAt, c.endsAt, lang),
                    })}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <button type="submit" className="button button-primary" disabled={book.isPending}>
          {t('halls.form.submit')}
        </button>
      </form>
    </section>
  );
}
