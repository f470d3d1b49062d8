import {
  AGENDA_SUBJECTS,
  MAJORITIES,
  VOTE_MODES,
  subjectRequirement,
  type AgendaSubject,
  type CouncilBodyView,
  type CouncilSessionView,
  type HallView,
} from '@egov-box/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import { useApi } from '../../api/queries';
import { useAuth } from '../../auth/AuthContext';
import { useAnnounce } from '../../components/Announcer';
import { PageTitle } from '../../components/PageTitle';
import { LoadError, Loading } from '../../components/States';
import { formatRange, type Language } from '../../format/datetime';
import { useCouncilError } from './actions';
import {
  allowsMajority,
  allowsVoteMode,
  checkDraft,
  createRequest,
  draftOf,
  emptyDraft,
  emptyItem,
  fieldOrder,
  moveItem,
  serverErrors,
  updateRequest,
  withSubject,
  type FieldErrors,
  type ItemDraft,
  type SittingDraft,
  type SlotConflict,
} from './editor';
import { bodyName } from './model';
import './council.css';

/** Whether the signed-in user prepares sessions (the clerk's office; admins too). */
export function useIsClerk(): boolean {
  const { state } = useAuth();
  const roles = (state.user?.roles ?? []) as string[];
  return roles.includes('clerk') || roles.includes('admin');
}

/** `/council/new`: a new draft. */
export function NewSittingPage() {
  const { t } = useTranslation();
  const isClerk = useIsClerk();
  const [draft] = useState(() => emptyDraft());
  return (
    <>
      <PageTitle title={t('council.editor.newTitle')}>{t('council.editor.newTitle')}</PageTitle>
      {isClerk ? <SittingForm initial={draft} /> : <p className="notice">{t('council.editor.clerksOnly')}</p>}
    </>
  );
}

/** `/council/:id/edit`: the draft's form, prefilled; a published session is frozen. */
export function EditSittingPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const isClerk = useIsClerk();
  const sitting = useApi<CouncilSessionView>(
    ['council', 'sessions', id],
    `/api/council/sessions/${encodeURIComponent(id)}`,
  );
  const heading = sitting.data
    ? t('council.editor.editTitle', { title: sitting.data.title })
    : t('council.editor.edit');
  return (
    <>
      <PageTitle title={heading}>{heading}</PageTitle>
      {!isClerk ? (
        <p className="notice">{t('council.editor.clerksOnly')}</p>
      ) : sitting.isPending ? (
        <Loading />
      ) : sitting.isError ? (
        <LoadError error={sitting.error} retry={() => void sitting.refetch()} />
      ) : sitting.data.status !== 'draft' ? (
        <Frozen sitting={sitting.data} />
      ) : (
        <SittingForm key={sitting.data.id} initial={draftOf(sitting.data)} sitting={sitting.data} />
      )}
    </>
  );
}

function Frozen({ sitting }: { sitting: CouncilSessionView }) {
  const { t } = useTranslation();
  return (
    <div className="notice" data-testid="agenda-frozen">
      <p>{t('council.editor.frozen', { status: t(`council.sittingStatus.${sitting.status}`) })}</p>
      <p>
        <Link to={`/council/${sitting.id}`}>{t('council.editor.backToSitting')}</Link>
      </p>
    </div>
  );
}

const fieldId = (key: string) => `se-${key.replace(/\./g, '-')}`;
/** The id of the law's hint under an item's subject (undefined: the subject requires nothing). */
const subjectHint = (subject: AgendaSubject, index: number) =>
  subjectRequirement(subject).basis ? `se-agenda-${index}-subject-hint` : undefined;
const errorId = (key: string) => `${fieldId(key)}-error`;

function SittingForm({ initial, sitting }: { initial: SittingDraft; sitting?: CouncilSessionView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const councilError = useCouncilError();
  const [d, setD] = useState<SittingDraft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<SlotConflict[]>([]);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const formErrorRef = useRef<HTMLDivElement>(null);
  const bodies = useApi<CouncilBodyView[]>(['council', 'bodies'], '/api/council/bodies');
  const halls = useApi<HallView[]>(['halls', 'list'], '/api/halls');
  const meetingHalls = (halls.data ?? []).filter((h) => h.kind === 'hall');

  // Focus follows the user's action: the moved button, the new item, the first field in error.
  useEffect(() => {
    if (!focusTarget) return;
    const el = document.getElementById(focusTarget);
    if (el) el.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const save = useMutation({
    mutationFn: (draft: SittingDraft) =>
      sitting
        ? api.patch<CouncilSessionView>(`/api/council/sessions/${sitting.id}`, updateRequest(draft))
        : api.post<CouncilSessionView>('/api/council/sessions', createRequest(draft)),
    onSuccess: (s) => {
      queryClient.setQueryData(['council', 'sessions', s.id], s);
      void queryClient.invalidateQueries({ queryKey: ['council', 'sessions'], exact: true });
      announce(
        sitting ? t('council.editor.saved', { title: s.title }) : t('council.editor.created', { title: s.title }),
      );
      void navigate(`/council/${s.id}`);
    },
    onError: (err) => {
      const { fields, form, conflicts: c } = serverErrors(err);
      setErrors(fields);
      setConflicts(c);
      setFormError(form ? errorText(err) : null);
      if (form) setTimeout(() => formErrorRef.current?.focus(), 0);
      else focusFirst(fields);
    },
  });

  function errorText(err: unknown): string {
    if (err instanceof ApiError && err.code === 'not_draft') return t('council.editor.notDraft');
    return councilError(err);
  }

  function focusFirst(fields: FieldErrors) {
    const first = fieldOrder(d).find((k) => fields[k]);
    if (first) setFocusTarget(first === 'agenda' ? 'se-add-item' : fieldId(first));
  }

  function message(key: string, code: string): string {
    if (i18n.exists(`council.editor.errors.${code}`)) return t(`council.editor.errors.${code}`);
    if (i18n.exists(`council.errors.${code}`)) return t(`council.errors.${code}`);
    // A server validation message (English, from the schema) under the field's own name.
    return t('council.editor.errors.invalid', { detail: code, field: key });
  }

  const set = <K extends keyof SittingDraft>(k: K, v: SittingDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const setItem = (index: number, patch: Partial<ItemDraft>) =>
    setD((x) => ({ ...x, items: x.items.map((it, i) => (i === index ? { ...it, ...patch } : it)) }));
  const setSubject = (index: number, subject: AgendaSubject) =>
    setD((x) => ({ ...x, items: x.items.map((it, i) => (i === index ? withSubject(it, subject) : it)) }));

  const move = (index: number, delta: -1 | 1) => {
    const item = d.items[index]!;
    const to = index + delta;
    setD((x) => ({ ...x, items: moveItem(x.items, index, delta) }));
    setErrors({});
    announce(t('council.editor.moved', { title: item.title || t('council.editor.untitled'), number: to + 1 }));
    // Keep the keyboard on the same button; at an end, on the other one.
    const atEnd = (delta === -1 && to === 0) || (delta === 1 && to === d.items.length - 1);
    setFocusTarget(`se-${item.key}-${atEnd ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down'}`);
  };
  const remove = (index: number) => {
    const item = d.items[index]!;
    setD((x) => ({ ...x, items: x.items.filter((_, i) => i !== index) }));
    setErrors({});
    announce(t('council.editor.removed', { title: item.title || t('council.editor.untitled') }));
    setFocusTarget(index < d.items.length - 1 ? fieldId(`agenda.${index}.title`) : 'se-add-item');
  };
  const add = () => {
    setD((x) => ({ ...x, items: [...x.items, emptyItem()] }));
    setFocusTarget(fieldId(`agenda.${d.items.length}.title`));
  };

  const described = (key: string, hint?: string) => {
    const conflictList = key === 'startsAt' && conflicts.length > 0 ? 'se-slot-conflicts' : undefined;
    const ids = [hint, errors[key] ? errorId(key) : undefined, conflictList].filter(Boolean).join(' ');
    return { id: fieldId(key), 'aria-invalid': errors[key] ? true : undefined, 'aria-describedby': ids || undefined };
  };
  const fieldError = (k: string) =>
    errors[k] ? (
      <p className="form-error" id={errorId(k)}>
        {message(k, errors[k])}
      </p>
    ) : null;

  const body = bodies.data?.find((b) => b.id === d.bodyId);
  const hall = meetingHalls.find((h) => h.id === d.spaceId);

  return (
    <form
      className="card session-editor"
      noValidate
      data-testid="session-form"
      onSubmit={(e) => {
        e.preventDefault();
        setFormError(null);
        setConflicts([]);
        const found = checkDraft(d);
        setErrors(found);
        if (Object.keys(found).length > 0) {
          focusFirst(found);
          return;
        }
        save.mutate(d);
      }}
    >
      <p className="muted">{t('council.editor.intro')}</p>
      <div ref={formErrorRef} tabIndex={-1} role="alert" className="form-error" data-testid="session-form-error">
        {formError}
      </div>
      {sitting ? (
        <p>
          {t('council.editor.bodyFixed', { body: body ? bodyName(body, t) : (sitting.body?.name ?? '') })}
          {' · '}
          {t('council.editor.placeFixed', { place: hall?.name ?? t('council.editor.chamber') })}
        </p>
      ) : (
        <div className="field">
          <label htmlFor={fieldId('bodyId')}>{t('council.editor.body')}</label>
          <select {...described('bodyId')} value={d.bodyId} onChange={(e) => set('bodyId', e.target.value)}>
            {(bodies.data ?? []).map((b) => (
              <option key={b.id} value={b.kind === 'council' ? '' : b.id}>
                {bodyName(b, t)}
              </option>
            ))}
            {bodies.data ? null : <option value="">{t('council.body.council')}</option>}
          </select>
          {fieldError('bodyId')}
        </div>
      )}
      <div className="field">
        <label htmlFor={fieldId('title')}>{t('council.editor.title')}</label>
        <input
          {...described('title')}
          required
          maxLength={300}
          value={d.title}
          onChange={(e) => set('title', e.target.value)}
        />
        {fieldError('title')}
      </div>
      <div className="field">
        <label htmlFor={fieldId('description')}>{t('council.editor.description')}</label>
        <textarea
          {...described('description')}
          rows={3}
          maxLength={5000}
          value={d.description}
          onChange={(e) => set('description', e.target.value)}
        />
        {fieldError('description')}
      </div>
      <p className="muted" id="se-time-hint">
        {t('council.editor.timeHint')}
      </p>
      <div className="field">
        <label htmlFor={fieldId('startsAt')}>{t('council.editor.startsAt')}</label>
        <input
          {...described('startsAt', 'se-time-hint')}
          type="datetime-local"
          required
          step={300}
          value={d.startsAt}
          onChange={(e) => set('startsAt', e.target.value)}
        />
        {fieldError('startsAt')}
        {conflicts.length > 0 ? (
          <ul className="form-error" id="se-slot-conflicts" data-testid="slot-conflicts">
            {conflicts.map((c) => (
              <li key={c.id}>
                {t('halls.inTheWay', { title: c.title, when: formatRange(c.startsAt, c.endsAt, lang) })}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={fieldId('endsAt')}>{t('council.editor.endsAt')}</label>
        <input
          {...described('endsAt', 'se-time-hint')}
          type="datetime-local"
          required
          step={300}
          value={d.endsAt}
          onChange={(e) => set('endsAt', e.target.value)}
        />
        {fieldError('endsAt')}
      </div>
      {sitting ? null : (
        <div className="field">
          <label htmlFor={fieldId('spaceId')}>{t('council.editor.place')}</label>
          <select {...described('spaceId')} value={d.spaceId} onChange={(e) => set('spaceId', e.target.value)}>
            <option value="">{t('council.editor.chamber')}</option>
            {meetingHalls.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
          {fieldError('spaceId')}
        </div>
      )}
      <div className="field">
        <label>
          <input
            {...described('extraordinary', 'se-extraordinary-hint')}
            type="checkbox"
            checked={d.extraordinary}
            onChange={(e) => set('extraordinary', e.target.checked)}
          />{' '}
          {t('council.editor.extraordinary')}
        </label>
        <p className="muted" id="se-extraordinary-hint">
          {t('council.editor.extraordinaryHint')}
        </p>
      </div>
      {d.extraordinary ? (
        <div className="field">
          <label htmlFor={fieldId('extraordinaryReason')}>{t('council.editor.extraordinaryReason')}</label>
          <textarea
            {...described('extraordinaryReason')}
            required
            rows={3}
            maxLength={2000}
            value={d.extraordinaryReason}
            onChange={(e) => set('extraordinaryReason', e.target.value)}
          />
          {fieldError('extraordinaryReason')}
        </div>
      ) : null}
      <fieldset aria-describedby={errors.agenda ? errorId('agenda') : undefined}>
        <legend>{t('council.editor.agenda', { count: d.items.length })}</legend>
        <ol className="agenda-editor" data-testid="agenda-editor">
          {d.items.map((it, i) => (
            <li key={it.key} className="agenda-editor-item" data-testid="agenda-editor-item">
              <fieldset>
                <legend>{t('council.editor.item', { number: i + 1 })}</legend>
                <div className="field">
                  <label htmlFor={fieldId(`agenda.${i}.title`)}>
                    {t('council.editor.itemTitle', { number: i + 1 })}
                  </label>
                  <input
                    {...described(`agenda.${i}.title`)}
                    required
                    maxLength={500}
                    value={it.title}
                    onChange={(e) => setItem(i, { title: e.target.value })}
                  />
                  {fieldError(`agenda.${i}.title`)}
                </div>
                <div className="field">
                  <label htmlFor={fieldId(`agenda.${i}.rapporteur`)}>
                    {t('council.editor.rapporteur', { number: i + 1 })}
                  </label>
                  <input
                    {...described(`agenda.${i}.rapporteur`)}
                    maxLength={200}
                    value={it.rapporteur}
                    onChange={(e) => setItem(i, { rapporteur: e.target.value })}
                  />
                  {fieldError(`agenda.${i}.rapporteur`)}
                </div>
                <div className="field">
                  <label htmlFor={fieldId(`agenda.${i}.legalBasis`)}>
                    {t('council.editor.legalBasis', { number: i + 1 })}
                  </label>
                  <input
                    {...described(`agenda.${i}.legalBasis`)}
                    maxLength={500}
                    value={it.legalBasis}
                    onChange={(e) => setItem(i, { legalBasis: e.target.value })}
                  />
                  {fieldError(`agenda.${i}.legalBasis`)}
                </div>
                <div className="field">
                  <label htmlFor={fieldId(`agenda.${i}.subject`)}>
                    {t('council.editor.subject', { number: i + 1 })}
                  </label>
                  <select
                    {...described(`agenda.${i}.subject`, subjectHint(it.subject, i))}
                    value={it.subject}
                    onChange={(e) => setSubject(i, e.target.value as AgendaSubject)}
                  >
                    {AGENDA_SUBJECTS.map((s) => (
                      <option key={s} value={s}>
                        {t(`council.subject.${s}`)}
                      </option>
                    ))}
                  </select>
                  {subjectHint(it.subject, i) ? (
                    <p className="muted" id={subjectHint(it.subject, i)}>
                      {t('council.editor.subjectHint', { basis: subjectRequirement(it.subject).basis })}
                    </p>
                  ) : null}
                  {fieldError(`agenda.${i}.subject`)}
                </div>
                <div className="field">
                  <label htmlFor={fieldId(`agenda.${i}.voteMode`)}>
                    {t('council.editor.voteMode', { number: i + 1 })}
                  </label>
                  <select
                    {...described(`agenda.${i}.voteMode`, subjectHint(it.subject, i))}
                    value={it.voteMode}
                    onChange={(e) => setItem(i, { voteMode: e.target.value as ItemDraft['voteMode'] })}
                  >
                    {VOTE_MODES.map((m) => (
                      <option key={m} value={m} disabled={!allowsVoteMode(it.subject, m)}>
                        {t(`council.voteMode.${m}`)}
                      </option>
                    ))}
                  </select>
                  {fieldError(`agenda.${i}.voteMode`)}
                </div>
                <div className="field">
                  <label htmlFor={fieldId(`agenda.${i}.majority`)}>
                    {t('council.editor.majority', { number: i + 1 })}
                  </label>
                  <select
                    {...described(`agenda.${i}.majority`, subjectHint(it.subject, i))}
                    value={it.majority}
                    onChange={(e) => setItem(i, { majority: e.target.value as ItemDraft['majority'] })}
                  >
                    {MAJORITIES.map((m) => (
                      <option key={m} value={m} disabled={!allowsMajority(it.subject, m)}>
                        {t(`council.majority.${m}`)}
                      </option>
                    ))}
                  </select>
                  {fieldError(`agenda.${i}.majority`)}
                </div>
                <p className="actions">
                  <button
                    type="button"
                    id={`se-${it.key}-up`}
                    className="button button-secondary"
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    {t('council.editor.up')}
                    <span className="visually-hidden"> — {t('council.editor.item', { number: i + 1 })}</span>
                  </button>{' '}
                  <button
                    type="button"
                    id={`se-${it.key}-down`}
                    className="button button-secondary"
                    disabled={i === d.items.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    {t('council.editor.down')}
                    <span className="visually-hidden"> — {t('council.editor.item', { number: i + 1 })}</span>
                  </button>{' '}
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={d.items.length === 1}
                    onClick={() => remove(i)}
                  >
                    {t('council.editor.remove')}
                    <span className="visually-hidden"> — {t('council.editor.item', { number: i + 1 })}</span>
                  </button>
                </p>
              </fieldset>
            </li>
          ))}
        </ol>
        {fieldError('agenda')}
        <button type="button" id="se-add-item" className="button button-secondary" onClick={add}>
          {t('council.editor.addItem')}
        </button>
      </fieldset>
      <p className="actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {sitting ? t('council.editor.save') : t('council.editor.create')}
        </button>{' '}
        <Link className="button button-secondary" to={sitting ? `/council/${sitting.id}` : '/council'}>
          {t('common.cancel')}
        </Link>
      </p>
    </form>
  );
}
