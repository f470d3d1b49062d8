import type { BallotChoice, CouncilSessionView, VoteView } from '@egov-box/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError, useAction } from './actions';
import { voteTitle } from './Procedure';

const CHOICES: BallotChoice[] = ['for', 'against', 'abstain'];

/**
 * The clerk records a vote taken in the hall (show of hands or roll call), member by member:
 * every present member without a conflict on the item, with the vote recorded so far.
 * Roll-call votes show the server's named list; open votes what was recorded here.
 */
export function HallVote({ sitting, vote }: { sitting: CouncilSessionView; vote: VoteView }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const [recorded, setRecorded] = useState<Record<string, BallotChoice>>({});
  // A vote already recorded is changed only with a reason (kept in the audit log); a
  // member's own electronic ballot is never changed here (the server refuses it too).
  const [reason, setReason] = useState('');
  const item = sitting.items.find((i) => i.id === vote.itemId);
  const conflicted = new Set((item?.conflicts ?? []).map((c) => c.member.id));
  const roll = new Map((vote.roll ?? []).map((r) => [r.member.id, r.choice]));
  const own = new Set((vote.roll ?? []).filter((r) => r.recordedBy === 'member').map((r) => r.member.id));
  const members = sitting.attendance
    .filter((a) => a.present && !conflicted.has(a.member.id))
    .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName, 'bg'));
  return (
    <section aria-labelledby="hall-vote-heading" data-testid="hall-vote">
      <h3 id="hall-vote-heading">{t('council.recordVotes')}</h3>
      <p className="muted">{t('council.recordVotesHelp')}</p>
      <ActionError error={error} />
      <p className="field">
        <label htmlFor="hall-vote-reason">{t('council.correctionReason')}</label>
        <input
          id="hall-vote-reason"
          type="text"
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </p>
      <table className="table">
        <caption className="visually-hidden">{t('council.voteOn', { title: voteTitle(t, sitting, vote) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('council.member')}</th>
            <th scope="col">{t('council.vote')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((a) => {
            const current = roll.get(a.member.id) ?? recorded[a.member.id] ?? null;
            return (
              <tr key={a.member.id}>
                <th scope="row">
                  {a.member.displayName}
                  <span className="muted">
                    {' '}
                    (
                    {current
                      ? t('council.recordedChoice', { choice: t(`council.choice.${current}`) })
                      : t('council.notRecorded')}
                    {own.has(a.member.id) ? `, ${t('council.votedThemselves')}` : ''})
                  </span>
                </th>
                <td>
                  <span className="actions">
                    {CHOICES.map((c) => (
                      <button
                        key={c}
                        type="button"
                        className={current === c ? 'button button-primary' : 'button button-secondary'}
                        aria-pressed={current === c}
                        aria-label={t('council.recordChoice', {
                          choice: t(`council.choice.${c}`),
                          name: a.member.displayName,
                        })}
                        disabled={pending || own.has(a.member.id)}
                        onClick={() =>
                          run({
                            path: `/api/council/votes/${encodeURIComponent(vote.id)}/ballots`,
                            body: {
                              choice: c,
                              userId: a.member.id,
                              ...(current && reason.trim() ? { reason: reason.trim() } : {}),
                            },
                            done: t('council.done.handVote'),
                            onData: () => setRecorded((r) => ({ ...r, [a.member.id]: c })),
                          })
                        }
                      >
                        {t(`council.choice.${c}`)}
                      </button>
                    ))}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
