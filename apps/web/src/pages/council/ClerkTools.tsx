import type { CouncilBodyView, CouncilSessionView, SpaceView } from '@egov-box/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../api/queries';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ActionError, useAction } from './actions';
import { AttendanceRegister } from './AttendanceRegister';
import { CheckInCode } from './CheckInCode';
import { HallVote } from './HallVote';
import { Reschedule } from './Reschedule';
import { DisplayTokens } from './DisplayTokens';
import { ClosedDoorForm } from './ClosedDoor';

export function ClerkTools({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const spaces = useApi<SpaceView[]>(['spaces', 'personal'], '/api/spaces?kind=personal');
  const bodies = useApi<CouncilBodyView[]>(['council', 'bodies'], '/api/council/bodies');
  // The members of the body that meets (a committee's members); all councillors while the
  // bodies load or when the session names no body.
  const bodyId = sitting.body?.id;
  const bodyMembers = bodies.data?.find((b) => b.id === bodyId)?.members;
  const members = (
    bodyMembers ??
    (spaces.data ?? [])
      .map((s) => s.owner)
      .filter((o): o is NonNullable<typeof o> => !!o && (o.roles as string[]).includes('councillor'))
  ).sort((a, b) => a.displayName.localeCompare(b.displayName, 'bg'));
  const open = sitting.votes.find((v) => v.status === 'open' && v.mode !== 'secret');
  return (
    <section className="card" aria-labelledby="clerk-heading">
      <h2 id="clerk-heading">{t('council.clerkTools')}</h2>
      {sitting.status === 'draft' ? (
        <p className="actions">
          <Link className="button button-secondary" to={`/council/${sitting.id}/edit`} data-testid="edit-session">
            {t('council.editor.edit')}
          </Link>{' '}
          <ConfirmButton
            disabled={pending}
            title={t('council.confirm.publishTitle')}
            message={<p>{t('council.confirm.publishBody')}</p>}
            confirmLabel={t('council.publish')}
            onConfirm={() =>
              run({ path: `/api/council/sessions/${sitting.id}/publish`, done: t('council.done.published') })
            }
          >
            {t('council.publish')}
          </ConfirmButton>
        </p>
      ) : (
        <>
          <p className="muted" data-testid="agenda-frozen">
            {t('council.editor.frozenShort')}
          </p>
          <Reschedule sitting={sitting} />
        </>
      )}
      {sitting.status === 'open' || sitting.status === 'paused' || sitting.status === 'published' ? (
        <>
          <CheckInCode sitting={sitting} />
          <AttendanceRegister sitting={sitting} members={members} />
        </>
      ) : null}
      <ActionError error={error} />
      {open ? <HallVote sitting={sitting} vote={open} /> : null}
      <ClosedDoorForm sitting={sitting} />
      <DisplayTokens sitting={sitting} />
    </section>
  );
}
