import { useTranslation } from 'react-i18next';
import { focusVoteNow } from './VoteNow';

/** In the member's panel and the chair's console while a vote is open: the vote is at the top. */
export function JumpToVote() {
  const { t } = useTranslation();
  return (
    <p>
      <button type="button" className="button button-link" onClick={focusVoteNow}>
        {t('council.voteNowJump')}
      </button>
    </p>
  );
}
