import type { PresenceStatus, PresenceUpdated, SpaceView, UserView } from '@egov-box/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useApi } from '../../api/queries';
import { useAnnounce } from '../../components/Announcer';
import { LoadError, Loading, useErrorMessage } from '../../components/States';
import { useUser } from '../../auth/AuthContext';
import { useRealtimeEvent } from '../../realtime/RealtimeContext';

/** How many users one `GET /api/presence` asks about (the API's limit). */
const PRESENCE_BATCH = 200;

interface Colleague {
  user: Pick<UserView, 'id' | 'displayName'>;
  room: SpaceView;
  status: PresenceStatus;
  where: string | null;
}

/** Colleagues whose status is known and not offline, from the rooms list plus live presence. */
export function onlineColleagues(
  rooms: SpaceView[],
  presence: Record<string, PresenceUpdated>,
  me: string,
): Colleague[] {
  const names = new Map(rooms.map((r) => [r.id, r.name]));
  const result: Colleague[] = [];
  for (const room of rooms) {
    const owner = room.owner;
    if (!owner || owner.id === me) continue;
    const live = presence[owner.id];
    if (!live || live.status === 'offline') continue;
    const where = live.spaceId ? (names.get(live.spaceId) ?? null) : null;
    result.push({ user: owner, room, status: live.status, where });
  }
  return result.sort((a, b) => a.user.displayName.localeCompare(b.user.displayName, 'bg'));
}

export function ColleaguesSection() {
  const { t } = useTranslation();
  const me = useUser();
  const rooms = useApi<SpaceView[]>(['spaces', 'personal'], '/api/spaces?kind=personal');
  const [presence, setPresence] = useState<Record<string, PresenceUpdated>>({});
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  useRealtimeEvent('presence.updated', (e) => setPresence((p) => ({ ...p, [e.userId]: e })));
  // Who is online now, when the page opens (events only tell what changes afterwards), and
  // again every minute for colleagues whose changes are not sent to this user (other departments).
  const owners = rooms.data
    ? rooms.data.map((r) => r.owner?.id).filter((id): id is string => !!id && id !== me.id)
    : [];
  const snapshot = useQuery({
    queryKey: ['presence', 'colleagues', owners.join(',')],
    queryFn: async () => {
      const chunks: string[][] = [];
      for (let i = 0; i < owners.length; i += PRESENCE_BATCH) chunks.push(owners.slice(i, i + PRESENCE_BATCH));
      const parts = await Promise.all(
        chunks.map((ids) => api.get<PresenceUpdated[]>(`/api/presence?userIds=${ids.join(',')}`)),
      );
      return parts.flat();
    },
    enabled: owners.length > 0,
    refetchInterval: 60_000,
  });
  useEffect(() => {
    if (snapshot.data) setPresence((p) => ({ ...p, ...Object.fromEntries(snapshot.data.map((e) => [e.userId, e])) }));
  }, [snapshot.data]);
  const knock = useMutation({
    mutationFn: (c: Colleague) => api.post(`/api/spaces/${c.room.id}/knocks`, {}),
    onSuccess: (_r, c) => {
      const text = t('dashboard.colleagues.knocked', { name: c.user.displayName });
      setResult({ ok: true, text });
      announce(text);
    },
    onError: (err) => setResult({ ok: false, text: errorMessage(err) }),
  });

  const list = rooms.data ? onlineColleagues(rooms.data, presence, me.id) : [];
  return (
    <section className="card" aria-labelledby="colleagues-heading">
      <h2 id="colleagues-heading">{t('dashboard.colleagues.heading')}</h2>
      {rooms.isPending ? (
        <Loading />
      ) : rooms.isError ? (
        <LoadError error={rooms.error} retry={() => void rooms.refetch()} />
      ) : list.length === 0 ? (
        <p className="empty">{t('dashboard.colleagues.empty')}</p>
      ) : (
        <ul className="list">
          {list.map((c) => (
            <li key={c.user.id} className="list-item">
              <div>
                <p className="list-title">{c.user.displayName}</p>
                <p className="muted">
                  <span className={`presence presence-${c.status}`}>{t(`status.${c.status}`)}</span>
                  {c.where ? <> · {t('dashboard.colleagues.inSpace', { space: c.where })}</> : null}
                  {c.room.door ? (
                    <>
                      {' '}
                      · {t('door.label')}: {t(`door.${c.room.door}`)}
                    </>
                  ) : null}
                </p>
              </div>
              {c.room.door === 'open' ? (
                <Link
                  className="button button-secondary"
                  to={`/rooms/${c.room.id}`}
                  state={{ enter: true }}
                  aria-label={t('dashboard.colleagues.enter', { name: c.user.displayName })}
                >
                  {t('dashboard.upcoming.join')}
                </Link>
              ) : c.room.door === 'knock' ? (
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={knock.isPending}
                  aria-label={t('dashboard.colleagues.knockTo', { name: c.user.displayName })}
                  onClick={() => knock.mutate(c)}
                >
                  {t('dashboard.colleagues.knock')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {result ? (
        <p className={result.ok ? 'notice' : 'form-error'} role={result.ok ? undefined : 'alert'}>
          {result.text}
        </p>
      ) : null}
    </section>
  );
}
