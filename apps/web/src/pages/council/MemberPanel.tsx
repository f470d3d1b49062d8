import { useState } from 'react';
import type { CouncilSessionView, SpeakerView } from '@egov-box/contracts';
import { useTranslation } from 'react-i18next';
import { ActionError, useAction } from './actions';
import { RequestFloor, SpeakersList } from './Floor';
import { JumpToVote } from './JumpToVote';
import { ProposeItem } from './Procedure';

export function MemberPanel({
  sitting,
  speakers,
  onSpeaker,
  userId,
}: {
  sitting: CouncilSessionView;
  speakers: SpeakerView[];
  onSpeaker: (s: SpeakerView) => void;
  userId: string;
}) {
  const { t } = useTranslation();
  const me = sitting.attendance.find((a) => a.member.id === userId);
  const present = !!me?.present;
  const { run, pending, error } = useAction();
  const [code, setCode] = useState('');
  const open = sitting.votes.find((v) => v.status === 'open') ?? null;
  const mySpeech = speakers.find(
    (s) => s.member.id === userId && (s.status === 'requested' || s.status === 'speaking'),
  );
  const live = sitting.status === 'open' || sitting.status === 'paused';
  return (
    <section className="card" aria-labelledby="member-heading">
      <h2 id="member-heading">{t('council.myParticipation')}</h2>
      <p data-testid="my-attendance">{present ? t('council.youArePresent') : t('council.youAreAbsent')}</p>
      {!present && sitting.form?.remote ? <p className="muted">{t('council.checkInCode.remote')}</p> : null}
      {!present && !sitting.form?.remote && sitting.status !== 'closed' && sitting.status !== 'draft' ? (
        <p>
          <label htmlFor="check-in-code-input">{t('council.checkInCode.label')}</label>{' '}
          <input
            id="check-in-code-input"
            data-testid="check-in-code-input"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            size={8}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          />
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={pending || sitting.status === 'closed' || sitting.status === 'draft'}
          onClick={() =>
            run({
              path: `/api/council/sessions/${sitting.id}/attendance`,
              body: present ? { present: false } : { present: true, ...(code ? { code } : {}) },
              done: present ? t('council.checkedOut') : t('council.checkedIn'),
            })
          }
        >
          {present ? t('council.checkOut') : t('council.checkIn')}
        </button>
        {mySpeech ? (
          mySpeech.status === 'requested' ? (
            <button
              type="button"
              className="button button-secondary"
              disabled={pending}
              onClick={() =>
                run({
                  path: `/api/council/speakers/${mySpeech.id}/withdraw`,
                  done: t('council.floorWithdrawn'),
                  onData: (d) => onSpeaker(d as SpeakerView),
                })
              }
            >
              {t('council.withdrawFloor')}
            </button>
          ) : (
            <span data-testid="my-floor">{t('council.youAreSpeaking')}</span>
          )
        ) : null}
      </div>
      {!mySpeech ? (
        <RequestFloor
          sittingId={sitting.id}
          disabled={sitting.status !== 'open'}
          onRequested={onSpeaker}
          speakers={speakers}
          itemId={sitting.currentItemId}
        />
      ) : null}
      <ActionError error={error} />
      <ProposeItem sitting={sitting} />
      {live && open ? <JumpToVote /> : <p className="muted">{t('council.noOpenVote')}</p>}
      <SpeakersList speakers={speakers} />
    </section>
  );
}
