import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useApi } from '../api/queries';
import type { SpaceView } from '../api/types';
import { PageTitle } from '../components/PageTitle';
import { LoadError, Loading, NotAvailable } from '../components/States';

/** A room (`/rooms/me` is my own). The video part comes with the video API. */
export function RoomPage() {
  const { t } = useTranslation();
  const { id = 'me' } = useParams();
  const path = id === 'me' ? '/api/rooms/me' : `/api/spaces/${encodeURIComponent(id)}`;
  const room = useApi<SpaceView>(['spaces', id], path);
  const title = room.data?.name ?? (id === 'me' ? t('nav.myRoom') : t('room.title'));
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      {room.isPending ? (
        <Loading />
      ) : room.isError ? (
        <LoadError error={room.error} retry={() => void room.refetch()} unavailable={t('room.unavailable')} />
      ) : (
        <div className="card">
          {room.data.owner ? <p>{t('room.owner', { name: room.data.owner.displayName })}</p> : null}
          {room.data.door ? (
            <p>
              {t('door.label')}: {t(`door.${room.data.door}`)}
            </p>
          ) : null}
        </div>
      )}
      <section className="card" aria-labelledby="video-heading">
        <h2 id="video-heading">{t('room.video')}</h2>
        <NotAvailable text={t('room.videoSoon')} />
      </section>
    </>
  );
}
