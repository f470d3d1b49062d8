import type { CouncilFloorTimeUpEvent, SpeakerView } from '@egov-box/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtimeEvent } from '../../realtime/RealtimeContext';
import { ActionError, useAction } from './actions';
import { formatDuration } from './model';

/**
 * Seconds left of a speaker's limit (negative: over), from the time spoken as the server
 * counted it when the list was sent (`seconds`) and the time since on this device: a client
 * whose clock is off still counts the same as the server.
 */
export function secondsLeft(speaker: SpeakerView, spoken: number | null): number | null {
  if (speaker.status !== 'speaking' || speaker.limitSeconds == null || spoken === null) return null;
  return speaker.limitSeconds - spoken;
}

/** "остават 1:23" while there is time, "времето изтече (0:05 над)" after. */
export function Countdown({ left }: { left: number }) {
  const { t } = useTranslation();
  return (
    <span className={left > 0 ? 'floor-left' : 'floor-left floor-over'} data-testid="floor-left">
      {left > 0
        ? t('councilFloor.left', { time: formatDuration(left) })
        : t('councilFloor.over', { time: formatDuration(-left) })}
    </span>
  );
}

/**
 * The chair's alert when a speaker's time is up (`council.floor.time_up`, sent to the chair
 * only): who, and a button to end the speech. It goes when the speaker is no longer speaking.
 */
export function TimeUpAlert({
  sittingId: sittingId,
  speakers,
  onChanged,
}: {
  sittingId: string;
  speakers: SpeakerView[];
  onChanged: (s: SpeakerView) => void;
}) {
  const { t } = useTranslation();
  const [told, setTold] = useState<SpeakerView | null>(null);
  const { run, pending, error } = useAction();
  useRealtimeEvent('council.floor.time_up', (e: CouncilFloorTimeUpEvent) => {
    if (e.sessionId === sittingId) setTold(e.speaker);
  });
  const still = told && speakers.find((s) => s.id === told.id && s.status === 'speaking');
  return (
    <div role="alert" className="floor-alert-slot">
      {still ? (
        <div className="floor-alert" data-testid="floor-time-up">
          <p>
            {t('councilFloor.timeUp', {
              name: still.member.displayName,
              kind: t(`council.speakerKind.${still.kind}`),
            })}
          </p>
          <button
            type="button"
            className="button button-primary"
            disabled={pending}
            onClick={() =>
              run({
                path: `/api/council/speakers/${encodeURIComponent(still.id)}/finish`,
                done: t('council.done.finished'),
                onData: (d) => onChanged(d as SpeakerView),
              })
            }
          >
            {t('councilFloor.finish', { name: still.member.displayName })}
          </button>
          <ActionError error={error} />
        </div>
      ) : null}
    </div>
  );
}

/** The speeches of the item a reply or counter-reply may answer (given the floor), latest first. */
export function answerableSpeeches(speakers: SpeakerView[], itemId: string | null): SpeakerView[] {
  return speakers
    .filter((s) => s.kind === 'speech' && s.itemId === itemId && (s.status === 'speaking' || s.status === 'finished'))
    .reverse();
}
