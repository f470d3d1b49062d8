import { CalendarFeed } from './calendar-feed.entity.js';
import { MeetingParticipant } from './meeting-participant.entity.js';
import { Meeting } from './meeting.entity.js';

export { CalendarFeed, Meeting, MeetingParticipant };
export const SCHEDULE_ENTITIES = [Meeting, MeetingParticipant, CalendarFeed];
