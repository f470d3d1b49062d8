/** Small statistics and formatting helpers shared by the suites. */

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const hrNow = () => performance.timeOrigin + performance.now();

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The q-quantile (0..1) of numbers, nearest-rank on a sorted copy. */
export function quantile(values, q) {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values) => quantile(values, 0.5);

export function round(value, digits = 1) {
  if (value === undefined || value === null || Number.isNaN(value)) return undefined;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** 12345.6 -> "12,346"; small numbers keep `digits` decimals. */
export function fmt(value, digits = 1) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  if (typeof value !== 'number') return String(value);
  const abs = Math.abs(value);
  const d = abs >= 100 ? 0 : digits;
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export const kb = (bytes) => (bytes === undefined ? undefined : bytes / 1024);
export const mb = (bytes) => (bytes === undefined ? undefined : bytes / (1024 * 1024));
