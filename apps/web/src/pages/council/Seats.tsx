import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CouncilMandateView, CouncilMemberRef, MandateSeatsView, SeatHoldingView } from '@egov-box/contracts';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { useApi } from '../../api/queries';
import { useAnnounce } from '../../components/Announcer';
import { ConfirmDialog } from '../../components/ConfirmButton';
import { LoadError, Loading } from '../../components/States';
import { formatDate, type Language } from '../../format/datetime';
import { useCouncilError } from './actions';
import './council.css';

/** A Sofia calendar date (YYYY-MM-DD) as the interface shows dates. */
const day = (d: string, lang: Language) => formatDate(`${d}T12:00:00Z`, lang);

/** Today in Sofia, as a date input's value. */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Sofia' }).format(new Date());

/**
 * The council's seats in the mandate in force: who holds each and who held it before (for
 * every signed-in user). The clerk records a change of the council's composition here: the
 * next on the list taking a seat (with the reason the predecessor's mandate ended), or a seat
 * left empty for now.
 */
export function Seats({ canEdit = false }: { canEdit?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const mandates = useApi<CouncilMandateView[]>(['council', 'mandates'], '/api/council/mandates');
  const current = mandates.data?.find((m) => m.current);
  const seats = useApi<MandateSeatsView>(
    ['council', 'mandates', current?.id ?? '', 'seats'],
    `/api/council/mandates/${current?.id ?? ''}/seats`,
    !!current,
  );
  const holding = (h: SeatHoldingView) =>
    h.heldUntil
      ? t('council.seats.heldRange', {
          name: h.displayName,
          from: day(h.heldFrom, lang),
          until: day(h.heldUntil, lang),
        })
      : t('council.seats.heldSince', { name: h.displayName, from: day(h.heldFrom, lang) });
  return (
    <section className="card" aria-labelledby="seats-heading" data-testid="seats">
      <h2 id="seats-heading">
        {current ? t('council.seats.heading', { mandate: current.name }) : t('council.seats.headingNone')}
      </h2>
      {mandates.isPending || (current && seats.isPending) ? (
        <Loading />
      ) : mandates.isError ? (
        <LoadError error={mandates.error} retry={() => void mandates.refetch()} />
      ) : seats.isError ? (
        <LoadError error={seats.error} retry={() => void seats.refetch()} />
      ) : !seats.data ? (
        <p className="empty">{t('council.seats.noMandate')}</p>
      ) : (
        <>
          <p className="muted">
            {t('council.seats.summary', {
              seats: seats.data.seats.length,
              held: seats.data.seats.filter((s) => s.holder).length,
            })}
          </p>
          <details>
            <summary>{t('council.seats.list')}</summary>
            <table className="seats-table">
              <caption className="visually-hidden">{t('council.seats.heading', { mandate: current!.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('council.seats.seat')}</th>
                  <th scope="col">{t('council.seats.holder')}</th>
                  <th scope="col">{t('council.seats.history')}</th>
                </tr>
              </thead>
              <tbody>
                {seats.data.seats.map((s) => (
                  <tr key={s.seat} data-seat={s.seat}>
                    <th scope="row">{s.seat}</th>
                    <td>{s.holder ? holding(s.holder) : <em>{t('council.seats.empty')}</em>}</td>
                    <td>
                      {s.history
                        .filter((h) => h.heldUntil)
                        .map((h) => `${holding(h)} — ${h.endReason}`)
                        .join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          {canEdit ? <SeatChange mandate={current!} seats={seats.data} /> : null}
        </>
      )}
    </section>
  );
}

/** The clerk's form: who takes a seat from which day, or a seat left empty, with the reason. */
function SeatChange({ mandate, seats }: { mandate: CouncilMandateView; seats: MandateSeatsView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const councilError = useCouncilError();
  const base = useId();
  const ids = { seat: `${base}-seat`, person: `${base}-person`, from: `${base}-from`, reason: `${base}-reason` };
  const candidates = useApi<CouncilMemberRef[]>(
    ['council', 'mandates', mandate.id, 'candidates'],
    `/api/council/mandates/${mandate.id}/candidates`,
  );
  const [seat, setSeat] = useState('');
  const [userId, setUserId] = useState('');
  const [from, setFrom] = useState(today());
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const chosen = seats.seats.find((s) => String(s.seat) === seat);
  // A change of the composition stays in the seat's history (there is no undoing it): the
  // form's checks first, then what will happen is asked in a dialog.
  const [asking, setAsking] = useState<'assign' | 'end' | null>(null);
  const triggers = { assign: useRef<HTMLButtonElement>(null), end: useRef<HTMLButtonElement>(null) };

  const change = useMutation({
    mutationFn: (kind: 'assign' | 'end') =>
      kind === 'assign'
        ? api.put<MandateSeatsView>(`/api/council/mandates/${mandate.id}/seats/${seat}`, {
            userId,
            from,
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          })
        : api.post<MandateSeatsView>(`/api/council/mandates/${mandate.id}/seats/${seat}/end`, {
            on: from,
            reason: reason.trim(),
          }),
    onSuccess: (_, kind) => {
      void queryClient.invalidateQueries({ queryKey: ['council'] });
      announce(
        kind === 'assign'
          ? t('council.seats.assigned', {
              seat,
              name: candidates.data?.find((c) => c.id === userId)?.displayName ?? '',
            })
          : t('council.seats.ended', { seat }),
      );
      setError(null);
      setUserId('');
      setReason('');
    },
    onError: (err) => {
      setError(
        err instanceof ApiError && err.code === 'reason_required'
          ? t('council.seats.errors.reasonRequired')
          : councilError(err),
      );
      setTimeout(() => errorRef.current?.focus(), 0);
    },
  });

  const submit = (kind: 'assign' | 'end') => {
    const missing = !seat
      ? 'chooseSeat'
      : kind === 'assign' && !userId
        ? 'choosePerson'
        : (kind === 'end' || chosen?.holder) && !reason.trim()
          ? 'reasonRequired'
          : null;
    if (missing) {
      setError(t(`council.seats.errors.${missing}`));
      setTimeout(() => errorRef.current?.focus(), 0);
      return;
    }
    setError(null);
    // Ending an empty seat changes nothing: the server says so (409 seat_empty).
    if (kind === 'end' && !chosen?.holder) change.mutate(kind);
    else setAsking(kind);
  };
  const what = {
    seat,
    name: candidates.data?.find((c) => c.id === userId)?.displayName ?? '',
    holder: chosen?.holder?.displayName ?? '',
    from: from ? day(from, lang) : '',
    reason: reason.trim(),
  };

  return (
    <form
      className="seat-change"
      noValidate
      data-testid="seat-form"
      aria-labelledby={`${base}-heading`}
      onSubmit={(e) => {
        e.preventDefault();
        submit('assign');
      }}
    >
      <h3 id={`${base}-heading`}>{t('council.seats.change')}</h3>
      <p ref={errorRef} tabIndex={-1} role="alert" className="form-error">
        {error}
      </p>
      <div className="field">
        <label htmlFor={ids.seat}>{t('council.seats.seat')}</label>
        <select id={ids.seat} value={seat} onChange={(e) => setSeat(e.target.value)}>
          <option value="">{t('council.seats.chooseSeat')}</option>
          {seats.seats.map((s) => (
            <option key={s.seat} value={s.seat}>
              {s.holder ? `${s.seat} — ${s.holder.displayName}` : `${s.seat} — ${t('council.seats.empty')}`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.person}>{t('council.seats.person')}</label>
        <select
          id={ids.person}
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          aria-describedby={`${ids.person}-hint`}
        >
          <option value="">{t('council.seats.choosePerson')}</option>
          {(candidates.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName}
            </option>
          ))}
        </select>
        <p className="hint" id={`${ids.person}-hint`}>
          {t('council.seats.personHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={ids.from}>{t('council.seats.from')}</label>
        <input id={ids.from} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.reason}>{t('council.seats.reason')}</label>
        <textarea
          id={ids.reason}
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          aria-describedby={`${ids.reason}-hint`}
        />
        <p className="hint" id={`${ids.reason}-hint`}>
          {t('council.seats.reasonHint')}
        </p>
      </div>
      <div className="actions">
        <button ref={triggers.assign} type="submit" className="button button-primary" disabled={change.isPending}>
          {t('council.seats.assign')}
        </button>
        <button
          ref={triggers.end}
          type="button"
          className="button button-secondary"
          aria-haspopup="dialog"
          disabled={change.isPending}
          onClick={() => submit('end')}
        >
          {t('council.seats.end')}
        </button>
      </div>
      {asking ? (
        <ConfirmDialog
          title={t(asking === 'end' ? 'council.seats.confirm.endTitle' : 'council.seats.confirm.assignTitle', what)}
          message={
            <>
              <p>
                {asking === 'end'
                  ? t('council.seats.confirm.end', what)
                  : chosen?.holder
                    ? t('council.seats.confirm.replace', what)
                    : t('council.seats.confirm.assign', what)}
              </p>
              <p>{t('council.seats.confirm.final')}</p>
            </>
          }
          confirmLabel={t(asking === 'end' ? 'council.seats.end' : 'council.seats.assign')}
          danger={asking === 'end'}
          onClose={(confirmed) => {
            const kind = asking;
            setAsking(null);
            triggers[kind].current?.focus();
            if (confirmed) change.mutate(kind);
          }}
        />
      ) : null}
    </form>
  );
}
