import type { CouncilSessionView, SpeakerView } from '@egov-box/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ActionError, useAction } from './actions';
import { CloseSittingMessage } from './CloseSittingMessage';
import { ChairFloor } from './Floor';
import { TimeUpAlert } from './FloorTimer';
import { JumpToVote } from './JumpToVote';
import { ChairProcedure } from './Procedure';

export function ChairConsole({
  sitting,
  speakers,
  onSpeaker,
}: {
  sitting: CouncilSessionView;
  speakers: SpeakerView[];
  onSpeaker: (s: SpeakerView) => void;
}) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const base = `/api/council/sessions/${sitting.id}`;
  const items = [...sitting.items].sort((a, b) => a.position - b.position);
  const currentIndex = items.findIndex((i) => i.id === sitting.currentItemId);
  // The next item on the agenda: proposals not (yet) added and withdrawn items are not taken up.
  const next =
    items.slice(currentIndex + 1).find((i) => !['proposed', 'rejected', 'withdrawn'].includes(i.state ?? '')) ?? null;
  const open = sitting.votes.find((v) => v.status === 'open') ?? null;
  const step = (path: string, done: string) => () => run({ path, done });
  // Without quorum the server refuses a vote (409 no_quorum): say so at the button, live.
  const q = sitting.quorum;
  const whyId = useId();
  const endId = useId();
  const noQuorum = !q.reached;
  return (
    <section className="card" aria-labelledby="chair-heading">
      <h2 id="chair-heading">{t('council.chairConsole')}</h2>
      <div className="actions">
        {sitting.status === 'published' ? (
          <ConfirmButton
            disabled={pending}
            title={t('council.confirm.openTitle')}
            message={
              <p>{t('council.confirm.openBody', { present: q.present, total: q.total, required: q.required })}</p>
            }
            confirmLabel={t('council.open')}
            onConfirm={step(`${base}/open`, t('council.done.opened'))}
          >
            {t('council.open')}
          </ConfirmButton>
        ) : null}
        {sitting.status === 'open' ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={pending}
            onClick={step(`${base}/pause`, t('council.done.paused'))}
          >
            {t('council.pause')}
          </button>
        ) : null}
        {sitting.status === 'paused' ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={pending}
            onClick={step(`${base}/resume`, t('council.done.resumed'))}
          >
            {t('council.resume')}
          </button>
        ) : null}
      </div>
      {sitting.status === 'open' ? (
        <div className="actions">
          {next ? (
            <button
              type="button"
              className="button button-secondary"
              disabled={pending || !!open}
              onClick={step(`${base}/items/${next.id}/activate`, t('council.done.activated', { title: next.title }))}
            >
              {t('council.nextItem', { title: next.title })}
            </button>
          ) : null}
          {open ? null : sitting.currentItemId ? (
            <button
              type="button"
              className="button button-primary"
              // Focusable while unavailable, so the keyboard reaches it and hears why.
              aria-disabled={noQuorum || undefined}
              aria-describedby={noQuorum ? whyId : undefined}
              disabled={pending}
              onClick={() =>
                noQuorum ||
                run({
                  path: `${base}/votes`,
                  // Announced when the vote arrives live (with where its ballot is), not twice.
                  body: { itemId: sitting.currentItemId },
                })
              }
            >
              {t('council.openVote')}
            </button>
          ) : null}
        </div>
      ) : null}
      {sitting.status === 'open' && !open && sitting.currentItemId && noQuorum ? (
        <p id={whyId} className="notice" data-testid="open-vote-unavailable">
          {t('council.openVoteNoQuorum', { present: q.present, total: q.total, required: q.required })}
        </p>
      ) : null}
      {open && sitting.status === 'open' ? <JumpToVote /> : null}
      <ActionError error={error} />
      <ChairProcedure sitting={sitting} />
      <TimeUpAlert sittingId={sitting.id} speakers={speakers} onChanged={onSpeaker} />
      <ChairFloor speakers={speakers} sittingOpen={sitting.status === 'open'} onChanged={onSpeaker} />
      {sitting.status === 'open' || sitting.status === 'paused' ? (
        // Far from „Прекъсни заседанието“ and set apart: closing cannot be undone.
        <div className="chair-end" role="group" aria-labelledby={endId}>
          <h3 id={endId}>{t('council.confirm.closeSittingGroup')}</h3>
          <p className="muted">{t('council.confirm.closeSittingHint')}</p>
          <ConfirmButton
            className="button button-danger-quiet"
            danger
            disabled={pending}
            title={t('council.confirm.closeSittingTitle')}
            message={<CloseSittingMessage sitting={sitting} />}
            confirmLabel={t('council.closeSitting')}
            onConfirm={step(`${base}/close`, t('council.done.closed'))}
          >
            {t('council.closeSitting')}
          </ConfirmButton>
        </div>
      ) : null}
    </section>
  );
}
