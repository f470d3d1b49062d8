import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useApi } from '../../api/queries';
import { DOOR_STATES, type DoorState, type SpaceView } from '../../api/types';
import { useAnnounce } from '../../components/Announcer';
import { LoadError, Loading, useErrorMessage } from '../../components/States';

export const MY_ROOM_KEY = ['rooms', 'me'] as const;

/** My personal room and its door switch (open / knock / closed). */
export function MyRoomSection() {
  const { t } = useTranslation();
  const room = useApi<SpaceView>(MY_ROOM_KEY, '/api/rooms/me');
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const setDoor = useMutation({
    mutationFn: (door: DoorState) => api.patch<SpaceView>('/api/rooms/me', { door }),
    onSuccess: (updated, door) => {
      queryClient.setQueryData(MY_ROOM_KEY, (prev: SpaceView | undefined) => ({ ...prev, ...updated, door }));
      setError(null);
      announce(t('door.saved', { state: t(`door.${door}`) }));
    },
    onError: (err) => setError(errorMessage(err)),
  });

  return (
    <section className="card" aria-labelledby="my-room-heading">
      <h2 id="my-room-heading">{t('dashboard.myRoom.heading')}</h2>
      {room.isPending ? (
        <Loading />
      ) : room.isError ? (
        <LoadError
          error={room.error}
          retry={() => void room.refetch()}
          unavailable={t('dashboard.myRoom.unavailable')}
        />
      ) : (
        <>
          <p className="room-name">{room.data.name}</p>
          <fieldset className="door-switch" disabled={setDoor.isPending}>
            <legend>{t('door.label')}</legend>
            {DOOR_STATES.map((door) => (
              <div className="radio" key={door}>
                <input
                  type="radio"
                  id={`door-${door}`}
                  name="door"
                  value={door}
                  checked={(setDoor.isPending ? setDoor.variables : room.data.door) === door}
                  onChange={() => setDoor.mutate(door)}
                  aria-describedby={`door-${door}-help`}
                />
                <label htmlFor={`door-${door}`}>{t(`door.${door}`)}</label>
                <span id={`door-${door}-help`} className="muted radio-help">
                  {t(`door.help.${door}`)}
                </span>
              </div>
            ))}
          </fieldset>
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
          <Link className="button button-primary" to={`/rooms/${room.data.id}`}>
            {t('dashboard.myRoom.enter')}
          </Link>
        </>
      )}
    </section>
  );
}
