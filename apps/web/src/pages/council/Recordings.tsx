import {
  recordingChapters,
  type CouncilRecordingView,
  type CouncilSessionView,
  type RecordingChapter,
} from '@egov-box/contracts';
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, type Language } from '../../format/datetime';

/** `hh:mm:ss` of an offset into a recording. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** The public WebVTT chapters of a recording (a published sitting's; the same for members). */
export const chaptersUrl = (sittingId: string, recordingId: string) =>
  `/api/public/council/sessions/${encodeURIComponent(sittingId)}/recordings/${encodeURIComponent(recordingId)}/chapters.vtt`;

/**
 * A sitting's recordings: a complete one plays here, with a chapter for each agenda item taken
 * up while it ran — a button that seeks the player, and a plain link (`#t=`, Media Fragments)
 * that starts the file at that point without JavaScript.
 */
export function Recordings({ sitting }: { sitting: CouncilSessionView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const recordings = sitting.recordings ?? [];
  return (
    <>
      <h3>{t('council.recordings')}</h3>
      {recordings.length === 0 ? (
        <p className="empty">{t('council.noRecordings')}</p>
      ) : (
        <ul className="recordings" data-testid="recordings">
          {recordings.map((r) => {
            const start = formatDateTime(r.startedAt, lang);
            return (
              <li key={r.id}>
                {r.status === 'complete' && r.url ? (
                  <Player sitting={sitting} recording={r as CouncilRecordingView & { url: string }} start={start} />
                ) : (
                  t('council.recordingItem', { start, status: t(`council.recordingStatus.${r.status}`) })
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

function Player({
  sitting,
  recording,
  start,
}: {
  sitting: CouncilSessionView;
  recording: CouncilRecordingView & { url: string };
  start: string;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const headingId = useId();
  const chapters = recordingChapters(recording, sitting.items);
  const seek = (c: RecordingChapter) => {
    const v = video.current;
    if (!v) return;
    v.currentTime = Math.floor(c.seconds);
    v.focus();
    void v.play().catch(() => undefined);
  };
  return (
    <div className="recording" data-testid={`recording-${recording.id}`}>
      <video
        ref={video}
        className="recording-video"
        controls
        preload="metadata"
        src={recording.url}
        aria-label={t('council.recordingOf', { start })}
      >
        {chapters.length > 0 ? (
          <track
            kind="chapters"
            src={chaptersUrl(sitting.id, recording.id)}
            srcLang="bg"
            label={t('council.chapters')}
            default
          />
        ) : null}
      </video>
      <p>
        <a href={recording.url}>{t('council.openRecording', { start })}</a>
      </p>
      {chapters.length > 0 ? (
        <>
          <h4 id={headingId}>{t('council.chapters')}</h4>
          <ol className="chapters" aria-labelledby={headingId} data-testid="chapters">
            {chapters.map((c) => {
              const label = t('council.chapter', { position: c.position, title: c.title, time: clock(c.seconds) });
              return (
                <li key={`${c.itemId}-${c.seconds}`}>
                  <button type="button" className="button-link chapter-seek" onClick={() => seek(c)}>
                    {label}
                  </button>{' '}
                  <a
                    href={`${recording.url}#t=${Math.floor(c.seconds)}`}
                    aria-label={t('council.chapterLinkLabel', { position: c.position, time: clock(c.seconds) })}
                  >
                    {t('council.chapterLink')}
                  </a>
                </li>
              );
            })}
          </ol>
        </>
      ) : null}
    </div>
  );
}
