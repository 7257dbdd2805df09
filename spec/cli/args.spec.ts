import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USAGE, parseCommandLine } from '../../src/cli/args';
import { RESOURCE_TYPES } from '../../src/cli/resources/index';
import { UsageError } from '../../src/cli/resource';
import type { CliOptions } from '../../src/cli/args';

function options(argv: string[]): CliOptions {
  const parsed = parseCommandLine(argv);
  if (parsed.kind !== 'run') throw new Error(`expected a run, got ${parsed.kind}`);
  return parsed.options;
}

function usageError(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandLine', () => {
  it('should use the defaults: 1s interval, a 30s timeout (as kubectl wait), no delay, immediate, all resources', () => {
    const parsed = options(['tcp:5432']);
    expect(parsed).toMatchObject({
      interval: 1000,
      timeout: 30_000,
      delay: 0,
      immediate: true,
      any: false,
      backoff: undefined,
      attemptTimeout: 10_000,
      stable: 0,
      output: 'auto',
    });
    expect(parsed.resources.map((r) => r.label)).toEqual(['tcp:5432']);
  });

  it('should read every kind of resource', () => {
    const parsed = options([
      'http://a/',
      'https://b/x',
      'tcp:db:5432',
      'tcp:[::1]:80',
      'file:/tmp/x',
      'cmd:pg_isready -h db',
    ]);
    expect(parsed.resources.map((r) => r.label)).toEqual([
      'http://a/',
      'https://b/x',
      'tcp:db:5432',
      'tcp:[::1]:80',
      'file:/tmp/x',
      'cmd:pg_isready -h db',
    ]);
  });

  it('should keep what follows -- as the command to run once ready, options included', () => {
    const parsed = options(['--timeout', '2s', 'tcp:1', '--', 'grep', '--quiet', 'x', 'file']);
    expect(parsed.timeout).toBe(2000);
    expect(parsed.resources.map((r) => r.label)).toEqual(['tcp:1']);
    expect(parsed.exec).toEqual(['grep', '--quiet', 'x', 'file']);
    expect(options(['tcp:1']).exec).toBeUndefined();
    expect(usageError(['--', 'npm', 'start'])).toMatch(/nothing to wait for/);
  });

  it('should read durations, backoff and output options', () => {
    const parsed = options([
      '-i',
      '250ms',
      '-t',
      '1m',
      '--backoff',
      '2',
      '--cap',
      '5s',
      '--jitter',
      '0.1',
      '--no-immediate',
      '--any',
      '--attempt-timeout',
      '3s',
      '--json',
      'tcp:1',
    ]);
    expect(parsed).toMatchObject({
      interval: 250,
      timeout: 60_000,
      immediate: false,
      any: true,
      backoff: { factor: 2, cap: 5000, jitter: 0.1 },
      attemptTimeout: 3000,
      output: 'json',
    });
  });

  it('should answer help and version (-V, as -v is verbose for wait-on users)', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['-V'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });

  it('should read --stable, and --attempt-timeout 0 as no limit per check', () => {
    expect(options(['--stable', '2s', 'tcp:1'])).toMatchObject({ stable: 2000, attemptTimeout: 10_000 });
    expect(options(['--attempt-timeout', '0', 'tcp:1']).attemptTimeout).toBe(Infinity);
  });

  it("should read wait-on's socket:PATH as unix:PATH", () => {
    expect(options(['socket:/run/app.sock', 'unix:/run/b.sock']).resources.map((r) => r.label)).toEqual([
      'socket:/run/app.sock',
      'unix:/run/b.sock',
    ]);
    expect(usageError(['socket:'])).toMatch(/expected unix:PATH/);
  });

  it('should read --timeout 0 as no deadline, as wait-for-it and wait-port do', () => {
    const parsed = parseCommandLine(['--timeout', '0', 'tcp:1']);
    expect(parsed.kind === 'run' && parsed.options.timeout).toBe(Infinity);
    const bounded = parseCommandLine(['--timeout', '30s', 'tcp:1']);
    expect(bounded.kind === 'run' && bounded.options.timeout).toBe(30_000);
    expect(usageError(['--timeout', '30', 'tcp:1'])).toMatch(/'30' \(30s or 30ms\?\)/);
  });

  it("should read --delay (wait-on's -d) as a first delay inside the timeout", () => {
    expect(options(['--delay', '2s', 'tcp:1'])).toMatchObject({ delay: 2000, timeout: 30_000, immediate: true });
    expect(options(['--delay', '500ms', '--timeout', '0', 'tcp:1'])).toMatchObject({ delay: 500, timeout: Infinity });
    expect(usageError(['--delay', '30s', 'tcp:1'])).toBe('--delay 30s leaves no time before --timeout 30s');
    expect(usageError(['--delay', '2s', '-t', '1s', 'tcp:1'])).toBe('--delay 2s leaves no time before --timeout 1s');
    expect(usageError(['--delay', '2', 'tcp:1'])).toMatch(/invalid duration for --delay: '2' \(2s or 2ms\?\)/);
  });

  it("should read dockerize's and wait-on's spellings: tcp://, unix:///, file:///, http-get://", async () => {
    const spellings = [
      'tcp://db:5432',
      'TCP://db:5432/',
      'tcp://[::1]:80',
      'unix:///run/app.sock',
      'file:///tmp/x',
      'http-get://localhost:8080/health',
      'https-get://localhost/',
    ];
    expect(options(spellings).resources.map((r) => r.label)).toEqual(spellings);
    // what each means, probed: the path after file:// and unix://, the port after tcp://,
    // and http-get:// asking over plain HTTP
    const dir = mkdtempSync(join(tmpdir(), 'rxjs-wait-spell-'));
    writeFileSync(join(dir, 'ready'), 'ok');
    try {
      const [file, unix, tcp, http] = options([
        `file://${dir}/ready`,
        `unix://${dir}/none.sock`,
        'tcp://127.0.0.1:1/',
        'http-get://127.0.0.1:1/health',
      ]).resources;
      const signal = new AbortController().signal;
      expect(await file.probe(signal)).toEqual({ ready: true, detail: 'exists, 2 bytes' });
      expect(await unix.probe(signal)).toEqual({ ready: false, detail: 'ENOENT' });
      expect(await tcp.probe(signal)).toEqual({ ready: false, detail: 'ECONNREFUSED' });
      expect(await http.probe(signal)).toEqual({ ready: false, detail: 'ECONNREFUSED' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each<[string, string]>([
    ['tcp://db', "invalid resource 'tcp://db' (expected tcp:HOST:PORT with a port"],
    ['tcp://', "invalid resource 'tcp://'"],
    ['tcp:http://db:80', "invalid resource 'tcp:http://db:80'"],
    ['tcp:db/x:80', "invalid resource 'tcp:db/x:80'"],
    ['tcp:a:b:80', "invalid resource 'tcp:a:b:80'"],
    ['tcp:::1:80', 'an IPv6 host is written in brackets: tcp:[::1]:5432'],
    ['tcp:db:0', 'with a port from 1 to 65535'],
    ['unix://run/app.sock', "invalid resource 'unix://run/app.sock' (expected unix:PATH, or unix:///ABSOLUTE/PATH)"],
    ['file://host/x', "invalid resource 'file://host/x' (expected file:PATH, or file:///ABSOLUTE/PATH)"],
    [
      'http://unix:app.sock:/health',
      "invalid resource 'http://unix:app.sock:/health' (expected a URL such as http://host:8080/health; over a unix socket: http://unix:/ABSOLUTE/SOCKET:/PATH)",
    ],
    ['http://unix:/run/a.sock:http://localhost/health', 'over a unix socket: http://unix:/ABSOLUTE/SOCKET:/PATH'],
    ['command:pg_isready -h db', '; to run a command, write cmd:pg_isready -h db'],
    ['exec:true', '; to run a command, write cmd:true'],
    ['http-head://localhost/', '; for a HEAD request write http://localhost/ --method HEAD'],
    ['dist/bundle.js', '; a file is written file:dist/bundle.js'],
    ['db:5432', '; a TCP port is written tcp:db:5432 (wait-for-it writes host:port)'],
    ['[::1]:5432', '; a TCP port is written tcp:[::1]:5432'],
  ])('should refuse %p before anything runs, with the spelling to use', (target, message) => {
    expect(usageError([target])).toContain(message);
  });

  it('should read --ca, --cert and --key as PEM files, and refuse what is not one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxjs-wait-pem-'));
    const pem = join(dir, 'a.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const text = join(dir, 'a.txt');
    writeFileSync(text, 'not a certificate');
    try {
      expect(options(['--ca', pem, '--cert', pem, '--key', pem, 'https://a/']).resources).toHaveLength(1);
      expect(usageError(['--ca', join(dir, 'none.pem'), 'https://a/'])).toBe(
        `cannot read --ca '${join(dir, 'none.pem')}': ENOENT`,
      );
      expect(usageError(['--ca', text, 'https://a/'])).toBe(`invalid --ca '${text}': no PEM block in it`);
      expect(usageError(['--cert', pem, 'https://a/'])).toBe('--cert and --key go together');
      expect(usageError(['--key', pem, 'https://a/'])).toBe('--cert and --key go together');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("should take each resource type's own flags, and list them in --help from the registry", () => {
    const owned = RESOURCE_TYPES.flatMap((type) => Object.keys(type.flags ?? {}));
    expect(owned).toEqual(['status', 'method', 'header', 'insecure', 'ca', 'cert', 'key', 'no-follow']);
    for (const name of owned) expect(USAGE).toContain(`--${name}`);
    expect(USAGE).toContain(
      "  -H, --header 'NAME: VALUE'\n                            HTTP request header (repeatable)",
    );
    // a type reads its flags whatever resources are named: a bad --status fails a tcp-only line too
    expect(usageError(['--status', '2xx', 'tcp:1'])).toMatch(/invalid --status '2xx'/);
    expect(usageError(['--bogus', 'tcp:1'])).toMatch(/--bogus/);
  });

  it('should make -v and --verbose the verbose output, not the version', () => {
    for (const flag of ['-v', '--verbose']) {
      const parsed = parseCommandLine([flag, 'tcp:1']);
      expect(parsed.kind === 'run' && parsed.options.output).toBe('verbose');
    }
  });

  it.each<[string[], RegExp]>([
    [[], /nothing to wait for/],
    [['--bogus', 'tcp:1'], /--bogus/],
    [['--interval'], /--interval/],
    [['--interval', '5x', 'tcp:1'], /invalid duration for --interval: '5x'/],
    [['--timeout', '-1s', 'tcp:1'], /--timeout/],
    [['ftp://x'], /^unknown resource 'ftp:\/\/x' \(expected [^)]*\)$/],
    [['tcp:host:99999'], /port from 1 to 65535/],
    [['tcp:host:'], /tcp:HOST:PORT/],
    [['file:'], /file:PATH/],
    [['tcp:1', '--'], /nothing after '--'/],
    [['--cap', '1s', 'tcp:1'], /--cap and --jitter need --backoff/],
    [['--backoff', '0.5', 'tcp:1'], /--backoff: '0.5'/],
    [['--backoff', 'fast', 'tcp:1'], /--backoff/],
    [['--status', '2xx', 'http://a/'], /--status/],
    [['--status', '399-200', 'http://a/'], /399 > 200/],
    [['--header', 'no-colon', 'http://a/'], /--header/],
    [
      ['-H', 'Bad Name: v', 'http://a/'],
      /^invalid --header: Expected `headers\["Bad Name"\]` to be a valid HTTP header/,
    ],
    [['-H', 'X-A: b\u0001c', 'http://a/'], /^invalid --header: Expected `headers\["X-A"\]`/],
    [['--quiet', '--json', 'tcp:1'], /cannot be used together/],
    [['-v', '--json', 'tcp:1'], /cannot be used together/],
    [['http://'], /invalid resource 'http:\/\/' \(expected a URL such as http:\/\/host:8080\/health\)/],
    [['http://localhost:99999/'], /invalid resource 'http:\/\/localhost:99999\/'/],
    [['http://[not-an-ip/'], /invalid resource/],
    [['--status', '999', 'http://a/'], /invalid --status '999': HTTP statuses are 100-599/],
    [['--status', '200-600', 'http://a/'], /HTTP statuses are 100-599/],
  ])('should reject %p with a one-line message', (argv, message) => {
    const text = usageError(argv);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });
});
