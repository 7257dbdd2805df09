import type { CheckResult } from '../checks/index.js';
import { formatDuration } from './duration.js';

/** What the run tells a reporter, in order: start, attempts, readiness, one finish. */
export interface Reporter {
  start(labels: string[], timeout: number): void;
  /** An attempt settled; `nextDelay` is when the next check comes, if one does. */
  attempt(index: number, attempt: number, result: CheckResult, elapsed: number, nextDelay?: number): void;
  ready(index: number, elapsed: number): void;
  fatal(index: number, message: string, elapsed: number): void;
  finish(outcome: Outcome): void;
}

export interface Outcome {
  kind: 'ready' | 'timeout' | 'interrupted' | 'failed';
  exitCode: number;
  elapsed: number;
  /** One line for stderr when the outcome is not `ready`. */
  message?: string;
}

/** Where output goes; a reporter writes its lines to `stdout` (main() points it at stderr). */
export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

interface Row {
  label: string;
  attempts: number;
  detail: string;
  /** When the next check is due, in reporter time. */
  nextAt?: number;
  state: 'waiting' | 'ready' | 'failed';
  readyAt?: number;
}

function rows(labels: string[]): Row[] {
  return labels.map((label) => ({ label, attempts: 0, detail: 'no answer yet', state: 'waiting' }));
}

function summary(table: Row[], outcome: Outcome): string {
  const lines = [`ready after ${formatDuration(outcome.elapsed)}:`];
  for (const row of table) {
    if (row.state === 'ready') {
      const attempts = `${row.attempts} attempt${row.attempts === 1 ? '' : 's'}`;
      lines.push(`  ${row.label}  ${formatDuration(row.readyAt ?? 0)} (${attempts})`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Nothing but the error line. */
export function quietReporter(streams: Streams): Reporter {
  return {
    start() {},
    attempt() {},
    ready() {},
    fatal() {},
    finish(outcome) {
      if (outcome.message) streams.stderr.write(`rxjs-wait: ${outcome.message}\n`);
    },
  };
}

/** One JSON object per line for every event. */
export function jsonReporter(streams: Streams): Reporter {
  const labels: string[] = [];
  const write = (event: Record<string, unknown>) => streams.stdout.write(JSON.stringify(event) + '\n');
  return {
    start(names, timeout) {
      labels.push(...names);
      write({ event: 'start', resources: names, timeoutMs: Number.isFinite(timeout) ? timeout : null });
    },
    attempt(index, attempt, result, elapsed, nextDelay) {
      write({
        event: 'attempt',
        resource: labels[index],
        attempt,
        ready: result.ready,
        detail: result.detail,
        elapsedMs: elapsed,
        nextDelayMs: nextDelay ?? null,
      });
    },
    ready(index, elapsed) {
      write({ event: 'ready', resource: labels[index], elapsedMs: elapsed });
    },
    fatal(index, message, elapsed) {
      write({ event: 'failed', resource: labels[index], message, elapsedMs: elapsed });
    },
    finish(outcome) {
      write({
        event: 'done',
        outcome: outcome.kind,
        exitCode: outcome.exitCode,
        elapsedMs: outcome.elapsed,
        message: outcome.message,
      });
      if (outcome.message) streams.stderr.write(`rxjs-wait: ${outcome.message}\n`);
    },
  };
}

/** Off a terminal: one plain line per change of state (every attempt when `verbose`), then a summary. */
export function plainReporter(streams: Streams, verbose = false): Reporter {
  let table: Row[] = [];
  const stamp = (elapsed: number) => `[${formatDuration(elapsed).padStart(6)}]`;
  return {
    start(labels, timeout) {
      table = rows(labels);
      const limit = Number.isFinite(timeout) ? ` (timeout ${formatDuration(timeout)})` : ' (no timeout)';
      streams.stdout.write(`waiting for ${labels.length} resource${labels.length === 1 ? '' : 's'}${limit}\n`);
    },
    attempt(index, attempt, result, elapsed) {
      const row = table[index];
      const changed = verbose || row.attempts === 0 || row.detail !== result.detail;
      row.attempts = attempt;
      row.detail = result.detail;
      if (changed && !result.ready) {
        streams.stdout.write(`${stamp(elapsed)} waiting  ${row.label}  ${result.detail} (attempt ${attempt})\n`);
      }
    },
    ready(index, elapsed) {
      const row = table[index];
      row.state = 'ready';
      row.readyAt = elapsed;
      streams.stdout.write(`${stamp(elapsed)} ready    ${row.label}  ${row.detail} (attempt ${row.attempts})\n`);
    },
    fatal(index, message, elapsed) {
      table[index].state = 'failed';
      streams.stdout.write(`${stamp(elapsed)} failed   ${table[index].label}  ${message}\n`);
    },
    finish(outcome) {
      if (outcome.kind === 'ready') streams.stdout.write(summary(table, outcome));
      if (outcome.message) streams.stderr.write(`rxjs-wait: ${outcome.message}\n`);
    },
  };
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** On a terminal: one live status line per resource, redrawn in place. */
export function ttyReporter(streams: Streams, now: () => number): Reporter {
  let table: Row[] = [];
  let timeout = Infinity;
  let start = 0;
  let drawn = 0;
  let frame = 0;
  let ticker: ReturnType<typeof setInterval> | undefined;

  const line = (row: Row): string => {
    const elapsed = now() - start;
    const icon = row.state === 'ready' ? '✔' : row.state === 'failed' ? '✖' : SPINNER[frame % SPINNER.length];
    const parts = [`${icon} ${row.label}`, row.detail];
    if (row.state === 'ready') parts.push(`ready after ${formatDuration(row.readyAt ?? 0)}`);
    else if (row.state === 'waiting') {
      // no "attempt 0" while the first check is still out
      if (row.attempts > 0) parts.push(`attempt ${row.attempts}`);
      parts.push(formatDuration(elapsed));
      if (row.nextAt !== undefined && row.nextAt > now()) parts.push(`next in ${formatDuration(row.nextAt - now())}`);
      if (Number.isFinite(timeout)) parts.push(`${formatDuration(Math.max(0, timeout - elapsed))} left`);
    }
    const text = parts.join('  ·  ');
    const width = streams.stdout.columns ?? 120;
    return text.length > width - 1 ? text.slice(0, width - 2) + '…' : text;
  };

  const draw = () => {
    let out = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const row of table) out += `\x1b[2K\r${line(row)}\n`;
    drawn = table.length;
    streams.stdout.write(out);
  };

  return {
    start(labels, limit) {
      table = rows(labels);
      timeout = limit;
      start = now();
      draw();
      ticker = setInterval(() => {
        frame += 1;
        draw();
      }, 100);
      ticker.unref();
    },
    attempt(index, attempt, result, _elapsed, nextDelay) {
      table[index].attempts = attempt;
      table[index].detail = result.detail;
      table[index].nextAt = nextDelay === undefined ? undefined : now() + nextDelay;
      draw();
    },
    ready(index, elapsed) {
      table[index].state = 'ready';
      table[index].readyAt = elapsed;
      draw();
    },
    fatal(index, message) {
      table[index].state = 'failed';
      table[index].detail = message;
      draw();
    },
    finish(outcome) {
      if (ticker !== undefined) clearInterval(ticker);
      draw();
      if (outcome.kind === 'ready') streams.stdout.write(summary(table, outcome));
      if (outcome.message) streams.stderr.write(`rxjs-wait: ${outcome.message}\n`);
    },
  };
}
