import type { SpaceView } from '@egov-box/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../api/queries';
import { LoadError, Loading } from '../../components/States';
import { DoorRadios } from '../room/DoorRadios';

export const MY_ROOM_KEY = ['rooms', 'me'] as const;

/** My personal room and its door switch (open / knock / closed). */
export function MyRoomSection() {
  const { t } = useTranslation();
  const room = useApi<SpaceView>(MY_ROOM_KEY, '/api/rooms/me');
  const queryClient = useQueryClient();
  return (
    <section className="card" aria-labelledby="my-room-heading">
      <h2 id="my-room-heading">{t('dashboard.myRoom.heading')}</h2>
      {room.isPending ? (
        <Loading />
      ) : room.isError ? (
        <LoadError error={room.error} retry={() => void room.refetch()} />
      ) : (
        <>
          <p className="room-name">{room.data.name}</p>
          <DoorRadios
            room={room.data}
            idPrefix="door"
            onSaved={(updated, door) =>
              queryClient.setQueryData(MY_ROOM_KEY, (prev: SpaceView | undefined) => ({ ...prev, ...updated, door }))
            }
          />
          <Link className="button button-primary" to={`/rooms/${room.data.id}`} state={{ enter: true }}>
            {t('dashboard.myRoom.enter')}
          </Link>
        </>
      )}
    </section>
  );
}
