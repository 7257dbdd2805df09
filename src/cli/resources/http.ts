import { readFileSync } from 'node:fs';
import { httpCheck } from '../../checks/index.js';
import type { FlagValues, ResourceType } from '../resource.js';
import { UsageError, describeFailure } from '../resource.js';

/** What HTTP's own flags say, read once per command line. */
export interface HttpOptions {
  method: string;
  headers: Record<string, string>;
  /** Which statuses mean ready. */
  statusOk: (status: number) => boolean;
  insecure: boolean;
  follow: boolean;
  /** `--ca`, `--cert`, `--key`: PEM text read from the files named. */
  tls: { ca?: string | undefined; cert?: string | undefined; key?: string | undefined };
}

const usage = (message: string): never => {
  throw new UsageError(message);
};

/** The PEM text of `--ca`, `--cert` or `--key`; a usage error when it cannot be read. */
function pem(path: string | undefined, option: string): string | undefined {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return usage(`cannot read ${option} '${path}': ${describeFailure(error)}`);
  }
  if (!text.includes('-----BEGIN ')) usage(`invalid ${option} '${path}': no PEM block in it`);
  return text;
}

function parseHeaders(lines: string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines ?? []) {
    const colon = line.indexOf(':');
    if (colon <= 0) usage(`invalid --header '${line}' (expected 'NAME: VALUE')`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** `http://...` and `https://...` (wait-on's `http-get://` and `https-get://` too: GET is the default). */
export const httpType: ResourceType<HttpOptions> = {
  help: [
    ['http://HOST[:PORT]/PATH', 'ready when it answers with a 2xx status (see --status)'],
    ['https://HOST[:PORT]/PATH', 'the same over TLS (see --ca, --cert, --key)'],
    ['http://unix:SOCKET:/PATH', 'the same over a unix socket (as wait-on writes it)'],
  ],
  written: 'http://..., https://...',
  flags: {
    status: { type: 'string', help: ['RANGES', 'HTTP statuses that count as ready (default 200-299)'] },
    method: { type: 'string', help: ['METHOD', 'HTTP method (default GET)'] },
    header: { type: 'string', short: 'H', multiple: true, help: ["'NAME: VALUE'", 'HTTP request header (repeatable)'] },
    insecure: { type: 'boolean', help: ['', 'accept any TLS certificate'] },
    ca: { type: 'string', help: ['FILE', 'HTTPS: trust the CA certificates in FILE (PEM)'] },
    cert: { type: 'string', help: ['FILE', 'HTTPS: client certificate for mutual TLS (PEM; with --key)'] },
    key: { type: 'string', help: ['FILE', 'HTTPS: the private key of --cert (PEM)'] },
    'no-follow': { type: 'boolean', help: ['', 'HTTP: do not follow redirects (followed by default)'] },
  },
  options(values: FlagValues): HttpOptions {
    const text = (name: string) => values[name] as string | undefined;
    const statusText = text('status');
    let statusOk: (status: number) => boolean = (s) => s >= 200 && s <= 299;
    if (statusText !== undefined) {
      try {
        statusOk = parseStatusRanges(statusText);
      } catch (error) {
        usage((error as Error).message);
      }
    }
    const method = (text('method') ?? 'GET').toUpperCase();
    if (!/^[A-Z]+$/.test(method)) usage(`invalid --method '${text('method')}'`);
    if ((text('cert') === undefined) !== (text('key') === undefined)) usage('--cert and --key go together');
    return {
      method,
      headers: parseHeaders(values.header as string[] | undefined),
      statusOk,
      insecure: values.insecure === true,
      follow: values['no-follow'] !== true,
      tls: { ca: pem(text('ca'), '--ca'), cert: pem(text('cert'), '--cert'), key: pem(text('key'), '--key') },
    };
  },
  matches: (target) => /^https?(-get)?:\/\//i.test(target),
  parse(target, { attemptTimeout }, { method, headers, statusOk, insecure, follow, tls }) {
    const url = target.replace(/^(https?)-get:/i, '$1:');
    try {
      const options = { method, headers, status: statusOk, insecure, follow, attemptTimeout, label: target };
      return httpCheck(url, { ...options, ...tls });
    } catch (error) {
      // httpCheck names what it refused, before anything runs (exit 2): a header value
      // HTTP cannot carry, or the URL (no host, a port over 65535, anything the URL
      // parser refuses; at the first check it would exit 1, or read as "no answer yet")
      const message = (error as Error).message;
      if (message.startsWith('Expected `headers')) throw new UsageError(`invalid --header: ${message}`);
      const unix = /^https?:\/\/unix[:/]/i.test(url) ? '; over a unix socket: http://unix:/ABSOLUTE/SOCKET:/PATH' : '';
      throw new UsageError(`invalid resource '${target}' (expected a URL such as http://host:8080/health${unix})`);
    }
  },
};

/** Parses `200-399` or `200,204,300-399` into a predicate; throws a RangeError on bad text. */
export function parseStatusRanges(text: string): (status: number) => boolean {
  const ranges = text.split(',').map((part) => {
    const match = /^\s*(\d{3})\s*(?:-\s*(\d{3})\s*)?$/.exec(part);
    if (match === null) throw new RangeError(`invalid --status '${text}' (use e.g. 200-399 or 200,204)`);
    const low = Number(match[1]);
    const high = Number(match[2] ?? match[1]);
    if (low > high) throw new RangeError(`invalid --status '${text}': ${low} > ${high}`);
    if (low < 100 || high > 599) throw new RangeError(`invalid --status '${text}': HTTP statuses are 100-599`);
    return [low, high] as const;
  });
  return (status) => ranges.some(([low, high]) => status >= low && status <= high);
}
