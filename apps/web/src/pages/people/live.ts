/**
 * Live changes pushed over the socket, each kept with the moment it was heard, so that an
 * answer of the list can drop only what it already contains: the changes heard before its
 * request went out. A change heard while the request was out may be newer than the answer
 * (the server read the list before the change) and is kept. Resetting everything when the
 * answer arrived lost such a change: a door closed just then showed open until the next one.
 */
export type Heard<T> = Record<string, { value: T; at: number }>;

/** `heard` with `value` heard for `key` at `at`. */
export function hear<T>(heard: Heard<T>, key: string, value: T, at: number): Heard<T> {
  return { ...heard, [key]: { value, at } };
}

/** What was heard at or after `since` (an answer whose request went out at `since` holds the rest). */
export function heardSince<T>(heard: Heard<T>, since: number): Heard<T> {
  const kept = Object.entries(heard).filter(([, h]) => h.at >= since);
  return kept.length === Object.keys(heard).length ? heard : Object.fromEntries(kept);
}
