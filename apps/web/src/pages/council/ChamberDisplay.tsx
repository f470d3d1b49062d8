import {
  DISPLAY_NAMESPACE,
  SOCKET_PATH,
  type ClientToServerEvents,
  type CouncilDisplayState,
  type DisplayElection,
  type DisplayVote,
  type ServerToClientEvents,
} from '@egov-box/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { io, type Socket } from 'socket.io-client';
import { PageTitle } from '../../components/PageTitle';
import { Countdown, secondsLeft } from './FloorTimer';
import { formatDuration, outcomeKey } from './model';
import './display.css';

type DisplaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The chamber's screen (issue 15, part 7): `/display#<token>`, full screen, no account. The
 * token after `#` goes to the `/display` namespace in the handshake (never in an address the
 * server sees); the page only listens to `display.state`.
 */
export function ChamberDisplayPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<{ s: CouncilDisplayState; at: number } | null>(null);
  const [problem, setProblem] = useState<'refused' | 'lost' | null>(null);
  const token = typeof window === 'undefined' ? '' : window.location.hash.replace(/^#/, '');
  useEffect(() => {
    if (!token) {
      setProblem('refused');
      return;
    }
    const s: DisplaySocket = io(DISPLAY_NAMESPACE, { path: SOCKET_PATH, auth: { token } });
    s.on('display.state', (next) => {
      setProblem(null);
      setState({ s: next, at: Date.now() });
    });
    s.on('connect_error', (err) => setProblem(err.message === 'unauthenticated' ? 'refused' : 'lost'));
    s.on('disconnect', (reason) => setProblem(reason === 'io server disconnect' ? 'refused' : 'lost'));
    return () => {
      s.close();
    };
  }, [token]);
  const now = useTick(Boolean(state?.s.speaker));
  if (problem === 'refused')
    return (
      <main className="chamber-display">
        <PageTitle title={t('display.title')}>{t('display.title')}</PageTitle>
        <p className="display-problem" role="alert">
          {t('display.refused')}
        </p>
      </main>
    );
  if (!state)
    return (
      <main className="chamber-display">
        <PageTitle title={t('display.title')}>{t('display.title')}</PageTitle>
        <p>{t('display.connecting')}</p>
      </main>
    );
  const { s, at } = state;
  const speaker = s.speaker;
  const spoken = speaker ? (speaker.seconds ?? 0) + Math.max(0, Math.floor((now - at) / 1000)) : null;
  const left = speaker ? secondsLeft(speaker, spoken) : null;
  return (
    <main className="chamber-display" data-testid="chamber-display">
      <header className="display-head">
        <PageTitle title={`${t('display.title')} — ${s.session.title}`}>{s.session.title}</PageTitle>
        <p className="display-quorum" data-testid="display-quorum">
          {t('display.quorum', { present: s.quorum.present, total: s.quorum.total, required: s.quorum.required })}{' '}
          <strong>{s.quorum.reached ? t('display.quorumReached') : t('display.quorumMissing')}</strong>
        </p>
      </header>
      {problem === 'lost' ? (
        <p className="display-problem" role="status">
          {t('display.lost')}
        </p>
      ) : null}
      {s.checkIn ? (
        <section className="display-checkin" aria-labelledby="display-checkin">
          <h2 id="display-checkin">{t('display.checkIn')}</h2>
          <p className="display-code" data-testid="display-checkin">
            {s.checkIn.code}
          </p>
        </section>
      ) : null}
      <section aria-labelledby="display-item">
        <h2 id="display-item">{t('display.item')}</h2>
        <p className="display-big" data-testid="display-item">
          {s.item ? `${s.item.position}. ${s.item.title}` : t('display.noItem')}
        </p>
      </section>
      {s.vote ? <VoteBlock vote={s.vote} /> : null}
      {s.election ? <ElectionBlock election={s.election} /> : null}
      <section aria-labelledby="display-speaker">
        <h2 id="display-speaker">{t('display.speaker')}</h2>
        {speaker ? (
          <p className="display-big" data-testid="display-speaker">
            {speaker.member.displayName} — {t(`council.speakerKind.${speaker.kind}`)}
            {spoken !== null ? (
              <span className="display-time" role="timer" aria-live="off">
                {' '}
                {left !== null ? <Countdown left={left} /> : formatDuration(spoken)}
              </span>
            ) : null}
          </p>
        ) : (
          <p className="display-big">{t('display.nobody')}</p>
        )}
        {s.queue.length ? (
          <>
            <h3>{t('display.queue')}</h3>
            <ol className="display-queue" data-testid="display-queue">
              {s.queue.map((q) => (
                <li key={q.id}>
                  {q.member.displayName} — {t(`council.speakerKind.${q.kind}`)}
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </section>
      {s.results.length ? (
        <section aria-labelledby="display-results">
          <h2 id="display-results">{t('display.results')}</h2>
          <ul className="display-results" data-testid="display-results">
            {[...s.results].reverse().map((v) => (
              <li key={v.id}>
                {v.itemPosition !== null ? `${v.itemPosition}. ` : ''}
                {v.itemTitle}: <strong>{v.result ? t(outcomeKey(v.result)) : ''}</strong>{' '}
                {v.counts ? t('display.totals', { ...v.counts }) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}

/** The open vote: live totals; a secret vote only how many have voted. */
function VoteBlock({ vote }: { vote: DisplayVote }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="display-vote" className="display-vote" data-testid="display-vote">
      <h2 id="display-vote">{t('display.vote')}</h2>
      <p className="display-big">
        {vote.counts ? t('display.totals', { ...vote.counts }) : t('display.secretVoted', { count: vote.ballotsCast })}
      </p>
      <p>{t('display.voted', { count: vote.ballotsCast })}</p>
    </section>
  );
}

/** An election round: while open only how many voted (it is secret); once closed each candidate's votes and the outcome. */
function ElectionBlock({ election: e }: { election: DisplayElection }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="display-election" className="display-vote" data-testid="display-election">
      <h2 id="display-election">{t('display.election', { office: e.office, round: e.round })}</h2>
      {e.result ? (
        <>
          <p className="display-big">
            {e.result.outcome === 'elected'
              ? t('display.elected', { name: e.result.elected })
              : t(`display.electionOutcome.${e.result.outcome}`)}
          </p>
          <ul className="display-results">
            {e.result.votes.map((v) => (
              <li key={v.name}>
                {v.name}: <strong>{v.votes}</strong>
              </li>
            ))}
            <li>
              {t('display.blank')}: <strong>{e.result.blank}</strong>
            </li>
          </ul>
        </>
      ) : (
        <p className="display-big">{t('display.secretVoted', { count: e.ballotsCast })}</p>
      )}
    </section>
  );
}

/** The current time, every second while `active` (the countdown). */
function useTick(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return useMemo(() => now, [now]);
}
