import type { AgendaItemView, CouncilSessionView, ProceduralMotion, VoteView } from '@egov-box/contracts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, type Language } from '../../format/datetime';
import { ActionError, useAction } from './actions';

type T = ReturnType<typeof useTranslation>['t'];

/**
 * What a vote is on, as people read it (issue 15): an item's decision by the item's title; the
 * agenda, an agenda change, an amendment or a motion by its label (with the item, where one).
 */
export function voteTitle(t: T, sitting: CouncilSessionView, vote: VoteView): string {
  const item = vote.itemId ? sitting.items.find((i) => i.id === vote.itemId) : undefined;
  const kind = vote.kind ?? 'decision';
  if (kind === 'decision') return item?.title ?? '';
  const label = vote.label ?? t(`councilProcedure.kind.${kind}`);
  return item && kind !== 'agenda_change' ? `${label} — ${item.title}` : label;
}

/** An amendment's or a motion's proposer and text, under the vote's title. */
export function VoteDetails({ vote }: { vote: VoteView }) {
  const { t } = useTranslation();
  if (!vote.proposer && !vote.text) return null;
  return (
    <div className="muted">
      {vote.proposer ? <p>{t('councilProcedure.proposer', { name: vote.proposer.displayName })}</p> : null}
      {vote.text ? <p className="vote-text">{vote.text}</p> : null}
    </div>
  );
}

/** An item's state and how the sitting changed it (proposed, added, withdrawn, postponed), with the votes. */
export function AgendaItemChanges({ item }: { item: AgendaItemView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const state = item.state ?? 'scheduled';
  const changes = item.changes ?? [];
  if (state === 'scheduled' && changes.length === 0) return null;
  return (
    <div className="agenda-changes" data-testid={`agenda-changes-${item.id}`}>
      {state !== 'scheduled' ? <span className="badge">{t(`councilProcedure.state.${state}`)}</span> : null}
      {changes.length ? (
        <ul className="muted">
          {changes.map((c) => (
            <li key={`${c.change}-${c.voteId ?? 'proposal'}`}>
              {t(`councilProcedure.change.${c.change}`, { at: formatDateTime(c.at, lang) })}
              {c.counts && c.outcome
                ? ` — ${t(`councilProcedure.outcome.${c.outcome}`)} (${t('council.counts', { ...c.counts })})`
                : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The chair's votes of the procedure: the agenda, its changes, amendments, motions, the decision as amended. */
export function ChairProcedure({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const ids = { withdraw: useId(), text: useId(), proposer: useId(), asAmended: useId(), heading: useId() };
  const [withdraw, setWithdraw] = useState('');
  const [text, setText] = useState('');
  const [proposerId, setProposerId] = useState('');
  const [asAmended, setAsAmended] = useState('');
  const open = sitting.votes.some((v) => v.status === 'open');
  if (sitting.status !== 'open' || open) return null;
  const base = `/api/council/sessions/${sitting.id}/votes`;
  const vote = (body: Record<string, unknown>, after?: () => void) => run({ path: base, body }, { onSuccess: after });
  const current = sitting.items.find((i) => i.id === sitting.currentItemId) ?? null;
  const proposed = sitting.items.filter((i) => i.state === 'proposed');
  const scheduled = sitting.items.filter((i) => (i.state ?? 'scheduled') === 'scheduled');
  const present = sitting.attendance.filter((a) => a.present).map((a) => a.member);
  const amended = current
    ? sitting.votes.some((v) => v.kind === 'amendment' && v.itemId === current.id && v.result?.outcome === 'adopted')
    : false;
  const motions: ProceduralMotion[] = current ? ['close_debate', 'break', 'postpone'] : ['break'];
  return (
    <section className="procedure" aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>{t('councilProcedure.heading')}</h3>
      <div className="actions">
        {sitting.agendaAdoptedAt ? null : (
          <button
            type="button"
            className="button button-primary"
            disabled={pending}
            onClick={() => vote({ kind: 'agenda' })}
          >
            {t('councilProcedure.voteAgenda')}
          </button>
        )}
        {proposed.map((i) => (
          <button
            key={i.id}
            type="button"
            className="button button-secondary"
            disabled={pending}
            onClick={() => vote({ kind: 'agenda_change', change: 'add', itemId: i.id })}
          >
            {t('councilProcedure.voteAdd', { title: i.title })}
          </button>
        ))}
        {motions.map((m) => (
          <button
            key={m}
            type="button"
            className="button button-secondary"
            disabled={pending}
            onClick={() =>
              vote({ kind: 'procedural', motion: m, ...(m === 'postpone' && current ? { itemId: current.id } : {}) })
            }
          >
            {t(`councilProcedure.motion.${m}`)}
          </button>
        ))}
      </div>
      {scheduled.length ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (withdraw) vote({ kind: 'agenda_change', change: 'withdraw', itemId: withdraw }, () => setWithdraw(''));
          }}
        >
          <div className="field">
            <label htmlFor={ids.withdraw}>{t('councilProcedure.withdrawItem')}</label>
            <select id={ids.withdraw} value={withdraw} onChange={(e) => setWithdraw(e.target.value)}>
              <option value="">{t('councilProcedure.chooseItem')}</option>
              {scheduled.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.position}. {i.title}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-secondary" disabled={pending || !withdraw}>
            {t('councilProcedure.voteWithdraw')}
          </button>
        </form>
      ) : null}
      {current ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            vote({ kind: 'amendment', itemId: current.id, text, proposerId }, () => setText(''));
          }}
        >
          <div className="field">
            <label htmlFor={ids.text}>{t('councilProcedure.amendmentText', { title: current.title })}</label>
            <textarea id={ids.text} value={text} required maxLength={20000} onChange={(e) => setText(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.proposer}>{t('councilProcedure.amendmentProposer')}</label>
            <select id={ids.proposer} value={proposerId} required onChange={(e) => setProposerId(e.target.value)}>
              <option value="">{t('councilProcedure.chooseMember')}</option>
              {present.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.displayName}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-secondary" disabled={pending || !text.trim() || !proposerId}>
            {t('councilProcedure.voteAmendment')}
          </button>
        </form>
      ) : null}
      {current && amended ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            vote({ itemId: current.id, text: asAmended }, () => setAsAmended(''));
          }}
        >
          <div className="field">
            <label htmlFor={ids.asAmended}>{t('councilProcedure.asAmended')}</label>
            <textarea
              id={ids.asAmended}
              value={asAmended}
              required
              maxLength={20000}
              onChange={(e) => setAsAmended(e.target.value)}
            />
          </div>
          <button type="submit" className="button button-primary" disabled={pending || !asAmended.trim()}>
            {t('councilProcedure.voteAsAmended')}
          </button>
        </form>
      ) : null}
      <ActionError error={error} />
    </section>
  );
}

/** A member (or the chair) proposes an urgent item at an open sitting; a vote then adds it. */
export function ProposeItem({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const ids = { title: useId(), draft: useId(), position: useId(), heading: useId() };
  const [title, setTitle] = useState('');
  const [draft, setDraft] = useState('');
  const [position, setPosition] = useState('');
  const [openForm, setOpenForm] = useState(false);
  if (sitting.status !== 'open' && sitting.status !== 'paused') return null;
  if (!openForm)
    return (
      <button type="button" className="button button-link" onClick={() => setOpenForm(true)}>
        {t('councilProcedure.proposeItem')}
      </button>
    );
  return (
    <form
      className="inline-form"
      aria-labelledby={ids.heading}
      onSubmit={(e) => {
        e.preventDefault();
        run(
          {
            path: `/api/council/sessions/${sitting.id}/items/proposals`,
            body: {
              title,
              ...(draft.trim() ? { draftDecision: draft } : {}),
              ...(position ? { position: Number(position) } : {}),
            },
            done: t('councilProcedure.proposed', { title }),
          },
          {
            onSuccess: () => {
              setTitle('');
              setDraft('');
              setPosition('');
              setOpenForm(false);
            },
          },
        );
      }}
    >
      <h3 id={ids.heading}>{t('councilProcedure.proposeItem')}</h3>
      <div className="field">
        <label htmlFor={ids.title}>{t('councilProcedure.itemTitle')}</label>
        <input
          id={ids.title}
          value={title}
          required
          maxLength={500}
          autoFocus
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.draft}>{t('councilProcedure.draftDecision')}</label>
        <textarea id={ids.draft} value={draft} maxLength={20000} onChange={(e) => setDraft(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.position}>{t('councilProcedure.position')}</label>
        <input
          id={ids.position}
          type="number"
          min={1}
          max={1000}
          value={position}
          onChange={(e) => setPosition(e.target.value)}
        />
      </div>
      <p className="muted">{t('councilProcedure.materialsHint')}</p>
      <ActionError error={error} />
      <button type="submit" className="button button-primary" disabled={pending || !title.trim()}>
        {t('councilProcedure.propose')}
      </button>{' '}
      <button type="button" className="button button-secondary" onClick={() => setOpenForm(false)}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
