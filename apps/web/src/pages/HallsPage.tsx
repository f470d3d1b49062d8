import type { CreateBookingRequest, HallView, MeetingView, SpaceView } from '@egov-box/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client';
import { useApi } from '../api/queries';
import { useAuth } from '../auth/AuthContext';
import { useAnnounce } from '../components/Announcer';
import WeekCalendar from '../components/calendar/WeekCalendar';
import { PageTitle } from '../components/PageTitle';
import { LoadError, Loading, useErrorMessage } from '../components/States';
import { PORTAL_ZONE, formatRange, formatWeekdayDate, isoInSofia, type Language } from '../format/datetime';
import { useRealtimeEvent } from '../realtime/RealtimeContext';
import { recurrenceRule, sofiaInstant, weekStart, type Recurrence } from './halls/booking';

interface SlotConflictDetails {
  /** `title` is null for a meeting the person takes no part in. */
  conflicts?: { id: string; title: string | null; startsAt: string; endsAt: string; status: string }[];
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
    <>
      <PageTitle title={t('halls.title')}>{t('halls.title')}</PageTitle>
      <p className="lead">{t('halls.intro')}</p>
      {halls.isPending ? (
        <Loading />
      ) : halls.isError ? (
        <LoadError error={halls.error} retry={() => void halls.refetch()} unavailable={t('halls.unavailable')} />
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
                {h.equipment.length ? <p>{t('common.equipment', { list: h.equipment.join(', ') })}</p> : null}
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
            <div className="actions">
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
            {hall ? <HallWeek hall={hall} week={week} lang={lang} /> : null}
          </section>
          {hall ? <BookingForm hall={hall} onBooked={refresh} /> : null}
        </>
      )}
    </>
  );
}

/** The week as a FullCalendar time grid (for the eye) and as a list (for everyone). */
function HallWeek({ hall, week, lang }: { hall: HallView; week: string; lang: Language }) {
  const { t } = useTranslation();
  const busy = hall.freeBusy?.busy ?? [];
  return (
    <>
      <WeekCalendar
        view="week"
        anchor={week}
        lang={lang}
        testId="hall-calendar"
        slots={busy.map((b, i) => ({
          id: String(i),
          title: b.status === 'pending' ? t('halls.pendingSlot') : t('halls.busySlot'),
          start: b.startsAt,
          end: b.endsAt,
          kind: b.status === 'pending' ? 'tentative' : 'busy',
        }))}
      />
      <h3>{t('halls.busyList', { name: hall.name })}</h3>
      {busy.length === 0 ? (
        <p className="empty">{t('halls.allFree')}</p>
      ) : (
        <ul data-testid="busy-list">
          {busy.map((b) => (
            <li key={b.startsAt}>
              <time dateTime={isoInSofia(b.startsAt)}>{formatRange(b.startsAt, b.endsAt, lang)}</time> —{' '}
              {b.status === 'pending' ? t('halls.pendingSlot') : t('halls.busySlot')}
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
    rec: useId(),
    count: useId(),
    filter: useId(),
  };
  const tomorrow = DateTime.now().setZone(PORTAL_ZONE).plus({ days: 1 }).toISODate()!;
  const [form, setForm] = useState({
    title: '',
    date: tomorrow,
    start: '10:00',
    end: '11:00',
    recurrence: 'none' as Recurrence,
    count: 4,
  });
  const [invitees, setInvitees] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const spaces = useApi<SpaceView[]>(['spaces', 'personal'], '/api/spaces?kind=personal');
  const people = (spaces.data ?? [])
    .map((s) => s.owner)
    .filter((o): o is NonNullable<typeof o> => !!o && o.id !== state.user?.id)
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'bg'));
  const shown = people.filter((p) => p.displayName.toLowerCase().includes(filter.toLowerCase())).slice(0, 30);
  const book = useMutation({
    mutationFn: (body: CreateBookingRequest) =>
      api.post<MeetingView | MeetingView[]>(`/api/halls/${hall.id}/bookings`, body),
    onSuccess: () => {
      announce(t('halls.booked', { title: form.title, hall: hall.name }));
      setForm((f) => ({ ...f, title: '' }));
      setInvitees([]);
      onBooked();
    },
  });
  const conflicts =
    book.error instanceof ApiError && book.error.code === 'slot_taken'
      ? ((book.error.details as SlotConflictDetails | undefined)?.conflicts ?? [])
      : null;
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: k === 'count' ? Number(e.target.value) : e.target.value }));
  return (
    <section className="card" aria-labelledby="book-heading">
      <h2 id="book-heading">{t('halls.bookHeading', { name: hall.name })}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const startsAt = sofiaInstant(form.date, form.start);
          const endsAt = sofiaInstant(form.date, form.end);
          if (!startsAt || !endsAt) return;
          const recurrence = recurrenceRule(form.recurrence, form.count);
          book.mutate({
            title: form.title.trim(),
            startsAt,
            endsAt,
            inviteeIds: invitees,
            ...(recurrence ? { recurrence } : {}),
          });
        }}
      >
        <div className="field">
          <label htmlFor={ids.title}>{t('halls.form.title')}</label>
          <input id={ids.title} required maxLength={200} value={form.title} onChange={set('title')} />
        </div>
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
          <input id={ids.end} type="time" required step={300} value={form.end} onChange={set('end')} />
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
          <input id={ids.filter} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <ul className="columns checkbox-list">
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
        {book.isError ? (
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
