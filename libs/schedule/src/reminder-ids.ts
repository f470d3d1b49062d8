/** uuid[] comes back as an array from pg, but as text `{a,b}` from some drivers. */
export function userIds(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  return v
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}
