/**
 * Human durations for the command line: `500ms`, `2s`, `1.5m`, `1h`, or `0`. A bare number
 * other than 0 is refused: wait-for-it and dockerize read `30` as seconds, wait-on as
 * milliseconds, so a migrating script would silently wait 1000 times too long or short.
 */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PATTERN = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/;

/** Parses a duration into ms; throws a `RangeError` that quotes the bad text. */
export function parseDuration(text: string, option: string): number {
  const match = PATTERN.exec(text.trim());
  if (match === null) {
    throw new RangeError(`invalid duration for ${option}: '${text}' (use e.g. 500ms, 2s, 1.5m, 1h)`);
  }
  const value = Number(match[1]);
  if (match[2] === undefined && value !== 0) {
    throw new RangeError(`invalid duration for ${option}: '${text}' (${match[1]}s or ${match[1]}ms?)`);
  }
  const ms = value * UNITS[match[2] ?? 'ms'];
  // 400 digits parse as Infinity: no duration a timer can hold, and never "forever"
  if (!Number.isFinite(ms))
    throw new RangeError(`invalid duration for ${option}: '${text.trim().slice(0, 20)}…' (too long)`);
  return ms;
}

/** Formats ms for people: `850ms`, `3.2s`, `2m05s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'forever';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
