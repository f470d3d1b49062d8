import type { SpaceView } from '@egov-box/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MY_ROOM_KEY } from '../dashboard/MyRoomSection';
import { DoorRadios } from './DoorRadios';

/** The door of my room (`PATCH /api/rooms/me`), shown on my room's page. */
export function DoorSwitch({ room }: { room: SpaceView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const base = useId();
  return (
    <section className="card" aria-labelledby={`${base}-heading`}>
      <h2 id={`${base}-heading`}>{t('room.door.heading')}</h2>
      <DoorRadios
        room={room}
        onSaved={(updated) => {
          queryClient.setQueryData(MY_ROOM_KEY, updated);
          queryClient.setQueryData(['spaces', updated.id], updated);
        }}
      />
    </section>
  );
}
