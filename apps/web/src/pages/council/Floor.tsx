import type { SpeakerKind, SpeakerView } from '@egov-box/contracts';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError, useAction } from './actions';
import { floorQueue, formatDuration, speakingSeconds } from './model';
import { Countdown, answerableSpeeches, secondsLeft } from './FloorTimer';

export const SPEAKER_KINDS: SpeakerKind[] = ['speech', 'reply', 'counter_reply', 'procedural'];

/** When this speakers' list arrived (its `seconds` are as of then). */
export function useReceivedAt(speakers: unknown): number {
  return useMemo(() => Date.now(), [speakers]);
}

/** The current time, every second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** The running (or final) speaking time as m:ss, not announced on every tick. */
export function SpeakerTime({ speaker, receivedAt }: { speaker: SpeakerView; receivedAt: number }) {
  const { t } = useTranslation();
  const now = useNow(speaker.status === 'speaking');
  const seconds = speakingSeconds(speaker, receivedAt, now);
  if (seconds === null) return null;
  const time = formatDuration(seconds);
  const left = secondsLeft(speaker, seconds);
  return (
    <span className="speaker-time" role="timer" aria-live="off" data-testid={`speaker-time-${speaker.id}`}>
      {speaker.status === 'speaking' ? t('council.speakingFor', { time }) : t('council.spokeFor', { time })}
      {left !== null ? (
        <>
          {' · '}
          <Countdown left={left} />
        </>
      ) : null}
    </span>
  );
}

/** The speakers' queue for members and the public. */
export function SpeakersList({ speakers }: { speakers: SpeakerView[] }) {
  const { t } = useTranslation();
  const receivedAt = useReceivedAt(speakers);
  const queue = floorQueue(speakers);
  return (
    <>
      <h3>{t('council.speakers')}</h3>
      {queue.length === 0 ? (
        <p className="empty">{t('council.noSpeakers')}</p>
      ) : (
        <ol data-testid="speakers">
          {queue.map((s) => (
            <li key={s.id}>
              {s.member.displayName} — {t(`council.speakerKind.${s.kind}`)}
              {s.status === 'speaking' ? (
                <>
                  {' '}
                  (<SpeakerTime speaker={s} receivedAt={receivedAt} />)
                </>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** A member asks for the floor on the current item, choosing the kind of request. */
export function RequestFloor({
  sittingId,
  disabled,
  onRequested,
  speakers = [],
  itemId = null,
}: {
  sittingId: string;
  disabled: boolean;
  onRequested: (s: SpeakerView) => void;
  /** The sitting's speakers and current item: a reply or counter-reply names the speech it answers. */
  speakers?: SpeakerView[];
  itemId?: string | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  const answersFieldId = useId();
  const [kind, setKind] = useState<SpeakerKind>('speech');
  const answering = kind === 'reply' || kind === 'counter_reply';
  const speeches = answerableSpeeches(speakers, itemId);
  const [chosen, setChosen] = useState<string>('');
  const answersId = speeches.some((s) => s.id === chosen) ? chosen : speeches[0]?.id;
  const { run, pending, error } = useAction();
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        run({
          path: `/api/council/sessions/${encodeURIComponent(sittingId)}/speakers`,
          body: answering ? { kind, answersId } : { kind },
          done: t('council.floorRequested'),
          onData: (d) => onRequested(d as SpeakerView),
        });
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t('council.requestKind')}</label>
        <select id={id} value={kind} onChange={(e) => setKind(e.target.value as SpeakerKind)}>
          {SPEAKER_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`council.speakerKind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {answering ? (
        speeches.length ? (
          <div className="field">
            <label htmlFor={answersFieldId}>{t('councilFloor.answers')}</label>
            <select id={answersFieldId} value={answersId} onChange={(e) => setChosen(e.target.value)}>
              {speeches.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.member.displayName}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="muted">{t('councilFloor.noSpeech')}</p>
        )
      ) : null}
      <button type="submit" className="button button-secondary" disabled={pending || disabled}>
        {t('council.requestFloor')}
      </button>
      <ActionError error={error} />
    </form>
  );
}

/**
 * The chair's floor controls: grant or withdraw each request, finish the current speech
 * (with its running time), and who has spoken so far with their times.
 */
export function ChairFloor({
  speakers,
  sittingOpen,
  onChanged,
}: {
  speakers: SpeakerView[];
  sittingOpen: boolean;
  onChanged: (s: SpeakerView) => void;
}) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const receivedAt = useReceivedAt(speakers);
  const queue = floorQueue(speakers);
  const waiting = queue.filter((s) => s.status === 'requested');
  const finished = speakers.filter((s) => s.status === 'finished');
  const heading = useRef<HTMLHeadingElement>(null);
  // The pressed button goes away with the request's new state: focus the list's heading instead.
  const changed = (d: unknown) => {
    onChanged(d as SpeakerView);
    setTimeout(() => {
      if (!document.activeElement || document.activeElement === document.body) heading.current?.focus();
    });
  };
  const step = (s: SpeakerView, action: 'grant' | 'finish' | 'withdraw', done: string) => () =>
    run({
      path: `/api/council/speakers/${encodeURIComponent(s.id)}/${action}`,
      done,
      onData: changed,
    });
  return (
    <div data-testid="chair-floor">
      <h3 ref={heading} tabIndex={-1}>
        {t('council.floor')}
      </h3>
      {queue.length === 0 ? (
        <p className="empty">{t('council.noSpeakers')}</p>
      ) : (
        <ul className="list">
          {queue.map((s) => (
            <li key={s.id} className="list-item">
              <span>
                {s.member.displayName} — {t(`council.speakerKind.${s.kind}`)}
                {s.status === 'speaking' ? (
                  <>
                    {' '}
                    (<SpeakerTime speaker={s} receivedAt={receivedAt} />)
                  </>
                ) : null}
              </span>
              <span className="actions">
                {s.status === 'requested' ? (
                  <>
                    <button
                      type="button"
                      className="button button-primary"
                      disabled={pending || !sittingOpen}
                      onClick={step(s, 'grant', t('council.done.granted', { name: s.member.displayName }))}
                    >
                      {t('council.grantFloor', { name: s.member.displayName })}
                    </button>
                    {waiting.indexOf(s) > 0 ? (
                      <button
                        type="button"
                        className="button button-secondary"
                        disabled={pending}
                        onClick={() =>
                          run({
                            path: `/api/council/speakers/${encodeURIComponent(s.id)}/move`,
                            body: { position: waiting.indexOf(s) },
                            done: t('council.done.moved', { name: s.member.displayName }),
                            onData: changed,
                          })
                        }
                      >
                        {t('council.moveUp', { name: s.member.displayName })}
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={pending}
                      onClick={step(s, 'withdraw', t('council.done.withdrawn'))}
                    >
                      {t('council.withdrawRequest', { name: s.member.displayName })}
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={pending}
                    onClick={step(s, 'finish', t('council.done.finished'))}
                  >
                    {t('council.finishFloor', { name: s.member.displayName })}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      <ActionError error={error} />
      {finished.length > 0 ? (
        <>
          <h4>{t('council.finishedSpeakers')}</h4>
          <ul data-testid="finished-speakers">
            {finished.map((s) => (
              <li key={s.id}>
                {s.member.displayName} — {t(`council.speakerKind.${s.kind}`)}{' '}
                <SpeakerTime speaker={s} receivedAt={receivedAt} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
