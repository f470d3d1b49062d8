import type { CouncilSessionView, CouncilVideoJoin, CouncilViewerToken } from '@egov-box/contracts';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCouncilError } from './actions';
import { Recordings } from './Recordings';
import { videoErrorKey } from './model';

/** A member's join (may publish) or the public viewer's token (subscribe only). */
type VideoJoin = CouncilVideoJoin | CouncilViewerToken;

// LiveKit is large: loaded only when someone joins or watches.
const CouncilRoom = lazy(() => import('./CouncilRoom'));

type State =
  { step: 'idle' } | { step: 'joining' } | { step: 'joined'; join: VideoJoin } | { step: 'error'; text: string };

/** The text for a refused join/viewer token: not configured, not live, not on this server yet. */
function useVideoError() {
  const { t } = useTranslation();
  const common = useCouncilError();
  return (err: unknown) => {
    const key = videoErrorKey(err);
    return key ? t(key) : common(err);
  };
}

function useVideo(path: string) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ step: 'idle' });
  const errorText = useVideoError();
  const start = () => {
    setState({ step: 'joining' });
    api
      .post<VideoJoin>(path, {})
      .then((join) => setState({ step: 'joined', join }))
      .catch((e: unknown) => setState({ step: 'error', text: errorText(e) }));
  };
  return {
    state,
    start,
    stop: () => setState({ step: 'idle' }),
    failed: () => setState({ step: 'error', text: t('council.videoFailed') }),
  };
}

/** The join button (with its error) until joined, then the room. */
function JoinOrRoom({
  video: { state, start, stop, failed },
  mode,
  sittingId: sittingId,
  canMute,
  label,
}: {
  video: ReturnType<typeof useVideo>;
  mode: 'member' | 'viewer';
  sittingId: string;
  canMute: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  if (state.step === 'joined')
    return (
      <Suspense fallback={<p role="status">{t('council.videoConnecting')}</p>}>
        <CouncilRoom
          join={state.join}
          mode={mode}
          sittingId={sittingId}
          canMute={canMute}
          onLeave={stop}
          onError={failed}
        />
      </Suspense>
    );
  return (
    <>
      <button type="button" className="button button-primary" disabled={state.step === 'joining'} onClick={start}>
        {state.step === 'joining' ? t('council.videoConnecting') : label}
      </button>
      {state.step === 'error' ? (
        <p className="form-error" role="alert">
          {state.text}
        </p>
      ) : null}
    </>
  );
}

/** "Join the session's video" for members, the chair and the clerk while the session is live. */
export function VideoPanel({ sitting, canMute }: { sitting: CouncilSessionView; canMute: boolean }) {
  const { t } = useTranslation();
  const video = useVideo(`/api/council/sessions/${encodeURIComponent(sitting.id)}/video/join`);
  const live = sitting.status === 'open' || sitting.status === 'paused';
  const configured = sitting.video?.configured !== false;
  return (
    <section className="card" aria-labelledby="video-heading" data-testid="council-video">
      <h2 id="video-heading">{t('council.video')}</h2>
      {!configured ? (
        <p className="muted">{t('council.videoNotConfigured')}</p>
      ) : !live ? (
        <p className="muted">{t('council.videoNotLive')}</p>
      ) : (
        <JoinOrRoom
          video={video}
          mode="member"
          sittingId={sitting.id}
          canMute={canMute}
          label={t('council.joinVideo')}
        />
      )}
      {sitting.recordings?.length ? <Recordings sitting={sitting} /> : null}
    </section>
  );
}

/** The public live stream (hidden, subscribe-only viewer token) and the session's recordings. */
export function PublicStream({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const stream = useVideo(`/api/public/council/sessions/${encodeURIComponent(sitting.id)}/viewer-token`);
  const video = sitting.video;
  const recordings = sitting.recordings ?? [];
  if ((!video || !video.configured) && recordings.length === 0) return null;
  return (
    <section className="card" aria-labelledby="stream-heading" data-testid="public-stream">
      <h2 id="stream-heading">{t('council.liveStream')}</h2>
      {video?.live ? (
        <JoinOrRoom
          video={stream}
          mode="viewer"
          sittingId={sitting.id}
          canMute={false}
          label={t('council.watchLive')}
        />
      ) : (
        <p className="muted">
          {video?.configured === false ? t('council.videoNotConfigured') : t('council.streamNotLive')}
        </p>
      )}
      <Recordings sitting={sitting} />
    </section>
  );
}
