import type { CouncilBodyView, SittingsPage } from '@egov-box/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { PageTitle } from '../../components/PageTitle';
import { LoadError, Loading } from '../../components/States';
import { formatDateTime, isoInSofia, type Language } from '../../format/datetime';

const PAGE = 20;
const enc = encodeURIComponent;

/** One sitting in a list: when, which body, where, its title (a link to its page), live now. */
function SittingRow({ s }: { s: SittingsPage['items'][number] }) {
  const { t, i18n } = useTranslation();
  const live = s.status === 'open' || s.status === 'paused';
  return (
    <li className="list-item">
      <span>
        <time dateTime={s.startsAt}>{formatDateTime(s.startsAt, i18n.language as Language)}</time> ·{' '}
        {s.body?.name ?? ''}
        {s.place ? ` · ${s.place}` : null}
      </span>
      <Link to={`/public/sessions/${enc(s.id)}`}>{t('public.sittingTitle', { number: s.number, title: s.title })}</Link>
      {live ? <span className="badge badge-live">{t('public.liveNow')}</span> : null}
    </li>
  );
}

/**
 * The portal's front door for citizens (no account): the council and its committees, the
 * sittings to come (with „На живо“ while one is held), the past ones by year, body and words,
 * paged, and the way to the register of decisions and the open data.
 */
export function PublicHomePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ?? '';
  const bodyId = params.get('body') ?? '';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [words, setWords] = useState(q);

  const bodies = useQuery({
    queryKey: ['public', 'bodies'],
    queryFn: () => api.get<CouncilBodyView[]>('/api/public/council/bodies'),
  });
  const upcoming = useQuery({
    queryKey: ['public', 'sittings', 'upcoming'],
    queryFn: () => api.get<SittingsPage>('/api/public/council/sittings?when=upcoming&limit=10'),
  });
  const pastQuery = new URLSearchParams({ when: 'past', limit: String(PAGE), offset: String((page - 1) * PAGE) });
  if (year) pastQuery.set('year', year);
  if (bodyId) pastQuery.set('bodyId', bodyId);
  if (q) pastQuery.set('q', q);
  const past = useQuery({
    queryKey: ['public', 'sittings', 'past', pastQuery.toString()],
    queryFn: () => api.get<SittingsPage>(`/api/public/council/sittings?${pastQuery}`),
    placeholderData: keepPreviousData,
  });

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    setParams(next);
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    set({ q: words.trim(), page: '' });
  };
  const thisYear = Number(isoInSofia(new Date()).slice(0, 4));
  const years = Array.from({ length: 8 }, (_, i) => String(thisYear - i));
  const pages = past.data ? Math.max(1, Math.ceil(past.data.total / PAGE)) : 1;

  return (
    <div className="page public-home">
      <PageTitle title={t('public.title')} description={t('public.intro')}>
        {t('public.title')}
      </PageTitle>
      <p>{t('public.intro')}</p>
      <nav aria-label={t('public.more')} className="public-links">
        <Link to="/public/register">{t('public.registerLink')}</Link> ·{' '}
        <a href="/api/public/council/data/catalog.jsonld">{t('public.openData')}</a> ·{' '}
        <a href="/api/public/council/calendar.ics">{t('public.calendar')}</a> ·{' '}
        <Link to="/login">{t('public.signIn')}</Link>
      </nav>

      <section aria-labelledby="public-upcoming">
        <h2 id="public-upcoming">{t('public.upcoming')}</h2>
        {upcoming.isPending ? <Loading /> : null}
        {upcoming.error ? <LoadError error={upcoming.error} retry={() => void upcoming.refetch()} /> : null}
        {upcoming.data && upcoming.data.items.length === 0 ? <p className="muted">{t('public.noUpcoming')}</p> : null}
        {upcoming.data?.items.length ? (
          <ul className="list" data-testid="public-upcoming">
            {upcoming.data.items.map((s) => (
              <SittingRow key={s.id} s={s} />
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="public-past">
        <h2 id="public-past">{t('public.past')}</h2>
        {/* Also without JavaScript: the same address with the same parameters. */}
        <form className="filters" role="search" method="get" action="/public" onSubmit={search}>
          <label>
            {t('public.year')}
            <select name="year" value={year} onChange={(e) => set({ year: e.target.value, page: '' })}>
              <option value="">{t('public.allYears')}</option>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('public.body')}
            <select name="body" value={bodyId} onChange={(e) => set({ body: e.target.value, page: '' })}>
              <option value="">{t('public.allBodies')}</option>
              {bodies.data?.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('public.words')}
            <input type="search" name="q" value={words} onChange={(e) => setWords(e.target.value)} maxLength={200} />
          </label>
          <button type="submit" className="button">
            {t('public.search')}
          </button>
        </form>
        {past.isPending ? <Loading /> : null}
        {past.error ? <LoadError error={past.error} retry={() => void past.refetch()} /> : null}
        {past.data ? (
          <>
            <p role="status" className="muted">
              {t('public.found', { count: past.data.total })}
            </p>
            <ul className="list" data-testid="public-past">
              {past.data.items.map((s) => (
                <SittingRow key={s.id} s={s} />
              ))}
            </ul>
            {pages > 1 ? (
              <nav aria-label={t('public.pages')} className="pager">
                {page > 1 ? (
                  <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page - 1) })}`}>
                    {t('public.previous')}
                  </Link>
                ) : null}
                <span>{t('public.pageOf', { page, pages })}</span>
                {page < pages ? (
                  <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page + 1) })}`}>
                    {t('public.next')}
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </>
        ) : null}
      </section>

      <section aria-labelledby="public-bodies">
        <h2 id="public-bodies">{t('public.bodies')}</h2>
        {bodies.data ? (
          <ul className="list">
            {bodies.data.map((b) => (
              <li key={b.id} className="list-item">
                <span>{b.name}</span>
                <span className="muted">{t('public.members', { count: b.members.length })}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
