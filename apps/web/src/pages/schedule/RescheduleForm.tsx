import type { MeetingView, SeriesScope, UpcomingMeetingView, UpdateMeetingRequest } from '@egov-box/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useAnnounce } from '../../components/Announcer';
import { useErrorMessage } from '../../components/States';
import { formatRange, type Language } from '../../format/datetime';
import { MEETINGS_KEY } from '../dashboard/UpcomingSection';
import { conflictsOf, rescheduleTimes, wallClock } from './range';

const SCOPES: SeriesScope[] = ['this', 'following', 'series'];

/**
 * The organizer moves a meeting (`PATCH /api/meetings/:id`) in Sofia wall-clock time; for a
 * series, this one, this and the following, or all. A clash answers 409 `slot_taken` and the
 * meetings in the way are listed.
 */
export function RescheduleForm({
  meeting: m,
  lang,
  onDone,
}: {
  meeting: UpcomingMeetingView;
  lang: Language;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const ids = { date: useId(), start: useId(), end: useId(), scope: useId(), error: useId() };
  const [form, setForm] = useState(() => wallClock(m));
  const [scope, setScope] = useState<SeriesScope>('this');
  const [localError, setLocalError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const move = useMutation({
    mutationFn: (body: UpdateMeetingRequest) => api.patch<MeetingView>(`/api/meetings/${m.id}`, body),
    onSuccess: (updated) => {
      announce(
        t('schedule.reschedule.done', { title: m.title, when: formatRange(updated.startsAt, updated.endsAt, lang) }),
      );
      void queryClient.invalidateQueries({ queryKey: MEETINGS_KEY });
      onDone();
    },
  });
  const conflicts = move.isError ? conflictsOf(move.error) : null;
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const hasError = Boolean(localError || move.isError);
  return (
    <form
      className="reschedule-form"
      aria-label={t('schedule.reschedule.formFor', { title: m.title })}
      onSubmit={(e) => {
        e.preventDefault();
        const times = rescheduleTimes(form.date, form.start, form.end);
        if ('error' in times) {
          setLocalError(t(`schedule.reschedule.${times.error}`));
          return;
        }
        setLocalError(null);
        move.mutate({ ...times, scope });
      }}
    >
      <div className="field">
        <label htmlFor={ids.date}>{t('schedule.reschedule.date')}</label>
        <input id={ids.date} ref={first} type="date" required value={form.date} onChange={set('date')} />
      </div>
      <div className="field">
        <label htmlFor={ids.start}>{t('schedule.reschedule.start')}</label>
        <input
          id={ids.start}
          type="time"
          required
          step={300}
          value={form.start}
          onChange={set('start')}
          aria-describedby={hasError ? ids.error : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.end}>{t('schedule.reschedule.end')}</label>
        <input
          id={ids.end}
          type="time"
          required
          step={300}
          value={form.end}
          onChange={set('end')}
          aria-describedby={hasError ? ids.error : undefined}
        />
      </div>
      {m.seriesId ? (
        <fieldset className="field">
          <legend>{t('schedule.reschedule.scope')}</legend>
          {SCOPES.map((s) => (
            <div className="radio" key={s}>
              <input
                type="radio"
                id={`${ids.scope}-${s}`}
                name={`${ids.scope}-scope`}
                checked={scope === s}
                onChange={() => setScope(s)}
              />
              <label htmlFor={`${ids.scope}-${s}`}>{t(`schedule.reschedule.scopes.${s}`)}</label>
            </div>
          ))}
        </fieldset>
      ) : null}
      {hasError ? (
        <div className="form-error" role="alert" id={ids.error} data-testid="reschedule-error">
          <p>{localError ?? (conflicts ? t('schedule.reschedule.slotTaken') : errorMessage(move.error))}</p>
          {!localError && conflicts && conflicts.length > 0 ? (
            <ul>
              {conflicts.map((c) => (
                <li key={c.id}>
                  {t(c.title === null ? 'schedule.reschedule.inTheWayPrivate' : 'schedule.reschedule.inTheWay', {
                    title: c.title,
                    when: formatRange(c.startsAt, c.endsAt, lang),
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={move.isPending}>
          {t('schedule.reschedule.submit')}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
