import { DOOR_STATES, type DoorState, type SpaceView } from '@egov-box/contracts';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useAnnounce } from '../../components/Announcer';
import { useErrorMessage } from '../../components/States';

/**
 * The door of my room as radio buttons (`PATCH /api/rooms/me`), on the dashboard and on my
 * room's page. The choice shows at once and the keyboard stays on it: the radios are never
 * disabled while a save runs (a disabled radio drops the focus to the page, so the arrow keys
 * stopped after one step); a choice made meanwhile is saved after the one in flight, the last
 * one last.
 */
export function DoorRadios({
  room,
  onSaved,
  idPrefix,
}: {
  room: { door?: DoorState | null };
  /** The server's answer to the last save. */
  onSaved: (updated: SpaceView, door: DoorState) => void;
  /** Ids of the inputs (`<prefix>-<door>`); default: unique per use. */
  idPrefix?: string;
}) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const generated = useId();
  const base = idPrefix ?? generated;
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<DoorState | null>(null);
  // The choice waiting for the save in flight to finish.
  const queued = useRef<DoorState | null>(null);
  const save = useMutation({
    mutationFn: (door: DoorState) => api.patch<SpaceView>('/api/rooms/me', { door }),
    onSuccess: (updated, door) => {
      setError(null);
      if (queued.current) return; // a later choice follows; announce that one
      onSaved(updated, door);
      setChosen(null);
      announce(t('door.saved', { state: t(`door.${door}`) }));
    },
    onError: (err) => {
      queued.current = null;
      setChosen(null);
      setError(errorMessage(err));
    },
  });
  const { isPending, mutate } = save;
  useEffect(() => {
    if (isPending || !queued.current) return;
    const next = queued.current;
    queued.current = null;
    mutate(next);
  }, [isPending, mutate]);
  const choose = (door: DoorState) => {
    setChosen(door);
    if (isPending) queued.current = door;
    else mutate(door);
  };
  const current = chosen ?? room.door;
  return (
    <>
      <fieldset className="door-switch" aria-busy={isPending}>
        <legend>{t('door.label')}</legend>
        {DOOR_STATES.map((door) => (
          <div className="radio" key={door}>
            <input
              type="radio"
              id={`${base}-${door}`}
              name={`${base}-door`}
              value={door}
              checked={current === door}
              onChange={() => choose(door)}
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
    </>
  );
}
