import type { CouncilSessionView, VoteView } from '@egov-box/contracts';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ActionError, useAction } from './actions';
import { voteTitle } from './Procedure';

/** The chair's controls for the open vote, beside the ballot. */
export function ChairVoteControls({ vote, sitting }: { vote: VoteView; sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const q = sitting.quorum;
  const title = voteTitle(t, sitting, vote);
  return (
    <div role="group" aria-label={t('council.voteNowChair')}>
      <div className="actions">
        {/* The close decides the vote on that moment's facts (the quorum too): asked first. */}
        <ConfirmButton
          disabled={pending}
          title={t('council.confirm.closeVoteTitle')}
          message={
            <>
              <p>{t('council.confirm.closeVoteBody', { title, count: vote.ballotsCast })}</p>
              {q.reached ? null : (
                <p className="notice">
                  {t('council.confirm.closeVoteNoQuorum', { present: q.present, total: q.total, required: q.required })}
                </p>
              )}
            </>
          }
          confirmLabel={t('council.closeVote')}
          onConfirm={() => run({ path: `/api/council/votes/${vote.id}/close`, done: t('council.done.voteClosed') })}
        >
          {t('council.closeVote')}
        </ConfirmButton>
      </div>
      <ActionError error={error} />
    </div>
  );
}
