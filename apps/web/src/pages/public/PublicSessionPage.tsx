import {
  PUBLIC_NAMESPACE,
  SOCKET_PATH,
  type ClientToServerEvents,
  type CouncilSessionView,
  type ServerToClientEvents,
} from '@egov-box/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { io, type Socket } from 'socket.io-client';
import { api } from '../../api/client';
import { useAnnounce } from '../../components/Announcer';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime, type Language } from '../../format/datetime';
import { LoadError, Loading } from '../../components/States';
import { Elections } from '../council/Elections';
import { OpenDataLinks, PublicMinutesLinks } from '../council/Minutes';
import { outcomeKey } from '../council/model';
import { SessionView } from '../council/SessionView';
import { PublicStream } from '../council/Video';
import { useCouncilLive, useCouncilSession, useVoteOpened } from '../council/useCouncilLive';
import { SittingRecord } from './SittingRecord';

type PublicSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** An anonymous socket to /public while the page is open. */
export function usePublicSocket(): PublicSocket | null {
  const [socket, setSocket] = useState<PublicSocket | null>(null);
  useEffect(() => {
    const s: PublicSocket = io(PUBLIC_NAMESPACE, { path: SOCKET_PATH });
    setSocket(s);
    return () => {
      s.close();
      setSocket(null);
    };
  }, []);
  return socket;
}

/** What a citizen sees without an account, live. */
export function PublicSessionPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const key = ['public', 'sessions', id] as const;
  const session = useCouncilSession(key, `/api/public/council/sessions/${encodeURIComponent(id)}`);
  const socket = usePublicSocket();
  const announce = useAnnounce();
  const { speakers } = useCouncilLive(socket, session.data ? id : '', key, {
    // The public view carries the speakers' list: who has the floor is known before the next event.
    loadSpeakers: () =>
      api
        .get<CouncilSessionView>(`/api/public/council/sessions/${encodeURIComponent(id)}`)
        .then((s) => s.speakers ?? []),
    onVoteClosed: (v) =>
      v.result &&
      announce(
        t('council.voteClosedAnnounce', {
          outcome: t(outcomeKey(v.result)),
          ...v.result.counts,
        }),
      ),
  });
  useVoteOpened(session.data, (title) => announce(t('council.voteOpenedAnnounce', { title })));
  const title = session.data?.title ?? t('publicSession.title');
  return (
    <>
      <PageTitle
        title={title}
        description={
          session.data
            ? t('publicSession.description', {
                body: session.data.body?.name ?? '',
                date: formatDateTime(session.data.startsAt, i18n.language as Language),
              })
            : undefined
        }
      >
        {title}
      </PageTitle>
      <p className="lead">{t('publicSession.intro')}</p>
      {session.isPending ? (
        <Loading />
      ) : session.isError ? (
        (session.error as { status?: number }).status === 404 ? (
          <p className="state state-error">{t('publicSession.notFound')}</p>
        ) : (
          <LoadError error={session.error} retry={() => void session.refetch()} />
        )
      ) : (
        <>
          <SessionView session={session.data} speakers={speakers} liveVote />
          <Elections session={session.data} userId="" isMember={false} isChair={false} isClerk={false} />
          <SittingRecord session={session.data} />
          <OpenDataLinks session={session.data} />
          <PublicStream session={session.data} />
          <section className="card" aria-labelledby="public-minutes-heading">
            <h2 id="public-minutes-heading">{t('council.minutes')}</h2>
            {session.data.minutesPublishedAt ? (
              <PublicMinutesLinks session={session.data} />
            ) : (
              <p className="muted" data-testid="minutes-pending">
                {session.data.status === 'closed' ? t('council.minutesNotPublished') : t('council.minutesAfterClose')}
              </p>
            )}
          </section>
        </>
      )}
      <p>
        <Link to="/login">{t('publicSession.signIn')}</Link>
      </p>
    </>
  );
}
