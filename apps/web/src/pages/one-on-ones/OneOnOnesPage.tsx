import type { FreeSlot, OneOnOneView, Slot, SpaceView, UserView } from '@egov-box/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApi } from '../../api/queries';
import { useUser } from '../../auth/AuthContext';
import { useAnnounce } from '../../components/Announcer';
import { PageTitle } from '../../components/PageTitle';
import { LoadError, Loading, useErrorMessage } from '../../components/States';
import { formatRange, formatWeekdayDate, isoInSofia, type Language } from '../../format/datetime';
import { useRealtimeEvent } from '../../realtime/RealtimeContext';
import { MAX_SLOTS, formatSlotTime, keepUnits, slotDays, toggleSlot } from './slots';

import './one-on-ones.css';

const KEY = ['one-on-ones'] as const;
export { MAX_SLOTS, toggleSlot } from './slots';

function useColleagues(): UserView[] {
  const me = useUser();
  const spaces = useApi<SpaceView[]>(['spaces', 'personal'], '/api/spaces?kind=personal');
  return (spaces.data ?? [])
    .map((s) => s.owner)
    .filter((o): o is UserView => !!o && o.id !== me.id)
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'bg'));
}

export function OneOnOnesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: KEY });
  useRealtimeEvent('one_on_one.requested', refresh);
  useRealtimeEvent('one_on_one.updated', refresh);
  return (
    <>
      <PageTitle title={t('oneOnOnes.title')}>{t('oneOnOnes.title')}</PageTitle>
      <p className="lead">{t('oneOnOnes.intro')}</p>
      <AskForm />
      <Inbox />
    </>
  );
}

/**
 * Free slots of `userId` for the next two weeks, chosen up to three: every day of the
 * fortnight (days without a free time say so), one day open at a time to keep the list short;
 * each day's summary says how many free times it has and how many are chosen. A slot that
 * touches a meeting the colleague has not answered yet is marked "tentative" in words.
 */
function SlotPicker({
  userId,
  minutes,
  chosen,
  setChosen,
}: {
  userId: string;
  minutes: number;
  chosen: Slot[];
  setChosen: (s: Slot[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const [range] = useState(() => {
    const from = new Date(Date.now() + 60_000);
    return { from: from.toISOString(), to: new Date(from.getTime() + 14 * 86_400_000).toISOString() };
  });
  const slots = useQuery({
    queryKey: ['free-slots', userId, minutes, range.from],
    queryFn: ({ signal }) =>
      api.get<FreeSlot[]>(
        `/api/users/${userId}/free-slots?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}&minutes=${minutes}`,
        { signal },
      ),
  });
  if (slots.isPending) return <Loading />;
  if (slots.isError) return <LoadError error={slots.error} retry={() => void slots.refetch()} />;
  const days = slotDays(slots.data, range.from, range.to);
  const firstOpen = days.find((d) => d.slots.length > 0)?.day;
  const isChosen = (s: Slot) => chosen.some((c) => c.startsAt === s.startsAt && c.endsAt === s.endsAt);
  return (
    <fieldset className="field slot-picker">
      <legend>{t('oneOnOnes.freeSlots', { chosen: chosen.length, max: MAX_SLOTS })}</legend>
      {slots.data.length === 0 ? (
        <p className="empty">{t('oneOnOnes.noSlots')}</p>
      ) : (
        <>
          {slots.data.some((s) => s.tentative) ? <p className="muted">{t('oneOnOnes.tentativeNote')}</p> : null}
          <ul className="slot-days" data-testid="free-slots">
            {days.map((d) => {
              const date = formatWeekdayDate(`${d.day}T12:00:00Z`, lang);
              const picked = d.slots.filter(isChosen).length;
              return (
                <li key={d.day} data-testid={`slot-day-${d.day}`}>
                  {d.slots.length === 0 ? (
                    <p className="slot-day-empty">
                      <time dateTime={d.day}>{keepUnits(date)}</time> — {t('oneOnOnes.dayFull')}
                    </p>
                  ) : (
                    <details open={d.day === firstOpen}>
                      <summary>
                        <time dateTime={d.day}>{keepUnits(date)}</time> —{' '}
                        {t('oneOnOnes.dayCount', { count: d.slots.length })}
                        {picked ? ` · ${t('oneOnOnes.dayChosen', { count: picked })}` : ''}
                      </summary>
                      <ul className="checkbox-list slot-grid">
                        {d.slots.map((s) => (
                          <li key={`${s.startsAt}-${s.substitute?.id ?? ''}`}>
                            <label className={s.tentative ? 'slot-tentative' : undefined}>
                              <input
                                type="checkbox"
                                checked={isChosen(s)}
                                disabled={!isChosen(s) && chosen.length >= MAX_SLOTS}
                                aria-label={[
                                  `${keepUnits(date)}, ${formatSlotTime(s, lang)}`,
                                  s.tentative ? t('oneOnOnes.tentative') : '',
                                  s.substitute ? t('oneOnOnes.substitute', { name: s.substitute.displayName }) : '',
                                ]
                                  .filter(Boolean)
                                  .join(', ')}
                                onChange={() =>
                                  setChosen(toggleSlot(chosen, { startsAt: s.startsAt, endsAt: s.endsAt }))
                                }
                              />{' '}
                              <time className="slot-time" dateTime={isoInSofia(s.startsAt)}>
                                {formatSlotTime(s, lang)}
                              </time>
                              {s.tentative ? <span className="slot-note">{t('oneOnOnes.tentative')}</span> : null}
                              {s.substitute ? (
                                <span className="slot-note">
                                  {t('oneOnOnes.substitute', { name: s.substitute.displayName })}
                                </span>
                              ) : null}
                            </label>
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </fieldset>
  );
}

function AskForm() {
  const { t } = useTranslation();
  const colleagues = useColleagues();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const ids = { who: useId(), topic: useId(), minutes: useId() };
  const [who, setWho] = useState('');
  const [topic, setTopic] = useState('');
  const [minutes, setMinutes] = useState(30);
  const [chosen, setChosen] = useState<Slot[]>([]);
  const ask = useMutation({
    mutationFn: () =>
      api.post<OneOnOneView>('/api/one-on-ones', { inviteeId: who, topic: topic.trim(), slots: chosen }),
    onSuccess: (r) => {
      announce(t('oneOnOnes.sent', { name: r.invitee.displayName }));
      setTopic('');
      setChosen([]);
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  return (
    <section className="card" aria-labelledby="ask-heading">
      <h2 id="ask-heading">{t('oneOnOnes.ask')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (who && topic.trim() && chosen.length > 0) ask.mutate();
        }}
      >
        <div className="field">
          <label htmlFor={ids.who}>{t('oneOnOnes.colleague')}</label>
          <select
            id={ids.who}
            value={who}
            onChange={(e) => {
              setWho(e.target.value);
              setChosen([]);
            }}
          >
            <option value="">{t('oneOnOnes.chooseColleague')}</option>
            {colleagues.map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.topic}>{t('oneOnOnes.topic')}</label>
          <input id={ids.topic} required maxLength={200} value={topic} onChange={(e) => setTopic(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.minutes}>{t('oneOnOnes.duration')}</label>
          <select
            id={ids.minutes}
            value={minutes}
            onChange={(e) => {
              setMinutes(Number(e.target.value));
              setChosen([]);
            }}
          >
            {[15, 30, 45, 60, 90].map((m) => (
              <option key={m} value={m}>
                {t('oneOnOnes.minutes', { count: m })}
              </option>
            ))}
          </select>
        </div>
        {who ? <SlotPicker userId={who} minutes={minutes} chosen={chosen} setChosen={setChosen} /> : null}
        {ask.isError ? (
          <p className="form-error" role="alert">
            {errorMessage(ask.error)}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={ask.isPending || !who || chosen.length === 0}>
          {t('oneOnOnes.send')}
        </button>
      </form>
    </section>
  );
}

function Inbox() {
  const { t } = useTranslation();
  const list = useApi<OneOnOneView[]>(KEY, '/api/one-on-ones');
  return (
    <section className="card" aria-labelledby="inbox-heading">
      <h2 id="inbox-heading">{t('oneOnOnes.inbox')}</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} retry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <p className="empty">{t('oneOnOnes.empty')}</p>
      ) : (
        <ul className="list" aria-live="polite" data-testid="one-on-ones">
          {[...list.data]
            .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
            .map((r) => (
              <RequestRow key={r.id} request={r} />
            ))}
        </ul>
      )}
    </section>
  );
}

function RequestRow({ request: r }: { request: OneOnOneView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const me = useUser();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [proposing, setProposing] = useState(false);
  const [chosen, setChosen] = useState<Slot[]>([]);
  const other = r.requester.id === me.id ? r.invitee : r.requester;
  const mineToAnswer = r.status === 'pending' && r.awaitingUserId === me.id;
  const act = useMutation({
    mutationFn: (a: { path: string; body: unknown; done: string }) => api.post<OneOnOneView>(a.path, a.body),
    onSuccess: (_d, a) => {
      announce(a.done);
      setProposing(false);
      setChosen([]);
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const base = `/api/one-on-ones/${r.id}`;
  return (
    <li className="list-item" data-testid={`one-on-one-${r.id}`}>
      <div>
        <p className="list-title">{r.topic}</p>
        <p className="muted">
          {r.requester.id === me.id
            ? t('oneOnOnes.withInvitee', { name: other.displayName })
            : t('oneOnOnes.fromRequester', { name: other.displayName })}{' '}
          ·{' '}
          <span data-testid="status">
            {/* Pending says whose turn it is (once), any other status its name. */}
            {r.status !== 'pending'
              ? t(`oneOnOnes.status.${r.status}`)
              : mineToAnswer
                ? t('oneOnOnes.yourTurn')
                : t('oneOnOnes.theirTurn', { name: other.displayName })}
          </span>
        </p>
        {r.acceptedSlot ? (
          <p>
            {t('oneOnOnes.agreed', {
              when: keepUnits(formatRange(r.acceptedSlot.startsAt, r.acceptedSlot.endsAt, lang)),
            })}
          </p>
        ) : null}
        {r.status === 'pending' ? (
          <ul>
            {r.slots.map((s) => (
              <li key={s.startsAt}>
                <time dateTime={isoInSofia(s.startsAt)}>{keepUnits(formatRange(s.startsAt, s.endsAt, lang))}</time>{' '}
                {mineToAnswer ? (
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={act.isPending}
                    onClick={() =>
                      act.mutate({
                        path: `${base}/accept`,
                        body: { slot: s },
                        done: t('oneOnOnes.accepted', { name: other.displayName }),
                      })
                    }
                  >
                    {t('oneOnOnes.acceptAt', { when: formatRange(s.startsAt, s.endsAt, lang) })}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {act.isError ? (
          <p className="form-error" role="alert">
            {errorMessage(act.error)}
          </p>
        ) : null}
        {proposing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (chosen.length > 0)
                act.mutate({ path: `${base}/propose`, body: { slots: chosen }, done: t('oneOnOnes.proposed') });
            }}
          >
            <SlotPicker userId={other.id} minutes={30} chosen={chosen} setChosen={setChosen} />
            <button type="submit" className="button button-primary" disabled={act.isPending || chosen.length === 0}>
              {t('oneOnOnes.sendProposal')}
            </button>{' '}
            <button type="button" className="button button-secondary" onClick={() => setProposing(false)}>
              {t('common.cancel')}
            </button>
          </form>
        ) : null}
      </div>
      <div className="actions">
        {mineToAnswer ? (
          <>
            <button
              type="button"
              className="button button-secondary"
              disabled={act.isPending}
              onClick={() =>
                act.mutate({ path: `${base}/decline`, body: {}, done: t('oneOnOnes.declined', { topic: r.topic }) })
              }
            >
              {t('oneOnOnes.decline')}
            </button>
            {!proposing ? (
              <button type="button" className="button button-secondary" onClick={() => setProposing(true)}>
                {t('oneOnOnes.propose')}
              </button>
            ) : null}
          </>
        ) : null}
        {r.status === 'pending' || r.status === 'accepted' ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={act.isPending}
            aria-label={t('oneOnOnes.cancelNamed', { topic: r.topic })}
            onClick={() =>
              act.mutate({ path: `${base}/cancel`, body: {}, done: t('oneOnOnes.cancelled', { topic: r.topic }) })
            }
          >
            {t('oneOnOnes.cancel')}
          </button>
        ) : null}
      </div>
    </li>
  );
}
