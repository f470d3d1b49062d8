import type { CouncilVideoJoin, CouncilViewerToken } from '@egov-box/contracts';
import {
  LiveKitRoom,
  ParticipantTile,
  RoomAudioRenderer,
  StartAudio,
  TrackLoop,
  TrackToggle,
  useLocalParticipantPermissions,
  useParticipants,
  useTracks,
} from '@livekit/components-react';
import '@livekit/components-styles';
import { Track } from 'livekit-client';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError, useAction } from './actions';

/**
 * The session's LiveKit room (loaded only when someone joins or watches). Members publish
 * only while the server allows it (the chair, the clerk, whoever has the floor).
 */
export default function CouncilRoom({
  join,
  mode,
  sittingId: sittingId,
  canMute,
  onLeave,
  onError,
}: {
  join: CouncilVideoJoin | CouncilViewerToken;
  /** `member`: may publish when allowed; `viewer`: the public stream, subscribe only. */
  mode: 'member' | 'viewer';
  sittingId: string;
  canMute: boolean;
  onLeave: () => void;
  /** The connection to LiveKit failed (or was lost for good). */
  onError: () => void;
}) {
  const connected = useRef(false);
  return (
    <LiveKitRoom
      serverUrl={join.url}
      token={join.token}
      connect
      audio={false}
      video={false}
      onConnected={() => {
        connected.current = true;
      }}
      onDisconnected={() => (connected.current ? onLeave() : onError())}
      onError={onError}
      data-testid="council-room"
    >
      <RoomBody mode={mode} sittingId={sittingId} canMute={canMute} onLeave={onLeave} />
      <RoomAudioRenderer />
    </LiveKitRoom>
  );
}

function RoomBody({
  mode,
  sittingId: sittingId,
  canMute,
  onLeave,
}: {
  mode: 'member' | 'viewer';
  sittingId: string;
  canMute: boolean;
  onLeave: () => void;
}) {
  const { t } = useTranslation();
  const permissions = useLocalParticipantPermissions();
  const canPublish = mode === 'member' && !!permissions?.canPublish;
  // In a remote sitting a member may publish the camera only; the microphone comes with the
  // floor. LiveKit's protocol numbers the sources (2 = microphone); an empty list allows all.
  const sources = permissions?.canPublishSources ?? [];
  const mayUseMicrophone = sources.length === 0 || sources.some((s) => Number(s) === 2);
  const tracks = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: mode === 'member' },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { onlySubscribed: false },
  );
  return (
    <div className="council-room">
      {mode === 'member' ? (
        <p role="status">{canPublish ? t('council.videoCanPublish') : t('council.videoListenOnly')}</p>
      ) : null}
      <div className="actions">
        {canPublish ? (
          <>
            {mayUseMicrophone ? (
              <TrackToggle source={Track.Source.Microphone} showIcon={false} className="button button-secondary">
                {t('council.microphone')}
              </TrackToggle>
            ) : null}
            <TrackToggle source={Track.Source.Camera} showIcon={false} className="button button-secondary">
              {t('council.camera')}
            </TrackToggle>
          </>
        ) : null}
        <StartAudio label={t('council.startAudio')} className="button button-secondary" />
        <button type="button" className="button button-secondary" onClick={onLeave}>
          {mode === 'member' ? t('council.leaveVideo') : t('council.stopWatching')}
        </button>
      </div>
      <div className="video-grid" data-lk-theme="default">
        <TrackLoop tracks={tracks}>
          <ParticipantTile />
        </TrackLoop>
      </div>
      {canMute ? <MuteList sittingId={sittingId} /> : null}
    </div>
  );
}

/**
 * The chair's list of the people in the video: mute a microphone (the server calls LiveKit's
 * mutePublishedTrack) or take someone out of the room (removeParticipant; they may join again).
 */
function MuteList({ sittingId: sittingId }: { sittingId: string }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const participants = useParticipants().filter((p) => !p.isLocal);
  const act = (verb: 'mute' | 'remove', userId: string, done: string) =>
    run({ path: `/api/council/sessions/${encodeURIComponent(sittingId)}/video/${verb}`, body: { userId }, done });
  return (
    <div>
      <h3>{t('council.videoParticipants', { count: participants.length })}</h3>
      <ul className="list">
        {participants.map((p) => {
          const name = p.name || p.identity;
          return (
            <li key={p.identity} className="list-item">
              <span>{name}</span>
              <span className="actions">
                {p.isMicrophoneEnabled ? (
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={pending}
                    onClick={() => act('mute', p.identity, t('council.muted', { name }))}
                  >
                    {t('council.mute', { name })}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={pending}
                  onClick={() => act('remove', p.identity, t('council.removedFromVideo', { name }))}
                >
                  {t('council.removeFromVideo', { name })}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      <ActionError error={error} />
    </div>
  );
}
