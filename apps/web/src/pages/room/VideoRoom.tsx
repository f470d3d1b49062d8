import type { SpaceJoinResponse } from '@egov-box/contracts';
import {
  CameraDisabledIcon,
  CameraIcon,
  ConnectionQualityIndicator,
  DisconnectButton,
  LeaveIcon,
  LiveKitRoom,
  MicDisabledIcon,
  MicIcon,
  ParticipantPlaceholder,
  ParticipantTile,
  RoomAudioRenderer,
  ScreenShareIcon,
  ScreenShareStopIcon,
  StartAudio,
  TrackLoop,
  TrackMutedIndicator,
  VideoTrack,
  isTrackReference,
  useConnectionState,
  useIsMuted,
  useTrackRefContext,
  useTrackToggle,
  useTracks,
} from '@livekit/components-react';
import '@livekit/components-styles';
import { ConnectionState, DisconnectReason, RoomEvent, Track } from 'livekit-client';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './room.css';

export interface VideoRoomProps {
  join: SpaceJoinResponse;
  /** My display name (LiveKit knows it only once connected). */
  myName: string;
  /** I pressed "leave". */
  onLeft: () => void;
  /** The connection could not be made, or it dropped (removed, room closed, network). */
  onFailed: (reason: 'connection' | 'dropped', message: string) => void;
}

/**
 * The LiveKit room: participant tiles (camera or a placeholder, name, microphone state,
 * connection quality), the controls (microphone, camera, screen share, leave) and the
 * room's audio. Camera and microphone start off; the person turns them on.
 */
export default function VideoRoom({ join, myName, onLeft, onFailed }: VideoRoomProps) {
  const leaving = useRef(false);
  return (
    <LiveKitRoom
      serverUrl={join.url}
      token={join.token}
      connect
      audio={false}
      video={false}
      options={{ adaptiveStream: true, dynacast: true }}
      data-lk-theme="default"
      className="video-room"
      data-testid="video-room"
      onError={(err) => onFailed('connection', err.message)}
      onDisconnected={(reason) => {
        if (leaving.current || reason === DisconnectReason.CLIENT_INITIATED) onLeft();
        else onFailed('dropped', reason === undefined ? '' : DisconnectReason[reason]);
      }}
    >
      <ConnectionStatus />
      <Tiles myName={myName} />
      <Controls onLeave={() => (leaving.current = true)} />
      <RoomAudioRenderer />
    </LiveKitRoom>
  );
}

function ConnectionStatus() {
  const { t } = useTranslation();
  const state = useConnectionState();
  const text =
    state === ConnectionState.Connected
      ? t('room.connection.connected')
      : state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting
        ? t('room.connection.reconnecting')
        : state === ConnectionState.Connecting
          ? t('room.connection.connecting')
          : '';
  return (
    <p className="video-status" role="status" data-testid="video-status">
      {text}
    </p>
  );
}

function Tiles({ myName }: { myName: string }) {
  const { t } = useTranslation();
  const tracks = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: true },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { updateOnlyOn: [RoomEvent.ActiveSpeakersChanged], onlySubscribed: false },
  );
  return (
    <ul className="video-tiles" aria-label={t('room.tiles', { count: tracks.length })} data-testid="video-tiles">
      <TrackLoop tracks={tracks}>
        <Tile myName={myName} />
      </TrackLoop>
    </ul>
  );
}

function Tile({ myName }: { myName: string }) {
  const { t } = useTranslation();
  const trackRef = useTrackRefContext();
  const participant = trackRef.participant;
  const mic = useMemo(() => ({ participant, source: Track.Source.Microphone }), [participant]);
  const micMuted = useIsMuted(mic);
  const micOff = micMuted || !participant.getTrackPublication(Track.Source.Microphone);
  const name = participant.isLocal ? t('room.you', { name: myName }) : participant.name || participant.identity;
  const screen = trackRef.source === Track.Source.ScreenShare;
  return (
    <li className="video-tile">
      <ParticipantTile trackRef={trackRef}>
        {isTrackReference(trackRef) ? <VideoTrack trackRef={trackRef} /> : null}
        <div className="lk-participant-placeholder" aria-hidden="true">
          <ParticipantPlaceholder />
        </div>
        <div className="lk-participant-metadata">
          <div className="lk-participant-metadata-item">
            {screen ? null : <TrackMutedIndicator trackRef={mic} show="muted" aria-hidden="true" />}
            <span className="lk-participant-name">{screen ? t('room.screenOf', { name }) : name}</span>
            {!screen && micOff ? <span className="visually-hidden"> — {t('room.micIsOff')}</span> : null}
          </div>
          <ConnectionQualityIndicator className="lk-participant-metadata-item" aria-hidden="true" />
        </div>
      </ParticipantTile>
    </li>
  );
}

function Controls({ onLeave }: { onLeave: () => void }) {
  const { t } = useTranslation();
  const state = useConnectionState();
  const connected = state === ConnectionState.Connected;
  const [deviceError, setDeviceError] = useState<string | null>(null);
  const onDeviceError = (what: 'microphone' | 'camera' | 'screen') => () =>
    setDeviceError(t(`room.deviceError.${what}`));
  return (
    <>
      <div className="lk-control-bar video-controls" role="group" aria-label={t('room.controls')}>
        <Toggle
          source={Track.Source.Microphone}
          label={t('room.microphone')}
          icons={[<MicIcon key="on" />, <MicDisabledIcon key="off" />]}
          connected={connected}
          onDeviceError={onDeviceError('microphone')}
          onChange={() => setDeviceError(null)}
        />
        <Toggle
          source={Track.Source.Camera}
          label={t('room.camera')}
          icons={[<CameraIcon key="on" />, <CameraDisabledIcon key="off" />]}
          connected={connected}
          onDeviceError={onDeviceError('camera')}
          onChange={() => setDeviceError(null)}
        />
        <Toggle
          source={Track.Source.ScreenShare}
          label={t('room.screenShare')}
          icons={[<ScreenShareStopIcon key="on" />, <ScreenShareIcon key="off" />]}
          connected={connected}
          onDeviceError={onDeviceError('screen')}
          onChange={() => setDeviceError(null)}
        />
        <DisconnectButton className="lk-disconnect-button" onClick={onLeave}>
          <LeaveIcon aria-hidden="true" /> {t('room.leave')}
        </DisconnectButton>
        <StartAudio label={t('room.startAudio')} />
      </div>
      {deviceError ? (
        <p className="form-error" role="alert">
          {deviceError}
        </p>
      ) : null}
    </>
  );
}

function Toggle({
  source,
  label,
  icons,
  connected,
  onDeviceError,
  onChange,
}: {
  source: Track.Source.Microphone | Track.Source.Camera | Track.Source.ScreenShare;
  label: string;
  icons: [ReactNode, ReactNode];
  connected: boolean;
  onDeviceError: (err: Error) => void;
  onChange: () => void;
}) {
  const { buttonProps, enabled, pending } = useTrackToggle({
    source,
    onDeviceError,
    ...(source === Track.Source.ScreenShare ? { captureOptions: { audio: true, selfBrowserSurface: 'include' } } : {}),
  });
  return (
    <button
      {...buttonProps}
      type="button"
      className="lk-button"
      disabled={pending || !connected}
      onClick={(e) => {
        onChange();
        buttonProps.onClick?.(e);
      }}
    >
      <span aria-hidden="true">{enabled ? icons[0] : icons[1]}</span> {label}
    </button>
  );
}
