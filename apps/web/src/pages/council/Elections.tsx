import type {
  CouncilBodyView,
  CouncilMemberRef,
  CouncilSessionView,
  ElectionMode,
  ElectionView,
} from '@egov-box/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/queries';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ActionError, useAction } from './actions';

const nameOf = (e: ElectionView, id: string | null) => e.candidates.find((c) => c.id === id)?.displayName ?? '';

/**
 * Elections at the sitting: the chair opens a round with its candidates and closes it (or
 * opens the second round); a present member gets a secret ballot — a candidate or none — and
 * has their choice read back; the clerk enters a paper round's totals with the counting
 * commission. Every round, open or closed, is listed with its result.
 */
export function Elections({
  sitting,
  userId,
  isMember,
  isChair,
  isClerk,
}: {
  sitting: CouncilSessionView;
  userId: string;
  isMember: boolean;
  isChair: boolean;
  isClerk: boolean;
}) {
  const { t } = useTranslation();
  const elections = sitting.elections ?? [];
  const open = sitting.status === 'open';
  const nothingOpen = !sitting.votes.some((v) => v.status === 'open') && !elections.some((e) => e.status === 'open');
  if (!elections.length && !(isChair && open)) return null;
  return (
    <section className="card" aria-labelledby="elections-heading" data-testid="elections">
      <h2 id="elections-heading">{t('council.elections.title')}</h2>
      {elections.map((e) => (
        <article key={e.id} className="election" aria-labelledby={`election-${e.id}`}>
          <h3 id={`election-${e.id}`}>
            {t('council.elections.roundTitle', { office: e.office, round: e.round })}
            {e.mode === 'paper' ? ` (${t('council.elections.paper')})` : ''}
          </h3>
          {e.status === 'open' ? (
            <>
              <p data-testid="election-live">
                {e.mode === 'paper'
                  ? t('council.elections.paperOpen')
                  : t('council.elections.ballotsCast', { count: e.ballotsCast })}
              </p>
              {isMember && e.mode === 'electronic' && open ? (
                <ElectionBallot election={e} sitting={sitting} userId={userId} />
              ) : null}
              {isChair && e.mode === 'electronic' ? <CloseRound election={e} /> : null}
              {isClerk && e.mode === 'paper' ? <PaperTotals election={e} sitting={sitting} userId={userId} /> : null}
            </>
          ) : (
            <RoundResult election={e} />
          )}
          {isChair &&
          open &&
          nothingOpen &&
          e.result?.outcome === 'second_round' &&
          !elections.some((x) => x.firstRoundId === e.id) ? (
            <SecondRound election={e} />
          ) : null}
        </article>
      ))}
      {isChair && open && nothingOpen && sitting.currentItemId ? <OpenElection sitting={sitting} /> : null}
    </section>
  );
}

function RoundResult({ election: e }: { election: ElectionView }) {
  const { t } = useTranslation();
  const r = e.result;
  if (!r) return null;
  const outcome =
    r.outcome === 'elected'
      ? t('council.elections.elected', { name: nameOf(e, r.electedId) })
      : r.outcome === 'second_round'
        ? t('council.elections.secondRoundBetween', { names: r.runoff.map((id) => nameOf(e, id)).join(', ') })
        : t(`council.elections.outcome.${r.outcome}`);
  return (
    <>
      <table className="table" data-testid="election-result">
        <caption>
          {t('council.elections.resultCaption', { voters: r.voters, seats: r.seats, required: r.required })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('council.elections.candidate')}</th>
            <th scope="col">{t('council.elections.votes')}</th>
          </tr>
        </thead>
        <tbody>
          {r.votes.map((v) => (
            <tr key={v.candidateId}>
              <th scope="row">{nameOf(e, v.candidateId)}</th>
              <td>{v.votes}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('council.elections.blank')}</th>
            <td>{r.blank}</td>
          </tr>
          {e.mode === 'paper' ? (
            <tr>
              <th scope="row">{t('council.elections.invalid')}</th>
              <td>{r.invalid}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {e.commission ? (
        <p>
          {t('council.elections.commission', {
            names: [e.commission.clerk, ...e.commission.members].map((m) => m.displayName).join(', '),
          })}
        </p>
      ) : null}
      <p className="strong" data-testid="election-outcome">
        {outcome}
        {e.decision?.number ? ` ${t('council.elections.decision', { number: e.decision.number })}` : ''}
      </p>
    </>
  );
}

/** The member's secret ballot: an accessible radio group of the candidates and "none". */
function ElectionBallot({
  election: e,
  sitting,
  userId,
}: {
  election: ElectionView;
  sitting: CouncilSessionView;
  userId: string;
}) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const [choice, setChoice] = useState<string>('');
  const [chosen, setChosen] = useState<{ candidateId: string | null } | null>(null);
  const hintId = useId();
  const present = sitting.attendance.some((a) => a.member.id === userId && a.present);
  const name = (id: string) => (id === 'none' ? t('council.elections.none') : nameOf(e, id));
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!choice) return;
    const candidateId = choice === 'none' ? null : choice;
    run({
      path: `/api/council/elections/${e.id}/ballots`,
      body: { candidateId },
      done: t('council.elections.youChose', { name: name(choice) }),
      onData: () => setChosen({ candidateId }),
    });
  };
  if (!present)
    return (
      <p className="notice" data-testid="election-blocked">
        {t('council.cannotVoteAbsent')}
      </p>
    );
  return (
    <form onSubmit={submit} aria-describedby={hintId} data-testid="election-ballot">
      <fieldset>
        <legend>{t('council.elections.ballotLegend', { office: e.office })}</legend>
        {[...e.candidates.map((c) => c.id), 'none'].map((id) => (
          <label key={id} className="radio">
            <input
              type="radio"
              name={`election-${e.id}`}
              value={id}
              checked={choice === id}
              onChange={() => setChoice(id)}
            />{' '}
            {name(id)}
          </label>
        ))}
      </fieldset>
      <p id={hintId} className="muted">
        {t('council.elections.secretHint')}
      </p>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={pending || !choice}>
          {t('council.elections.cast')}
        </button>
      </div>
      {chosen ? (
        <p data-testid="election-mine" role="status">
          {t('council.elections.youChose', { name: name(chosen.candidateId ?? 'none') })}
        </p>
      ) : e.mine?.voted ? (
        <p data-testid="election-mine">{t('council.elections.youVoted')}</p>
      ) : null}
      <ActionError error={error} />
    </form>
  );
}

function CloseRound({ election: e }: { election: ElectionView }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  return (
    <div className="actions">
      <ConfirmButton
        disabled={pending}
        title={t('council.elections.closeTitle')}
        message={<p>{t('council.elections.closeBody', { office: e.office, count: e.ballotsCast })}</p>}
        confirmLabel={t('council.elections.close')}
        onConfirm={() => run({ path: `/api/council/elections/${e.id}/close`, done: t('council.elections.closed') })}
      >
        {t('council.elections.close')}
      </ConfirmButton>
      <ActionError error={error} />
    </div>
  );
}

function SecondRound({ election: e }: { election: ElectionView }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  return (
    <div className="actions">
      <button
        type="button"
        className="button button-primary"
        disabled={pending}
        onClick={() =>
          run({ path: `/api/council/elections/${e.id}/second-round`, done: t('council.elections.opened') })
        }
      >
        {t('council.elections.openSecondRound')}
      </button>
      <ActionError error={error} />
    </div>
  );
}

/** The chair opens a round on the current item: the office, the candidates (members of the body), the mode. */
function OpenElection({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const { run, pending, error, setError } = useAction();
  const bodies = useApi<CouncilBodyView[]>(['council', 'bodies'], '/api/council/bodies');
  const members: CouncilMemberRef[] = bodies.data?.find((b) => b.id === sitting.body?.id)?.members ?? [];
  const [office, setOffice] = useState('');
  const [candidates, setCandidates] = useState<string[]>([]);
  const [mode, setMode] = useState<ElectionMode>('electronic');
  const officeId = useId();
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!office.trim() || !candidates.length) {
      setError(t('council.elections.needOfficeAndCandidates'));
      return;
    }
    run({
      path: `/api/council/sessions/${sitting.id}/elections`,
      body: { itemId: sitting.currentItemId, office: office.trim(), candidateIds: candidates, mode },
      done: t('council.elections.opened'),
      onData: () => {
        setOffice('');
        setCandidates([]);
      },
    });
  };
  return (
    <form onSubmit={submit} data-testid="open-election">
      <h3>{t('council.elections.openTitle')}</h3>
      <div className="field">
        <label htmlFor={officeId}>{t('council.elections.office')}</label>
        <input id={officeId} value={office} maxLength={300} onChange={(e) => setOffice(e.target.value)} />
      </div>
      <fieldset>
        <legend>{t('council.elections.candidates')}</legend>
        {members.map((m) => (
          <label key={m.id} className="checkbox">
            <input
              type="checkbox"
              checked={candidates.includes(m.id)}
              onChange={(e) => setCandidates((c) => (e.target.checked ? [...c, m.id] : c.filter((x) => x !== m.id)))}
            />{' '}
            {m.displayName}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('council.elections.mode')}</legend>
        {(['electronic', 'paper'] as const).map((m) => (
          <label key={m} className="radio">
            <input type="radio" name="election-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />{' '}
            {t(`council.elections.modes.${m}`)}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {t('council.elections.open')}
        </button>
      </div>
      <ActionError error={error} />
    </form>
  );
}

/** The clerk enters a paper round's totals with the counting commission (themselves and two members present). */
function PaperTotals({
  election: e,
  sitting,
  userId,
}: {
  election: ElectionView;
  sitting: CouncilSessionView;
  userId: string;
}) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const present = sitting.attendance.filter((a) => a.present).map((a) => a.member);
  const [votes, setVotes] = useState<Record<string, string>>({});
  const [blank, setBlank] = useState('0');
  const [invalid, setInvalid] = useState('0');
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const base = useId();
  const num = (s: string | undefined) => Number.parseInt(s ?? '0', 10) || 0;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    run({
      path: `/api/council/elections/${e.id}/paper`,
      body: {
        totals: e.candidates.map((c) => ({ candidateId: c.id, votes: num(votes[c.id]) })),
        blank: num(blank),
        invalid: num(invalid),
        commission: { clerkId: userId, memberIds: [first, second] },
      },
      done: t('council.elections.closed'),
    });
  };
  const numberField = (id: string, label: string, value: string, set: (v: string) => void) => (
    <div className="field" key={id}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" min={0} inputMode="numeric" value={value} onChange={(ev) => set(ev.target.value)} />
    </div>
  );
  const memberSelect = (id: string, label: string, value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(ev) => set(ev.target.value)}>
        <option value="">—</option>
        {present.map((m) => (
          <option key={m.id} value={m.id}>
            {m.displayName}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form onSubmit={submit} data-testid="paper-totals">
      <fieldset>
        <legend>{t('council.elections.paperLegend')}</legend>
        {e.candidates.map((c) =>
          numberField(`${base}-${c.id}`, c.displayName, votes[c.id] ?? '0', (v) =>
            setVotes((x) => ({ ...x, [c.id]: v })),
          ),
        )}
        {numberField(`${base}-blank`, t('council.elections.blank'), blank, setBlank)}
        {numberField(`${base}-invalid`, t('council.elections.invalid'), invalid, setInvalid)}
      </fieldset>
      <fieldset>
        <legend>{t('council.elections.commissionLegend')}</legend>
        {memberSelect(`${base}-m1`, t('council.elections.commissionMember', { n: 1 }), first, setFirst)}
        {memberSelect(`${base}-m2`, t('council.elections.commissionMember', { n: 2 }), second, setSecond)}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={pending || !first || !second}>
          {t('council.elections.enterTotals')}
        </button>
      </div>
      <ActionError error={error} />
    </form>
  );
}
