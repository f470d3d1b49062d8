import type { Slot } from '@egov-box/contracts';
import { DateTime } from 'luxon';
import { PORTAL_ZONE, type Language } from '../../format/datetime';

export const MAX_SLOTS = 3;

/** Toggles `slot` in the chosen list, never beyond three. */
export function toggleSlot(chosen: Slot[], slot: Slot): Slot[] {
  const has = chosen.some((s) => s.startsAt === slot.startsAt && s.endsAt === slot.endsAt);
  if (has) return chosen.filter((s) => !(s.startsAt === slot.startsAt && s.endsAt === slot.endsAt));
  return chosen.length >= MAX_SLOTS ? chosen : [...chosen, slot];
}

/** One day (YYYY-MM-DD in Sofia) of a free-slot window with the slots that start on it. */
export interface SlotDay<T extends Slot> {
  day: string;
  slots: T[];
}

const sofiaDay = (instant: string | number) =>
  (typeof instant === 'number' ? DateTime.fromMillis(instant) : DateTime.fromISO(instant)).setZone(PORTAL_ZONE);

/**
 * Every Sofia day of the window [from, to) — days without a free slot too, so the list shows
 * the whole fortnight the heading promises — each with the slots starting on it, in order.
 * Days are counted on the Sofia calendar (a 23- or 25-hour day at a clock change is one day).
 */
export function slotDays<T extends Slot>(slots: T[], from: string, to: string): SlotDay<T>[] {
  const days: SlotDay<T>[] = [];
  const byDay = new Map<string, SlotDay<T>>();
  const add = (day: string) => {
    const d: SlotDay<T> = { day, slots: [] };
    days.push(d);
    byDay.set(day, d);
    return d;
  };
  const last = sofiaDay(Date.parse(to) - 1).toISODate()!;
  for (let d = sofiaDay(from).startOf('day'); d.toISODate()! <= last; d = d.plus({ days: 1 })) add(d.toISODate()!);
  for (const s of [...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))) {
    const day = sofiaDay(s.startsAt).toISODate()!;
    (byDay.get(day) ?? add(day)).slots.push(s);
  }
  return days.sort((a, b) => a.day.localeCompare(b.day));
}

/**
 * A slot's time of day in Sofia, "09:00–09:30 ч." ("09:00–09:30" in English), with a
 * non-breaking space before „ч.“ so the unit never wraps onto a line of its own.
 */
export function formatSlotTime(slot: Slot, lang: Language): string {
  const a = sofiaDay(slot.startsAt);
  const b = sofiaDay(slot.endsAt);
  return `${a.toFormat('HH:mm')}–${b.toFormat('HH:mm')}${lang === 'bg' ? '\u00a0ч.' : ''}`;
}

/** Keeps „г.“ and „ч.“ on the line of the number before them (a non-breaking space). */
export function keepUnits(text: string): string {
  return text.replace(/ (г\.|ч\.)/g, '\u00a0$1');
}
