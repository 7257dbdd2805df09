#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { USAGE, parseCommandLine } from './args.js';
import { UsageError } from './resource.js';
import type { Reporter, Streams } from './report.js';
import { jsonReporter, plainReporter, quietReporter, ttyReporter } from './report.js';
import { runCommand } from './exec.js';
import type { Relayed } from './signals.js';
import { onSignals, signalExit } from './signals.js';
import { EXIT, runWaits } from './run.js';
import { asyncScheduler } from 'rxjs';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Runs the command line; resolves with the exit code. */
export async function main(argv: string[], streams: Streams): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    streams.stderr.write(`rxjs-wait: ${error.message}\nTry 'rxjs-wait --help' for more information.\n`);
    return EXIT.usage;
  }
  if (parsed.kind === 'help') {
    streams.stdout.write(USAGE + '\n');
    return EXIT.ready;
  }
  if (parsed.kind === 'version') {
    streams.stdout.write(version() + '\n');
    return EXIT.ready;
  }
  const { options } = parsed;
  // Our own lines go to stderr, as wait-for-it's and dockerize's do: stdout belongs to
  // COMMAND (a pipe, a dump file, `$(...)`). `--json` is the output asked for, so it goes
  // to stdout, unless a COMMAND follows: then to stderr too.
  const ours: Streams = { stdout: streams.stderr, stderr: streams.stderr };
  const reporter: Reporter =
    options.output === 'json'
      ? jsonReporter(options.exec === undefined ? streams : ours)
      : options.output === 'quiet'
        ? quietReporter(ours)
        : options.output === 'verbose'
          ? plainReporter(ours, true)
          : streams.stderr.isTTY
            ? ttyReporter(ours, () => asyncScheduler.now())
            : plainReporter(ours);

  // One set of listeners for both phases, so no signal finds none between them: while
  // the checks run, the first signal of signals.ts ends the wait with 128 + its number;
  // while COMMAND runs, runCommand passes each on.
  const controller = new AbortController();
  let abortExit: number = EXIT.sigint;
  let relay: ((name: Relayed) => void) | undefined;
  const stop = onSignals((name) => {
    if (relay !== undefined) relay(name);
    else if (!controller.signal.aborted) {
      abortExit = signalExit(name);
      controller.abort(new DOMException(`interrupted by ${name}`, 'AbortError'));
    }
  });
  try {
    const outcome = await runWaits(options, reporter, controller.signal, () => abortExit);
    // -- COMMAND: run only once everything is ready (never after a timeout or a failure)
    if (outcome.exitCode !== EXIT.ready || options.exec === undefined) return outcome.exitCode;
    return await runCommand(options.exec, streams, (passOn) => (relay = passOn));
  } finally {
    stop();
  }
}

if (require.main === module) {
  // `rxjs-wait --json ... | head -1`: once the reader is gone, further output is dropped
  // and the wait ends with its own exit code, instead of an EPIPE stack trace; the same
  // when the terminal was closed (EIO), so that its hang-up still ends the checks' groups
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
    });
  }
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`rxjs-wait: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
