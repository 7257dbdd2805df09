import * as http from 'node:http';
import * as https from 'node:https';
import type { CheckResult, Resource, ResourceType } from '../resource.js';
import { FatalResourceError, UsageError, describeFailure } from '../resource.js';

/** `http://...` and `https://...`. */
export const httpType: ResourceType = {
  help: [
    ['http://HOST[:PORT]/PATH', 'ready when it answers with a 2xx status (see --status)'],
    ['https://HOST[:PORT]/PATH', 'the same over TLS'],
    ['http://unix:SOCKET:/PATH', 'the same over a unix socket (as wait-on writes it)'],
  ],
  written: 'http://..., https://...',
  matches: (target) => /^https?:\/\//i.test(target),
  parse(target, { method, headers, statusOk, insecure, follow }) {
    // caught here, exit 2, rather than at the first check (exit 1; with --any it read as
    // "no answer yet"): no host, a port over 65535, anything the URL parser refuses
    if (targetOf(target) === undefined) {
      throw new UsageError(`invalid resource '${target}' (expected a URL such as http://host:8080/health)`);
    }
    return httpResource(target, { method, headers, statusOk, insecure, follow });
  },
};

export interface HttpOptions {
  method: string;
  headers: Record<string, string>;
  /** Which statuses mean ready. */
  statusOk: (status: number) => boolean;
  insecure: boolean;
  /** Follow redirects (the default), as wait-on and dockerize do. */
  follow: boolean;
}

/** `http://unix:/run/app.sock:/health`, as wait-on writes HTTP over a unix socket. */
const UNIX_URL = /^(https?):\/\/unix:(\/[^:]+):(\/.*)$/i;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

/** Where one request goes: a URL, or a unix socket and a path on it. */
interface Target {
  url: URL;
  socketPath?: string;
}

function targetOf(label: string): Target | undefined {
  const unix = UNIX_URL.exec(label);
  try {
    if (unix !== null) return { url: new URL(`${unix[1]}://localhost${unix[3]}`), socketPath: unix[2] };
    const url = new URL(label);
    return url.hostname === '' ? undefined : { url };
  } catch {
    return undefined;
  }
}

/**
 * An `http://` or `https://` URL (or `http://unix:SOCKET:PATH`), ready when it answers with
 * an accepted status. Redirects are followed (at most 10) unless `follow` is false. Each
 * request uses a fresh connection (no keep-alive) and is destroyed on abort.
 */
export function httpResource(label: string, options: HttpOptions): Resource {
  return {
    label,
    check(signal) {
      const target = targetOf(label);
      if (target === undefined) return Promise.reject(new FatalResourceError(label, `malformed URL: ${label}`));
      return request(label, target, options, signal, options.method, 0);
    },
  };
}

function request(
  label: string,
  target: Target,
  options: HttpOptions,
  signal: AbortSignal,
  method: string,
  redirects: number,
): Promise<CheckResult> {
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise<CheckResult>((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      const common = { method, headers: options.headers, agent: false, signal, rejectUnauthorized: !options.insecure };
      req =
        target.socketPath === undefined
          ? client.request(target.url, common)
          : client.request({ ...common, socketPath: target.socketPath, path: target.url.pathname + target.url.search });
    } catch (error) {
      reject(new FatalResourceError(label, `cannot request ${label}: ${describeFailure(error)}`));
      return;
    }
    req.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      response.resume();
      req.destroy();
      if (options.follow && REDIRECTS.has(status) && location !== undefined && redirects < MAX_REDIRECTS) {
        const next: Target = { url: new URL(location, target.url), socketPath: target.socketPath };
        if (next.url.host !== target.url.host) delete next.socketPath; // left the socket's host
        resolve(request(label, next, options, signal, status === 303 ? 'GET' : method, redirects + 1));
        return;
      }
      const after = redirects === 0 ? '' : ` after ${redirects} redirect${redirects === 1 ? '' : 's'}`;
      resolve({ ready: options.statusOk(status), detail: `HTTP ${status}${after}` });
    });
    req.on('error', (error) => resolve({ ready: false, detail: describeFailure(error) }));
    req.end();
  });
}

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
