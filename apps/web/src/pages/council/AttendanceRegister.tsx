import type { BulkAttendanceResult, CouncilMemberRef, CouncilSessionView } from '@egov-box/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ActionError, useAction } from './actions';

/** What the last registration changed (the server's `changed`), to undo exactly that. */
interface LastAction {
  userIds: string[];
  present: boolean;
}

/**
 * The clerk registers the members in the hall (issue 22, item 6): several at once with
 * checkboxes („Избери всички отсъстващи“), present or left, in one all-or-nothing request
 * (`POST …/attendance/bulk`); „Отмени“ reverses the last one — only the members it changed,
 * as the server reported them. Every change reaches the quorum live as one by one would.
 */
export function AttendanceRegister({ sitting, members }: { sitting: CouncilSessionView; members: CouncilMemberRef[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { run, pending, error } = useAction();
  const ids = { legend: useId(), hint: useId(), status: useId() };
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [last, setLast] = useState<LastAction | null>(null);
  const [message, setMessage] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);
  const present = new Set(sitting.attendance.filter((a) => a.present).map((a) => a.member.id));
  const names = new Map(members.map((m) => [m.id, m.displayName]));
  // The names said after a registration: the first ten, then how many more.
  const nameList = (userIds: string[]) => {
    const shown = userIds.slice(0, 10).map((u) => names.get(u) ?? u);
    const rest = userIds.length - shown.length;
    return shown.join(', ') + (rest > 0 ? ` ${t('council.bulk.andMore', { count: rest })}` : '');
  };
  const voteOpen = sitting.votes.some((v) => v.status === 'open');

  const register = (userIds: string[], toPresent: boolean, undo: boolean) =>
    run({
      path: `/api/council/sessions/${encodeURIComponent(sitting.id)}/attendance/bulk`,
      body: { userIds, present: toPresent },
      onData: (d) => {
        const result = d as BulkAttendanceResult;
        queryClient.setQueryData(['council', 'sessions', sitting.id], result.session);
        const changed = result.changed;
        const what = { count: changed.length, names: nameList(changed) };
        if (undo) {
          setLast(null);
          setMessage(t(toPresent ? 'council.bulk.undoneAbsent' : 'council.bulk.undonePresent', what));
          // The undo button is gone: keep the keyboard user at what happened.
          statusRef.current?.focus();
        } else {
          setSelected(new Set());
          setLast(changed.length ? { userIds: changed, present: toPresent } : null);
          setMessage(
            changed.length
              ? t(toPresent ? 'council.bulk.donePresent' : 'council.bulk.doneAbsent', what)
              : t('council.bulk.noneChanged'),
          );
        }
      },
    });

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const chosen = members.filter((m) => selected.has(m.id)).map((m) => m.id);
  const leaving = chosen.filter((id) => present.has(id));

  return (
    <fieldset className="attendance-register" aria-describedby={ids.hint} data-testid="attendance-register">
      <legend id={ids.legend}>{t('council.bulk.legend')}</legend>
      <p id={ids.hint} className="muted">
        {t('council.bulk.hint')}
      </p>
      <div className="actions wrap">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => setSelected(new Set(members.filter((m) => !present.has(m.id)).map((m) => m.id)))}
        >
          {t('council.bulk.selectAbsent')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={selected.size === 0}
          onClick={() => setSelected(new Set())}
        >
          {t('council.bulk.clear')}
        </button>
      </div>
      <ul className="attendance-checklist">
        {members.map((m) => (
          <li key={m.id}>
            <label>
              <input type="checkbox" checked={selected.has(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />
              <span>
                {m.displayName}
                {present.has(m.id) ? <span className="muted"> ({t('council.bulk.present')})</span> : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <p aria-live="polite" className="muted" data-testid="attendance-selected">
        {t('council.bulk.selected', { count: chosen.length })}
      </p>
      <div className="actions wrap">
        <button
          type="button"
          className="button button-primary"
          disabled={pending || chosen.length === 0}
          onClick={() => register(chosen, true, false)}
        >
          {t('council.bulk.markPresent')}
        </button>
        {voteOpen && leaving.length ? (
          // A member who leaves during an open vote loses the ballot cast in it: that is not undone.
          <ConfirmButton
            className="button button-secondary"
            disabled={pending}
            title={t('council.confirm.leaveTitle')}
            message={<p>{t('council.confirm.leaveBody', { count: leaving.length })}</p>}
            confirmLabel={t('council.bulk.markAbsent')}
            onConfirm={() => register(chosen, false, false)}
          >
            {t('council.bulk.markAbsent')}
          </ConfirmButton>
        ) : (
          <button
            type="button"
            className="button button-secondary"
            disabled={pending || chosen.length === 0}
            onClick={() => register(chosen, false, false)}
          >
            {t('council.bulk.markAbsent')}
          </button>
        )}
      </div>
      <div className="attendance-last">
        <p id={ids.status} role="status" tabIndex={-1} ref={statusRef} data-testid="attendance-last">
          {message}
        </p>
        {last ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={pending}
            aria-label={t('council.bulk.undoLabel', { count: last.userIds.length })}
            aria-describedby={ids.status}
            onClick={() => register(last.userIds, !last.present, true)}
          >
            {t('council.bulk.undo')}
          </button>
        ) : null}
      </div>
      <ActionError error={error} />
    </fieldset>
  );
}
