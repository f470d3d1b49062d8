import ICAL from 'ical.js';
import type { Meeting } from './entities/meeting.entity.js';
import { buildCalendar, buildMeetingRequest } from './ical.js';

const meeting = {
  id: 'b5f2c1de-0000-4000-8000-000000000001',
  icalUid: 'b5f2c1de-0000-4000-8000-000000000001@egov-box',
  sequence: 3,
  title: 'Съвещание',
  description: null,
  startsAt: new Date('2026-12-10T08:00:00Z'),
  endsAt: new Date('2026-12-10T09:00:00Z'),
  createdAt: new Date('2026-12-01T10:11:12Z'),
  updatedAt: new Date('2026-12-02T13:12:06Z'),
  status: 'confirmed',
  space: { name: 'Зала 1', location: 'ет. 2' },
} as unknown as Meeting;

function event(ics: string): { cal: ICAL.Component; event: ICAL.Component } {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return { cal, event: cal.getFirstSubcomponent('vevent')! };
}

describe('iCalendar', () => {
  it('the feed writes DTSTAMP, CREATED and LAST-MODIFIED in UTC (RFC 5545 §3.8.7), the start in Sofia time', () => {
    const ics = buildCalendar('eGov Box', [meeting]);
    const { event: e } = event(ics);
    expect(ics).toMatch(/^DTSTAMP:20261202T131206Z\r?$/m);
    expect(ics).toMatch(/^CREATED:20261201T101112Z\r?$/m);
    expect(ics).toMatch(/^LAST-MODIFIED:20261202T131206Z\r?$/m);
    for (const prop of ['dtstamp', 'created', 'last-modified']) {
      expect((e.getFirstPropertyValue(prop) as ICAL.Time).zone?.tzid).toBe('UTC');
    }
    expect(ics).toMatch(/^DTSTART;TZID=Europe\/Sofia:20261210T100000\r?$/m);
    expect(ics).toContain('BEGIN:VTIMEZONE');
  });

  it('a meeting request carries METHOD, the feed’s UID and SEQUENCE, ORGANIZER and ATTENDEEs', () => {
    const { cal, event: e } = event(
      buildMeetingRequest(meeting, 'REQUEST', { name: 'Организатор', email: 'org@x.bg' }, [
        { name: 'Гост', email: 'guest@x.bg' },
      ]),
    );
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(e.getFirstPropertyValue('uid')).toBe(meeting.icalUid);
    expect(e.getFirstPropertyValue('sequence')).toBe(3);
    expect(e.getFirstPropertyValue('organizer')).toBe('mailto:org@x.bg');
    expect(e.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase())).toEqual([
      'mailto:guest@x.bg',
    ]);
    const cancel = event(buildMeetingRequest(meeting, 'CANCEL', { name: 'O', email: 'org@x.bg' }, []));
    expect(cancel.cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancel.event.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});
