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
import { SittingView } from '../council/SittingView';
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
export function PublicSittingPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const key = ['public', 'sessions', id] as const;
  const sitting = useCouncilSession(key, `/api/public/council/sessions/${encodeURIComponent(id)}`);
  const socket = usePublicSocket();
  const announce = useAnnounce();
  const { speakers } = useCouncilLive(socket, sitting.data ? id : '', key, {
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
  useVoteOpened(sitting.data, (title) => announce(t('council.voteOpenedAnnounce', { title })));
  const title = sitting.data?.title ?? t('publicSitting.title');
  return (
    <>
      <PageTitle
        title={title}
        description={
          sitting.data
            ? t('publicSitting.description', {
                body: sitting.data.body?.name ?? '',
                date: formatDateTime(sitting.data.startsAt, i18n.language as Language),
              })
            : undefined
        }
      >
        {title}
      </PageTitle>
      <p className="lead">{t('publicSitting.intro')}</p>
      {sitting.isPending ? (
        <Loading />
      ) : sitting.isError ? (
        (sitting.error as { status?: number }).status === 404 ? (
          <p className="state state-error">{t('publicSitting.notFound')}</p>
        ) : (
          <LoadError error={sitting.error} retry={() => void sitting.refetch()} />
        )
      ) : (
        <>
          <SittingView sitting={sitting.data} speakers={speakers} liveVote />
          <Elections sitting={sitting.data} userId="" isMember={false} isChair={false} isClerk={false} />
          <SittingRecord sitting={sitting.data} />
          <OpenDataLinks sitting={sitting.data} />
          <PublicStream sitting={sitting.data} />
          <section className="card" aria-labelledby="public-minutes-heading">
            <h2 id="public-minutes-heading">{t('council.minutes')}</h2>
            {sitting.data.minutesPublishedAt ? (
              <PublicMinutesLinks sitting={sitting.data} />
            ) : (
              <p className="muted" data-testid="minutes-pending">
                {sitting.data.status === 'closed' ? t('council.minutesNotPublished') : t('council.minutesAfterClose')}
              </p>
            )}
          </section>
        </>
      )}
      <p>
        <Link to="/login">{t('publicSitting.signIn')}</Link>
      </p>
    </>
  );
}
