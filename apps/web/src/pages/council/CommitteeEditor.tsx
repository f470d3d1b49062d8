import type { CouncilBodyView } from '@egov-box/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { useAnnounce } from '../../components/Announcer';
import { useCouncilError } from './actions';
import { committeeCheck, committeeFieldOf, filterPeople, type CommitteeField } from './editor';

type Field = CommitteeField;

/**
 * The clerk's committee form: a new committee (name, members, chair) or a committee's new
 * members and chair. Members are chosen from the councillors with a searchable checkbox list.
 */
export function CommitteeEditor({
  committee,
  councillors,
  onDone,
}: {
  /** The committee being restaffed; absent for a new one. */
  committee?: CouncilBodyView;
  councillors: { id: string; displayName: string }[];
  onDone: (saved: CouncilBodyView | null) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const councilError = useCouncilError();
  const base = useId();
  const ids = { name: `${base}-name`, filter: `${base}-filter`, chair: `${base}-chair`, members: `${base}-members` };
  const [name, setName] = useState('');
  const [memberIds, setMemberIds] = useState<string[]>(committee?.members.map((m) => m.id) ?? []);
  const [chairId, setChairId] = useState(committee?.chairId ?? '');
  const [filter, setFilter] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formErrorRef = useRef<HTMLParagraphElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);

  // The form opens in place of its button: the keyboard continues in it.
  useEffect(() => firstRef.current?.focus(), []);

  const people = councillors.map((c) => ({ id: c.id, displayName: c.displayName }));
  const byId = new Map(people.map((p) => [p.id, p]));
  const shown = filterPeople(people, filter, memberIds);
  const chosen = memberIds.map((id) => byId.get(id)).filter((p): p is NonNullable<typeof p> => !!p);

  const focusField = (f: Field) => document.getElementById(f === 'members' ? ids.filter : ids[f])?.focus();

  const save = useMutation({
    mutationFn: () => {
      const body = { memberIds, chairId: chairId || null };
      return committee
        ? api.request<CouncilBodyView>('PUT', `/api/council/bodies/${committee.id}/members`, body)
        : api.post<CouncilBodyView>('/api/council/bodies', { name: name.trim(), ...body });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['council', 'bodies'] });
      announce(
        committee
          ? t('council.committee.saved', { name: committee.name })
          : t('council.committee.created', { name: saved.name }),
      );
      onDone(saved);
    },
    onError: (err) => {
      const field = committeeFieldOf(err);
      if (field) {
        setErrors({ [field]: refusal(err) });
        setFormError(null);
        focusField(field);
      } else {
        setErrors({});
        setFormError(refusal(err));
        setTimeout(() => formErrorRef.current?.focus(), 0);
      }
    },
  });

  function refusal(err: unknown): string {
    if (err instanceof ApiError && err.code === 'not_a_councillor') {
      const who = ((err.details as { userIds?: string[] } | undefined)?.userIds ?? [])
        .map((id) => byId.get(id)?.displayName ?? id)
        .join(', ');
      return t('council.errors.not_a_councillor', { names: who });
    }
    if (err instanceof ApiError && err.code === 'validation_failed') return t('council.committee.invalid');
    return councilError(err);
  }

  const described = (f: Field, extra?: string) => ({
    'aria-invalid': errors[f] ? true : undefined,
    'aria-describedby':
      [extra, errors[f] ? `${ids[f === 'members' ? 'members' : f]}-error` : undefined].filter(Boolean).join(' ') ||
      undefined,
  });
  const fieldError = (f: Field) =>
    errors[f] ? (
      <p className="form-error" id={`${ids[f]}-error`}>
        {errors[f]}
      </p>
    ) : null;
  const toggle = (id: string, on: boolean) => {
    setMemberIds((list) => (on ? [...list, id] : list.filter((x) => x !== id)));
    // A choice answers the "choose a member" refusal: it goes with it.
    setErrors((e) => ({ ...e, members: undefined }));
    if (!on && chairId === id) setChairId('');
  };

  return (
    <form
      className="committee-editor"
      noValidate
      data-testid="committee-form"
      onSubmit={(e) => {
        e.preventDefault();
        setFormError(null);
        const found = committeeCheck(committee ? null : name, memberIds, chairId);
        const first = (['name', 'members', 'chair'] as Field[]).find((f) => found[f]);
        if (first) {
          setErrors(
            Object.fromEntries(
              Object.entries(found)
                .filter(([, v]) => v)
                .map(([k, v]) => [k, t(`council.committee.errors.${v}`)]),
            ),
          );
          focusField(first);
          return;
        }
        setErrors({});
        save.mutate();
      }}
    >
      <p ref={formErrorRef} tabIndex={-1} role="alert" className="form-error">
        {formError}
      </p>
      {committee ? null : (
        <div className="field">
          <label htmlFor={ids.name}>{t('council.committee.name')}</label>
          <input
            id={ids.name}
            ref={firstRef}
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
            {...described('name')}
          />
          {fieldError('name')}
        </div>
      )}
      <fieldset>
        <legend>{t('council.committee.members', { count: memberIds.length })}</legend>
        <label htmlFor={ids.filter}>{t('council.committee.filter')}</label>
        <input
          id={ids.filter}
          ref={committee ? firstRef : undefined}
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          {...described('members')}
        />
        {fieldError('members')}
        <ul className="columns checkbox-list" data-testid="committee-candidates">
          {shown.map((p) => (
            <li key={p.id}>
              <label>
                <input
                  type="checkbox"
                  checked={memberIds.includes(p.id)}
                  onChange={(e) => toggle(p.id, e.target.checked)}
                />{' '}
                {p.displayName}
              </label>
            </li>
          ))}
        </ul>
        {shown.length === 0 ? <p className="muted">{t('council.committee.noMatch')}</p> : null}
      </fieldset>
      <div className="field">
        <label htmlFor={ids.chair}>{t('council.committee.chair')}</label>
        <select id={ids.chair} value={chairId} onChange={(e) => setChairId(e.target.value)} {...described('chair')}>
          <option value="">{t('council.committee.noChair')}</option>
          {chosen.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </select>
        {fieldError('chair')}
      </div>
      <p className="actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {committee ? t('council.committee.save') : t('council.committee.create')}
        </button>{' '}
        <button type="button" className="button button-secondary" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </p>
    </form>
  );
}
