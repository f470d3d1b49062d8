import type { CouncilSessionView, VoteView } from '@egov-box/contracts';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Ballot } from './Ballot';
import { ChairVoteControls } from './ChairVoteControls';
import { voteTitle } from './Procedure';

/** Where the focus is someone's own: typing in a field or choosing in a list. */
function isMidAction(el: Element | null): boolean {
  if (!el || el === document.body) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'submit', 'reset'].includes(el.type);
  return el instanceof HTMLElement && (el.isContentEditable || !!el.closest('dialog, [role="dialog"]'));
}

/** Moves the focus to the open vote's heading at the top of the page. */
export function focusVoteNow() {
  const heading = document.getElementById('vote-now-heading');
  heading?.focus({ preventScroll: true });
  heading?.closest('section')?.scrollIntoView({ block: 'start' });
}

/**
 * The open vote at the top of the page: the member's ballot and the chair's controls for it.
 * When a vote opens while the page is open, the panel comes into view and takes the focus
 * (its heading), unless the person is typing or choosing somewhere else — then it only is
 * announced (the page's live region says the ballot is at the top).
 */
export function VoteNow({
  vote,
  sitting,
  userId,
  isMember,
  isChair,
  bringIntoView,
}: {
  vote: VoteView;
  sitting: CouncilSessionView;
  userId: string;
  isMember: boolean;
  isChair: boolean;
  bringIntoView: boolean;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    if (bringIntoView && !isMidAction(document.activeElement)) focusVoteNow();
  }, [bringIntoView]);
  return (
    <section className="card vote-now" aria-labelledby="vote-now-heading" data-testid="vote-now">
      <h2 id="vote-now-heading" tabIndex={-1}>
        {t('council.voteOn', { title: voteTitle(t, sitting, vote) })}
      </h2>
      {/* What to press first (in the first screen on a phone too), then what the vote stands on. */}
      {isMember ? <Ballot vote={vote} sitting={sitting} userId={userId} /> : null}
      {isChair ? <ChairVoteControls vote={vote} sitting={sitting} /> : null}
      <p className="muted">
        {t(`council.voteMode.${vote.mode}`)} · {t('council.ballotsCast', { count: vote.ballotsCast })}
      </p>
      {vote.atOpen ? (
        <p className="muted" data-testid="vote-base">
          {t('council.atOpen', {
            present: vote.atOpen.present,
            entitled: vote.atOpen.entitled,
            required: vote.atOpen.required,
            seats: vote.atOpen.seats,
          })}
        </p>
      ) : null}
      {vote.counts ? (
        <p data-testid="live-counts" aria-live="polite">
          {t('council.counts', { ...vote.counts })}
        </p>
      ) : null}
    </section>
  );
}
