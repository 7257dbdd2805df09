import { parseArgs } from 'node:util';
import type { Check } from '../checks/index.js';
import { reversed } from '../checks/index.js';
import { parseDuration } from './duration.js';
import type { CommonOptions, Flag, FlagValues } from './resource.js';
import { UsageError } from './resource.js';
import { RESOURCE_TYPES } from './resources/index.js';

export type Output = 'auto' | 'quiet' | 'json' | 'verbose';

export interface CliOptions {
  resources: Check[];
  interval: number;
  timeout: number;
  /** ms before the first check (wait-on's `-d`), counted in the timeout. */
  delay: number;
  immediate: boolean;
  any: boolean;
  /** Exponential backoff instead of a fixed interval (the interval is the first delay). */
  backoff?: { factor: number; cap: number; jitter: number };
  attemptTimeout: number;
  /** The command after `--`, run once everything is ready (wait-for-it's and dockerize's convention). */
  exec: string[] | undefined;
  /** ms a resource must stay ready before it counts (0: the first ready check counts). */
  stable: number;
  output: Output;
}

export type Parsed = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: CliOptions };

const resourceHelp = RESOURCE_TYPES.flatMap((type) => type.help)
  .map(([syntax, meaning]) => `  ${syntax.padEnd(25)} ${meaning}`)
  .join('\n');

/** The flags the resource types own, by long name: one table for parseArgs and the help. */
const TYPE_FLAGS: Readonly<Record<string, Flag>> = Object.assign({}, ...RESOURCE_TYPES.map((type) => type.flags ?? {}));

/** `--help` lines for the resource types' flags, in the registry's order. */
const flagHelp = Object.entries(TYPE_FLAGS)
  .map(
    ([
      name,
      {
        short,
        help: [argument, meaning],
      },
    ]) => {
      const flag = `  ${short === undefined ? '    ' : `-${short}, `}--${name}${argument === '' ? '' : ` ${argument}`}`;
      return flag.length < 28 ? `${flag.padEnd(28)}${meaning}` : `${flag}\n${' '.repeat(28)}${meaning}`;
    },
  )
  .join('\n');

export const USAGE = `Usage: rxjs-wait [options] RESOURCE... [-- COMMAND [ARGS...]]

Waits until every RESOURCE is ready (or one of them, with --any), checking again and
again with the polling and backoff rules of Kubernetes' wait package, then runs COMMAND
when one is given (its stdio and exit status are rxjs-wait's; not run on a timeout).

Resources:
${resourceHelp}

Options:
  -i, --interval DURATION   time between checks (default 1s)
  -t, --timeout DURATION    give up after this long, exit 124 (default 30s, as
                            kubectl wait; 0: never)
      --delay DURATION      wait this long before the first check (wait-on's -d;
                            counted in the timeout)
      --backoff FACTOR      grow the time between checks by FACTOR each time
      --cap DURATION        with --backoff: never wait longer than this between checks
      --jitter FRACTION     with --backoff: add up to FRACTION of each delay at random
      --no-immediate        wait one interval before the first check
      --attempt-timeout DURATION
                            abandon a single check after this long (default 10s,
                            so one hung request never blocks the wait; 0: never)
      --stable DURATION     ready only after staying ready, and saying the same
                            (a file: the same size), this long (wait-on's --window;
                            default 0: the first ready check)
      --any                 one ready resource is enough
${flagHelp}
      --reverse             wait until each resource is no longer ready (a file gone,
                            a port closed); a check that cannot tell is not gone
  -v, --verbose             print every attempt, not only changes
  -q, --quiet               print nothing but errors
      --json                print one JSON object per line for every event (on
                            stdout; on stderr when a COMMAND follows)
  -h, --help                show this help
  -V, --version             show the version

Progress and errors go to stderr: stdout is COMMAND's.
Durations: 500ms, 2s, 1.5m, 1h (a bare number must be 0: 30s or 30ms?).
Exit codes: 0 ready, 1 a resource failed for good, 2 usage error,
            124 timed out, 128+N ended by signal N (130 SIGINT, 143 SIGTERM).
With a COMMAND, its exit status. Signals (HUP INT QUIT TERM USR1 USR2) reach
COMMAND once: not again when the terminal already sent them to its group.`;

const OPTIONS = {
  interval: { type: 'string', short: 'i' },
  timeout: { type: 'string', short: 't' },
  delay: { type: 'string' },
  backoff: { type: 'string' },
  cap: { type: 'string' },
  jitter: { type: 'string' },
  'no-immediate': { type: 'boolean' },
  'attempt-timeout': { type: 'string' },
  stable: { type: 'string' },
  any: { type: 'boolean' },
  reverse: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** How long one check may take by default: a hung server must not hold the wait forever. */
export const DEFAULT_ATTEMPT_TIMEOUT = 10_000;

/**
 * How long the whole wait may take by default, as `kubectl wait`: a wrong host name must
 * end a CI job with a message, not hang it until the job's own limit.
 */
export const DEFAULT_TIMEOUT = 30_000;

function usage(message: string): never {
  throw new UsageError(message);
}

function duration(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  try {
    return parseDuration(text, option);
  } catch (error) {
    return usage((error as Error).message);
  }
}

function number(text: string | undefined, option: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min) {
    usage(`invalid ${option}: '${text}' (expected a number >= ${min})`);
  }
  return value;
}

/** Parses the command line; throws a {@link UsageError} for anything wrong with it. */
export function parseCommandLine(argv: string[]): Parsed {
  let parsed;
  try {
    // the types' own flags too; typed as the common ones, the types read theirs by name
    const options = { ...TYPE_FLAGS, ...OPTIONS } as unknown as typeof OPTIONS;
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    return usage((error as Error).message.split('\n')[0].replace(/\. To specify a positional.*$/, ''));
  }
  const { values, tokens } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const terminator = tokens.find((t) => t.kind === 'option-terminator');
  const cut = terminator === undefined ? Infinity : terminator.index;
  const targets: string[] = [];
  const command: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') (token.index > cut ? command : targets).push(token.value);
  }

  const attemptTimeout = duration(values['attempt-timeout'], '--attempt-timeout', DEFAULT_ATTEMPT_TIMEOUT) || Infinity;
  const common: CommonOptions = { attemptTimeout };
  // each type reads its own flags once, whether or not a resource of it is named
  const typeOptions = new Map(RESOURCE_TYPES.map((type) => [type, type.options?.(values as FlagValues)]));

  const resources = targets.map((target): Check => {
    const type = RESOURCE_TYPES.find((candidate) => candidate.matches(target));
    if (type !== undefined) {
      const check = type.parse(target, common, typeOptions.get(type));
      return values.reverse === true ? reversed(check) : check;
    }
    return usage(unknownResource(target));
  });
  if (terminator !== undefined && command.length === 0) usage("nothing after '--' (expected a COMMAND to run)");
  if (resources.length === 0) usage('nothing to wait for: name at least one RESOURCE');

  const factor = number(values.backoff, '--backoff', 1);
  if (factor === undefined && (values.cap !== undefined || values.jitter !== undefined)) {
    usage('--cap and --jitter need --backoff');
  }
  if ([values.quiet, values.json, values.verbose].filter(Boolean).length > 1) {
    usage('--quiet, --json and --verbose cannot be used together');
  }

  // 0: no deadline, as in wait-for-it and wait-port
  const timeout = duration(values.timeout, '--timeout', DEFAULT_TIMEOUT) || Infinity;
  const delay = duration(values.delay, '--delay', 0);
  if (delay >= timeout) usage(`--delay ${values.delay} leaves no time before --timeout ${values.timeout ?? '30s'}`);

  return {
    kind: 'run',
    options: {
      resources,
      interval: duration(values.interval, '--interval', 1000),
      timeout,
      delay,
      immediate: !values['no-immediate'],
      any: values.any ?? false,
      backoff:
        factor === undefined
          ? undefined
          : { factor, cap: duration(values.cap, '--cap', 0), jitter: number(values.jitter, '--jitter', 0) ?? 0 },
      attemptTimeout,
      stable: duration(values.stable, '--stable', 0),
      exec: command.length > 0 ? command : undefined,
      output: values.json ? 'json' : values.quiet ? 'quiet' : values.verbose ? 'verbose' : 'auto',
    },
  };
}

/**
 * Why `target` is no resource, with the spelling to use where another tool's is close:
 * wait-on's `command:` and bare paths, dockerize's schemes.
 */
function unknownResource(target: string): string {
  const written = RESOURCE_TYPES.map((candidate) => candidate.written).join(', ');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1].toLowerCase();
  const hint = /^(\[[^\]]+\]|[^:/[\]]+):\d+$/.test(target)
    ? `; a TCP port is written tcp:${target} (wait-for-it writes host:port)`
    : scheme === 'command' || scheme === 'exec'
      ? `; to run a command, write cmd:${target.slice(scheme.length + 1)}`
      : scheme === 'http-head' || scheme === 'https-head'
        ? `; for a HEAD request write ${scheme.slice(0, -5)}${target.slice(scheme.length)} --method HEAD`
        : scheme === undefined && !target.startsWith('-')
          ? `; a file is written file:${target}`
          : '';
  return `unknown resource '${target}' (expected ${written})${hint}`;
}
