import { subjectIssues, type AgendaSubject, type Majority, type VoteMode } from '@egov-box/contracts';
import { CommonErrors } from '@egov-box/platform';

/**
 * The server's own check of the law's vote settings for an agenda (the request schema checks
 * the same rule, `subjectIssues` from the contracts): an item whose subject requires a roll
 * call of all (ЗМСМА чл. 27, ал. 5) is refused with weaker settings — 400 `validation_failed`,
 * each issue at `body.agenda.<i>.voteMode` / `.majority`, as the schema reports it.
 */
export function requireLawfulAgenda(
  items: readonly { subject?: AgendaSubject; voteMode: VoteMode; majority: Majority }[],
): void {
  const issues = items.flatMap((item, i) =>
    subjectIssues({ subject: item.subject ?? 'other', voteMode: item.voteMode, majority: item.majority }).map(
      (issue) => ({ path: `body.agenda.${i}.${issue.field}`, message: issue.message }),
    ),
  );
  if (issues.length)
    throw CommonErrors.validationFailed(issues.map((i) => `${i.path}: ${i.message}`).join('; '), {
      issues,
    });
}
