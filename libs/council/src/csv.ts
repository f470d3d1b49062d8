/** CSV as open data wants it (RFC 4180): UTF-8, CRLF, quoted only where needed. */
export const csvCell = (v: string | number | null) => {
  const s = String(v ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csv = (rows: (string | number | null)[][]) =>
  rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
