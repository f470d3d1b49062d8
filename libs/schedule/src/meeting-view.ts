import type { MeetingSpaceView, MeetingView, UpcomingMeetingView, UserView } from '@egov-box/contracts';
import type { Space } from '@egov-box/directory';
import type { MeetingParticipant } from './entities/meeting-participant.entity.js';
import type { Meeting } from './entities/meeting.entity.js';
import type { UpcomingRow } from './meetings.repository.js';

export function toSpaceView(s: Pick<Space, 'id' | 'kind' | 'name' | 'location'>): MeetingSpaceView {
  return { id: s.id, kind: s.kind, name: s.name, location: s.location };
}

function unknownUser(id: string): UserView {
  return { id, username: '', displayName: '', roles: [], department: null };
}

export function toMeetingView(
  m: Meeting,
  participants: MeetingParticipant[],
  users: Map<string, UserView>,
): MeetingView {
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    description: m.description,
    status: m.status,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    space: toSpaceView(m.space!),
    organizer: users.get(m.organizerId) ?? unknownUser(m.organizerId),
    participants: participants
      .filter((p) => p.meetingId === m.id)
      .sort((a, b) => (a.role === b.role ? 0 : a.role === 'organizer' ? -1 : 1))
      .map((p) => ({ user: users.get(p.userId) ?? unknownUser(p.userId), role: p.role, response: p.response })),
    seriesId: m.seriesId,
    recurrence: m.recurrenceRule,
    icalUid: m.icalUid,
    sequence: m.sequence,
    cancelReason: m.cancelReason,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export function toUpcomingView(r: UpcomingRow): UpcomingMeetingView {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    status: r.status,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    space: { id: r.space_id, kind: r.space_kind, name: r.space_name, location: r.space_location },
    organizerId: r.organizer_id,
    seriesId: r.series_id,
    role: r.role,
    response: r.response,
  };
}
