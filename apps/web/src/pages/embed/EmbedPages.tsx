import type {
  CouncilSessionSummary,
  CouncilSessionUpdatedEvent,
  CouncilSessionView,
  SittingsPage,
  VoteView,
} from '@egov-box/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { PageTitle } from '../../components/PageTitle';
import { LoadError, Loading } from '../../components/States';
import { formatDateTime, formatRange, formatTime, isoInSofia, type Language } from '../../format/datetime';
import { bodyName, outcomeKey } from '../council/model';
import { OpenVote } from '../council/SittingView';
import { PublicStream } from '../council/Video';
import { useCouncilLive, useCouncilSession } from '../council/useCouncilLive';
import { usePublicSocket } from '../public/PublicSittingPage';
import { pickSitting } from './pick';
import './embed.css';

type PublicSocket = ReturnType<typeof usePublicSocket>;

const enc = encodeURIComponent;
const LIVE_KEY = ['public', 'sittings', 'embed'] as const;

/**
 * The frame of the embedded pages: no header, navigation or footer of the portal — only the
 * content, for an <iframe> on the municipality's own website. `?lang=en` picks the language
 * (Bulgarian otherwise).
 */
export function EmbedLayout() {
  const [params] = useSearchParams();
  const lang = params.get('lang');
  useEffect(() => {
    if (lang === 'bg' || lang === 'en') void i18next.changeLanguage(lang);
  }, [lang]);
  return (
    <main id="main" className="embed" tabIndex={-1}>
      <Outlet />
    </main>
  );
}

/** "Open on the portal": the sitting's public page in a new window. */
function PortalLink({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <p className="embed-portal">
      <a href={`/public/sessions/${enc(id)}`} target="_blank" rel="noopener" data-testid="embed-portal-link">
        {t('embed.openOnPortal')}
        <span className="visually-hidden"> {t('embed.newWindow')}</span>
      </a>
    </p>
  );
}

/** The result of the vote closed last (the open one and the rest are on the portal). */
function LastResult({ sitting }: { sitting: CouncilSessionView }) {
  const { t, i18n } = useTranslation();
  const closed = sitting.votes
    .filter((v) => v.status === 'closed')
    .sort((a, b) => Date.parse(a.closedAt ?? '') - Date.parse(b.closedAt ?? ''));
  const last: VoteView | undefined = closed[closed.length - 1];
  const title = last ? (sitting.items.find((i) => i.id === last.itemId)?.title ?? '') : '';
  return (
    <section className="card" aria-labelledby="embed-last-heading">
      <h2 id="embed-last-heading">{t('embed.lastVote')}</h2>
      <div aria-live="polite" data-testid="embed-last-result">
        {last?.result ? (
          <>
            <p>{title}</p>
            <p>
              <strong>{t(outcomeKey(last.result))}</strong>
              {last.decision?.number
                ? ` (${t('council.register.number', { number: last.decision.number })})`
                : ''} — {t('council.counts', { ...last.result.counts })}
              {last.closedAt ? ` · ${formatTime(last.closedAt, i18n.language as Language)}` : ''}
            </p>
          </>
        ) : (
          <p className="muted">{t('council.noResults')}</p>
        )}
      </div>
    </section>
  );
}

/** One published sitting, live: title and status, the current item, the open vote, the last result, the stream. */
function EmbedSitting({ id, socket }: { id: string; socket: PublicSocket }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const key = ['public', 'sessions', id] as const;
  const sitting = useCouncilSession(key, `/api/public/council/sessions/${enc(id)}`);
  useCouncilLive(socket, sitting.data ? id : '', key);
  if (sitting.isPending) return <Loading />;
  if (sitting.isError)
    return (sitting.error as { status?: number }).status === 404 ? (
      <>
        <PageTitle title={t('embed.title')}>{t('embed.title')}</PageTitle>
        <p className="state state-error" data-testid="embed-not-found">
          {t('publicSitting.notFound')}
        </p>
      </>
    ) : (
      <LoadError error={sitting.error} retry={() => void sitting.refetch()} />
    );
  const s = sitting.data;
  const live = s.status === 'open' || s.status === 'paused';
  const current = s.items.find((i) => i.id === s.currentItemId) ?? null;
  const heading = t('public.sittingTitle', { number: s.number, title: s.title });
  return (
    <>
      <PageTitle title={heading}>{heading}</PageTitle>
      <div className="card embed-head">
        {s.body ? <p>{bodyName(s.body, t)}</p> : null}
        <p data-testid="embed-status">
          {live ? <span className="badge badge-live">{t('public.liveNow')}</span> : null}{' '}
          {t('council.statusLabel', { status: t(`council.sittingStatus.${s.status}`) })}
        </p>
        <p>
          <time dateTime={isoInSofia(s.startsAt)}>{formatRange(s.startsAt, s.endsAt, lang)}</time>
          {s.place ? ` · ${s.place}` : null}
        </p>
        {live ? (
          <p data-testid="embed-current-item" aria-live="polite">
            <strong>{t('council.currentItem')}:</strong>{' '}
            {current ? `${current.position}. ${current.title}` : t('council.noCurrentItem')}
          </p>
        ) : null}
      </div>
      <OpenVote sitting={s} />
      <LastResult sitting={s} />
      <PublicStream sitting={s} />
      <PortalLink id={s.id} />
    </>
  );
}

/** The next sitting when none is live: when, which body, and its page on the portal. */
function NextSitting({ sitting }: { sitting: CouncilSessionSummary }) {
  const { t, i18n } = useTranslation();
  // The place is in the sitting's own view (the list gives when and which body).
  const view = useCouncilSession(['public', 'sessions', sitting.id], `/api/public/council/sessions/${enc(sitting.id)}`);
  return (
    <section className="card" aria-labelledby="embed-next-heading" data-testid="embed-next">
      <h2 id="embed-next-heading">{t('embed.nextSitting')}</h2>
      <p>
        <strong>{t('public.sittingTitle', { number: sitting.number, title: sitting.title })}</strong>
      </p>
      {sitting.body ? <p>{bodyName(sitting.body, t)}</p> : null}
      <p>
        <time dateTime={isoInSofia(sitting.startsAt)}>
          {formatDateTime(sitting.startsAt, i18n.language as Language)}
        </time>
      </p>
      {view.data?.place ? <p data-testid="embed-next-place">{t('embed.place', { place: view.data.place })}</p> : null}
      <PortalLink id={sitting.id} />
    </section>
  );
}

/**
 * `/embed/council`: the sitting live now, else the next one, else "no sitting". It switches by
 * itself: every `/public` socket hears `council.sittings.updated` when a sitting is published,
 * opens, pauses, resumes, closes or moves (and after a reconnection the list is read again).
 */
export function EmbedCouncilPage() {
  const { t } = useTranslation();
  const socket = usePublicSocket();
  const queryClient = useQueryClient();
  const sittings = useQuery({
    queryKey: LIVE_KEY,
    queryFn: () => api.get<SittingsPage>('/api/public/council/sittings?when=upcoming&limit=100'),
  });
  // "Not ended yet" moves with the clock: looked at again every minute.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (!socket) return;
    let connectedBefore = socket.connected;
    const refresh = () => void queryClient.invalidateQueries({ queryKey: LIVE_KEY });
    const onConnect = () => {
      if (connectedBefore) refresh();
      connectedBefore = true;
    };
    const onSitting = (e: CouncilSessionUpdatedEvent) => {
      refresh();
      // A sitting seen before as "next" is cached as it was then: read it again.
      void queryClient.invalidateQueries({ queryKey: ['public', 'sessions', e.sessionId] });
    };
    socket.on('council.sittings.updated', onSitting);
    socket.on('connect', onConnect);
    return () => {
      socket.off('council.sittings.updated', onSitting);
      socket.off('connect', onConnect);
    };
  }, [socket, queryClient]);

  if (sittings.isPending) return <Loading />;
  if (sittings.isError) return <LoadError error={sittings.error} retry={() => void sittings.refetch()} />;
  const choice = pickSitting(sittings.data.items, now);
  if (choice.kind === 'live') return <EmbedSitting key={choice.sitting.id} id={choice.sitting.id} socket={socket} />;
  return (
    <>
      <PageTitle title={t('embed.title')}>{t('embed.title')}</PageTitle>
      <p className="muted" data-testid="embed-none-live">
        {t('embed.noneLive')}
      </p>
      {choice.kind === 'next' ? (
        <NextSitting sitting={choice.sitting} />
      ) : (
        <p data-testid="embed-no-sitting">{t('embed.noSitting')}</p>
      )}
    </>
  );
}

/** `/embed/council/sessions/:id`: one published sitting (a draft or unknown one: not found, as the public API says). */
export function EmbedSittingPage() {
  const { id = '' } = useParams();
  const socket = usePublicSocket();
  return <EmbedSitting key={id} id={id} socket={socket} />;
}
