import type { BallotChoice, CouncilSessionView, VoteView } from '@egov-box/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/queries';
import { ActionError, useAction } from './actions';
import { voteBlock } from './model';

const CHOICES: BallotChoice[] = ['for', 'against', 'abstain'];

/** The member's ballot: their choice so far and the three buttons (or why they cannot vote). */
export function Ballot({ vote, sitting, userId }: { vote: VoteView; sitting: CouncilSessionView; userId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const item = sitting.items.find((i) => i.id === vote.itemId);
  const mine = useApi<VoteView>(['council', 'votes', vote.id], `/api/council/votes/${vote.id}`);
  const myChoice = mine.data?.mine?.choice ?? vote.mine?.choice ?? null;
  const voted = mine.data?.mine?.voted ?? vote.mine?.voted ?? false;
  const { run, pending, error } = useAction();
  const block = voteBlock(sitting, item, userId);
  const blockId = useId();
  const hintId = useId();
  const secret = vote.mode === 'secret' && !block.blocked;
  return (
    <div role="group" aria-labelledby="vote-now-heading" aria-describedby={secret ? hintId : undefined}>
      {block.blocked ? (
        <p id={blockId} className="notice" data-testid="vote-blocked">
          {block.reason === 'conflict'
            ? t('council.cannotVoteConflict', { reason: block.detail })
            : t('council.cannotVoteAbsent')}
        </p>
      ) : (
        <p data-testid="my-ballot">
          {voted
            ? t('council.yourVote', { choice: myChoice ? t(`council.choice.${myChoice}`) : t('council.secretChoice') })
            : t('council.notVoted')}
        </p>
      )}
      <div className="actions">
        {CHOICES.map((c) => (
          <button
            key={c}
            type="button"
            className={myChoice === c ? 'button button-primary' : 'button button-secondary'}
            aria-pressed={myChoice === c}
            aria-describedby={block.blocked ? blockId : undefined}
            disabled={pending || block.blocked}
            onClick={() =>
              run({
                path: `/api/council/votes/${vote.id}/ballots`,
                body: { choice: c },
                done: t('council.ballotCast', { choice: t(`council.choice.${c}`) }),
                onData: (d) => queryClient.setQueryData(['council', 'votes', vote.id], d),
              })
            }
          >
            {t(`council.choice.${c}`)}
          </button>
        ))}
      </div>
      {secret ? (
        <p id={hintId} className="muted">
          {t('council.secretHint')}
        </p>
      ) : null}
      <ActionError error={error} />
    </div>
  );
}
