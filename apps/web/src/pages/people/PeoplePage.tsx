import type {
  DepartmentView,
  PeoplePage as PeopleAnswer,
  PersonView,
  PresenceUpdated,
  RoomDoorChangedEvent,
} from '@egov-box/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useApi } from '../../api/queries';
import { useUser } from '../../auth/AuthContext';
import { PageTitle } from '../../components/PageTitle';
import { LoadError, Loading } from '../../components/States';
import { useRealtimeEvent, useWatchRooms } from '../../realtime/RealtimeContext';
import type { RoomPageIntent } from '../room/RoomPage';
import { hear, heardSince, type Heard } from './live';
import './people.css';

/** People per page of `GET /api/people` (also the most rooms watched at once). */
const PAGE = 50;

/** `GET /api/people?…` for a search (empty values left out). */
export function peoplePath(q: string, department: string, offset: number): string {
  const params = new URLSearchParams();
  if (q.trim()) params.set('q', q.trim());
  if (department) params.set('department', department);
  params.set('limit', String(PAGE));
  params.set('offset', String(offset));
  return `/api/people?${params.toString()}`;
}

/**
 * The people directory: any colleague of any department by name and department, whether
 * they are in (live: the rooms shown are watched, so their owners' presence and doors are
 * pushed), and a way into their room that follows the door — enter, knock, or nothing.
 */
export function PeoplePage() {
  const { t } = useTranslation();
  const ids = { q: useId(), hint: useId(), department: useId(), count: useId() };
  const [params, setParams] = useSearchParams();
  const department = params.get('department') ?? '';
  const [text, setText] = useState(params.get('q') ?? '');
  // The search follows the typing after a short pause, and lives in the address (back, share).
  const [q, setQ] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text), 300);
    return () => clearTimeout(timer);
  }, [text]);
  useEffect(() => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (q.trim()) next.set('q', q.trim());
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [q, setParams]);

  const departments = useApi<DepartmentView[]>(['departments'], '/api/departments');
  // When the list was last asked for (its first page: a refetch asks every page from the first).
  const asked = useRef(0);
  const people = useInfiniteQuery({
    queryKey: ['people', q.trim(), department],
    queryFn: ({ pageParam, signal }) => {
      if (pageParam === 0) asked.current = performance.now();
      return api.get<PeopleAnswer>(peoplePath(q, department, pageParam), { signal });
    },
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const shown = pages.reduce((n, p) => n + p.items.length, 0);
      return shown < last.total && last.items.length ? shown : undefined;
    },
    // A safety net for anything missed while the socket was away.
    refetchInterval: 60_000,
  });

  const items = people.data?.pages.flatMap((p) => p.items) ?? [];
  const total = people.data?.pages[0]?.total ?? 0;
  const [presence, setPresence] = useState<Heard<PresenceUpdated>>({});
  const [doors, setDoors] = useState<Heard<RoomDoorChangedEvent['door']>>({});
  // A fresh answer holds every change heard before it was asked for; those heard since stay.
  useEffect(() => {
    const since = asked.current;
    setPresence((p) => heardSince(p, since));
    setDoors((d) => heardSince(d, since));
  }, [people.dataUpdatedAt]);
  // Once the rooms are watched, the list is asked again: what changed before that was pushed
  // to nobody (the key of the watched rooms stays the same).
  useWatchRooms(
    items.slice(0, 100).flatMap((p) => (p.roomId ? [p.roomId] : [])),
    () => void people.refetch(),
  );
  useRealtimeEvent('presence.updated', (e) => setPresence((p) => hear(p, e.userId, e, performance.now())));
  useRealtimeEvent('room.door.changed', (e) => setDoors((d) => hear(d, e.spaceId, e.door, performance.now())));

  return (
    <>
      <PageTitle title={t('people.title')}>{t('people.title')}</PageTitle>
      <p className="lead">{t('people.intro')}</p>
      <section className="card" aria-labelledby="people-filters-heading">
        <h2 id="people-filters-heading" className="visually-hidden">
          {t('people.filters')}
        </h2>
        <form role="search" className="people-filters" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor={ids.q}>{t('people.search')}</label>
            <input
              id={ids.q}
              type="search"
              value={text}
              autoComplete="off"
              aria-describedby={ids.hint}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') setQ(text);
              }}
            />
            <p id={ids.hint} className="muted people-hint">
              {t('people.searchHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={ids.department}>{t('people.department')}</label>
            <select
              id={ids.department}
              value={department}
              onChange={(e) =>
                setParams(
                  (prev) => {
                    const next = new URLSearchParams(prev);
                    if (e.target.value) next.set('department', e.target.value);
                    else next.delete('department');
                    return next;
                  },
                  { replace: true },
                )
              }
            >
              <option value="">{t('people.allDepartments')}</option>
              {(departments.data ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="people-list-heading">
        <h2 id="people-list-heading">{t('people.list')}</h2>
        {/* Always in the page, so that a screen reader hears every new count. */}
        <p id={ids.count} className="people-count" role="status" data-testid="people-count">
          {people.isSuccess
            ? items.length < total
              ? `${t('people.found', { count: total })} · ${t('people.shown', { shown: items.length, count: total })}`
              : t('people.found', { count: total })
            : ''}
        </p>
        {people.isPending ? (
          <Loading />
        ) : people.isError ? (
          <LoadError error={people.error} retry={() => void people.refetch()} />
        ) : items.length === 0 ? (
          <p className="empty">{t('people.empty')}</p>
        ) : (
          <>
            <ul className="list" aria-labelledby="people-list-heading" aria-describedby={ids.count}>
              {items.map((p) => (
                <PersonRow
                  key={p.id}
                  person={p}
                  status={presence[p.id]?.value.status ?? p.presence?.status ?? 'offline'}
                  door={(p.roomId ? doors[p.roomId]?.value : undefined) ?? p.door}
                />
              ))}
            </ul>
            {people.hasNextPage ? (
              <button
                type="button"
                className="button button-secondary"
                disabled={people.isFetchingNextPage}
                onClick={() => void people.fetchNextPage()}
              >
                {t('people.more')}
              </button>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}

function PersonRow({
  person,
  status,
  door,
}: {
  person: PersonView;
  status: PresenceUpdated['status'];
  door: PersonView['door'];
}) {
  const { t } = useTranslation();
  const me = useUser();
  const mine = person.id === me.id;
  const name = person.displayName;
  const room = person.roomId ? `/rooms/${person.roomId}` : null;
  const enter: RoomPageIntent = { enter: true };
  const knock: RoomPageIntent = { knock: true };
  return (
    <li className="list-item" data-testid="person">
      <div className="people-person">
        <p className="list-title">
          {room ? (
            <Link to={mine ? '/rooms/me' : room} aria-label={t('people.roomOf', { name })}>
              {name}
            </Link>
          ) : (
            name
          )}
          {mine ? <> {t('people.you')}</> : null}
        </p>
        <p className="muted">{person.department?.name ?? t('people.noDepartment')}</p>
        <p className="muted">
          <span className={`presence presence-${status}`} data-testid="person-presence">
            {t(`status.${status}`)}
          </span>
          {door ? (
            <>
              {' · '}
              <span data-testid="person-door">
                {t('door.label')}: {t(`door.${door}`)}
              </span>
            </>
          ) : null}
        </p>
      </div>
      <div className="people-action">
        {!room ? null : mine ? (
          <Link className="button button-secondary" to="/rooms/me">
            {t('people.myRoom')}
          </Link>
        ) : door === 'open' ? (
          <Link className="button button-primary" to={room} state={enter} aria-label={t('people.enterTo', { name })}>
            {t('people.enter')}
          </Link>
        ) : door === 'knock' ? (
          <Link className="button button-secondary" to={room} state={knock} aria-label={t('people.knockTo', { name })}>
            {t('people.knock')}
          </Link>
        ) : (
          <span className="muted">{t('people.closed')}</span>
        )}
      </div>
    </li>
  );
}
