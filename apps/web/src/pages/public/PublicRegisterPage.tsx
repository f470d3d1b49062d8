import { AGENDA_SUBJECTS, type PublicDecisionView, type RegisterPage } from '@egov-box/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { PageTitle } from '../../components/PageTitle';
import { LoadError, Loading } from '../../components/States';
import { formatDate, formatDateTime, type Language } from '../../format/datetime';

const PAGE = 20;
const enc = encodeURIComponent;
const OUTCOME_KEY = { adopted: 'council.passed', rejected: 'council.rejected', no_quorum: 'council.noQuorum' } as const;

/** The council's register of decisions for citizens: searched by words, number, dates and subject, paged. */
export function PublicRegisterPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState({
    q: params.get('q') ?? '',
    number: params.get('number') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    subject: params.get('subject') ?? '',
  });
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const query = new URLSearchParams({ limit: String(PAGE), offset: String((page - 1) * PAGE) });
  for (const k of ['q', 'number', 'from', 'to', 'subject']) if (params.get(k)) query.set(k, params.get(k)!);
  const register = useQuery({
    queryKey: ['public', 'register', query.toString()],
    queryFn: () => api.get<RegisterPage>(`/api/public/council/register?${query}`),
    placeholderData: keepPreviousData,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(new URLSearchParams(Object.entries(form).filter(([, v]) => v.trim() !== '')));
  };
  const field = (k: keyof typeof form) => ({
    name: k,
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });
  const pages = register.data ? Math.max(1, Math.ceil(register.data.total / PAGE)) : 1;
  const pageLink = (n: number) => `?${new URLSearchParams({ ...Object.fromEntries(params), page: String(n) })}`;

  return (
    <div className="page public-register">
      <PageTitle title={t('public.register')} description={t('public.registerDescription')}>
        {t('public.register')}
      </PageTitle>
      <p>
        <Link to="/public">{t('public.back')}</Link> · {t('council.openData')}{' '}
        <a href="/api/public/council/data/decisions.csv">CSV</a> ·{' '}
        <a href="/api/public/council/data/decisions.json">JSON</a>
      </p>
      {/* Also without JavaScript: the same address with the same parameters. */}
      <form className="filters" role="search" method="get" action="/public/register" onSubmit={submit}>
        <label>
          {t('public.words')}
          <input type="search" maxLength={200} {...field('q')} />
        </label>
        <label>
          {t('public.number')}
          <input type="number" min={1} inputMode="numeric" {...field('number')} />
        </label>
        <label>
          {t('public.from')}
          <input type="date" {...field('from')} />
        </label>
        <label>
          {t('public.to')}
          <input type="date" {...field('to')} />
        </label>
        <label>
          {t('public.subject')}
          <select {...field('subject')}>
            <option value="">{t('public.allSubjects')}</option>
            {AGENDA_SUBJECTS.map((s) => (
              <option key={s} value={s}>
                {t(`council.subject.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          {t('public.search')}
        </button>
      </form>
      {register.isPending ? <Loading /> : null}
      {register.error ? <LoadError error={register.error} retry={() => void register.refetch()} /> : null}
      {register.data ? (
        <>
          <p role="status" className="muted">
            {t('public.decisionsFound', { count: register.data.total })}
          </p>
          <table className="table" data-testid="public-register">
            <caption className="visually-hidden">{t('public.register')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('public.number')}</th>
                <th scope="col">{t('public.decidedOn')}</th>
                <th scope="col">{t('public.decisionTitle')}</th>
                <th scope="col">{t('public.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {register.data.items.map((d) => (
                <tr key={d.id}>
                  <td>{d.number ?? '—'}</td>
                  <td>
                    <time dateTime={d.decidedAt}>{formatDate(d.decidedAt, lang)}</time>
                  </td>
                  <td>
                    <Link to={`/public/decisions/${enc(d.id)}`}>{d.title}</Link>
                  </td>
                  <td>{t(OUTCOME_KEY[d.outcome])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 ? (
            <nav aria-label={t('public.pages')} className="pager">
              {page > 1 ? <Link to={pageLink(page - 1)}>{t('public.previous')}</Link> : null}
              <span>{t('public.pageOf', { page, pages })}</span>
              {page < pages ? <Link to={pageLink(page + 1)}>{t('public.next')}</Link> : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** A decision's page: its number, text and outcome, its vote (by name in a roll call), its sitting and materials. */
export function PublicDecisionPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const { id = '' } = useParams();
  const decision = useQuery({
    queryKey: ['public', 'decisions', id],
    queryFn: () => api.get<PublicDecisionView>(`/api/public/council/decisions/${enc(id)}`),
  });
  if (decision.isPending) return <Loading />;
  if (decision.error) return <LoadError error={decision.error} retry={() => void decision.refetch()} />;
  const { decision: d, sitting, item, vote } = decision.data;
  const heading = d.number ? t('public.decisionNumber', { number: d.number, title: d.title }) : d.title;
  return (
    <div className="page public-decision">
      <PageTitle
        title={heading}
        description={t('public.decisionDescription', {
          sitting: t('public.sittingTitle', { number: sitting.number, title: sitting.title }),
        })}
      >
        {heading}
      </PageTitle>
      <p>
        <Link to="/public/register">{t('public.register')}</Link> ·{' '}
        <Link to={`/public/sessions/${enc(sitting.id)}`}>
          {t('public.sittingTitle', { number: sitting.number, title: sitting.title })}
        </Link>
      </p>
      <dl className="facts">
        <dt>{t('public.outcome')}</dt>
        <dd>{t(OUTCOME_KEY[d.outcome])}</dd>
        <dt>{t('public.decidedOn')}</dt>
        <dd>
          <time dateTime={d.decidedAt}>{formatDateTime(d.decidedAt, lang)}</time>
        </dd>
        <dt>{t('public.subject')}</dt>
        <dd>{t(`council.subject.${d.subject}`)}</dd>
        <dt>{t('public.votes')}</dt>
        <dd>{t('public.counts', { for: d.counts.for, against: d.counts.against, abstain: d.counts.abstain })}</dd>
      </dl>
      {d.text ? (
        <section aria-labelledby="decision-text">
          <h2 id="decision-text">{t('public.text')}</h2>
          <p className="decision-text">{d.text}</p>
        </section>
      ) : null}
      {item.materials?.length ? (
        <section aria-labelledby="decision-materials">
          <h2 id="decision-materials">{t('public.materials')}</h2>
          <ul className="list">
            {item.materials.map((m) => (
              <li key={m.id} className="list-item">
                <a
                  href={`/api/public/council/sessions/${enc(sitting.id)}/items/${enc(item.id)}/materials/${enc(m.id)}`}
                >
                  {m.filename}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {vote?.roll?.length ? (
        <section aria-labelledby="decision-roll">
          <h2 id="decision-roll">{t('public.rollCall')}</h2>
          <table className="table" data-testid="decision-roll">
            <thead>
              <tr>
                <th scope="col">{t('public.member')}</th>
                <th scope="col">{t('public.choice')}</th>
              </tr>
            </thead>
            <tbody>
              {vote.roll.map((r) => (
                <tr key={r.member.id}>
                  <td>{r.member.displayName}</td>
                  <td>{t(`council.choice.${r.choice}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
