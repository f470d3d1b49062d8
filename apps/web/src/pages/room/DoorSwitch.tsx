import type { DoorState, SpaceView } from '@egov-box/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { DOOR_STATES } from '../../api/types';
import { useAnnounce } from '../../components/Announcer';
import { useErrorMessage } from '../../components/States';
import { MY_ROOM_KEY } from '../dashboard/MyRoomSection';

/** The door of my room (`PATCH /api/rooms/me`), shown on my room's page. */
export function DoorSwitch({ room }: { room: SpaceView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const base = useId();
  const [error, setError] = useState<string | null>(null);
  // The choice shows at once (the radio is controlled), until the server has answered.
  const [chosen, setChosen] = useState<DoorState | null>(null);
  const setDoor = useMutation({
    mutationFn: (door: DoorState) => api.patch<SpaceView>('/api/rooms/me', { door }),
    onSuccess: (updated, door) => {
      queryClient.setQueryData(MY_ROOM_KEY, updated);
      queryClient.setQueryData(['spaces', updated.id], updated);
      setError(null);
      setChosen(null);
      announce(t('door.saved', { state: t(`door.${door}`) }));
    },
    onError: (err) => {
      setChosen(null);
      setError(errorMessage(err));
    },
  });
  const current = chosen ?? room.door;
  return (
    <section className="card" aria-labelledby={`${base}-heading`}>
      <h2 id={`${base}-heading`}>{t('room.door.heading')}</h2>
      <fieldset className="door-switch" disabled={setDoor.isPending}>
        <legend>{t('door.label')}</legend>
        {DOOR_STATES.map((door) => (
          <div className="radio" key={door}>
            <input
              type="radio"
              id={`${base}-${door}`}
              name={`${base}-door`}
              value={door}
              checked={current === door}
              onChange={() => {
                setChosen(door);
                setDoor.mutate(door);
              }}
              aria-describedby={`${base}-${door}-help`}
            />
            <label htmlFor={`${base}-${door}`}>{t(`door.${door}`)}</label>
            <span id={`${base}-${door}-help`} className="muted radio-help">
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
    </section>
  );
}
