import * as http from 'node:http';
import * as https from 'node:https';
import { checkBoolean, checkFunction, checkOptions, reject, withDefault } from '../internal/validate.js';
import type { Check, CheckOptions, CheckResult } from './check.js';
import { describeFailure, makeCheck } from './check.js';

/** Options of {@link httpCheck}. */
export interface HttpCheckOptions extends CheckOptions {
  /** The request method. @default 'GET' */
  method?: string | undefined;
  /** Request headers. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Which statuses mean ready. @default 2xx: `(status) => status >= 200 && status <= 299` */
  status?: ((status: number) => boolean) | undefined;
  /** Accept any TLS certificate (a self-signed one in development). @default false */
  insecure?: boolean | undefined;
  /** Follow redirects (at most 10), as wait-on and dockerize do. @default true */
  follow?: boolean | undefined;
  /**
   * HTTPS: the certificate authorities to trust instead of Node's bundled list (PEM: an
   * internal CA), as `https.request`'s `ca` takes them.
   */
  ca?: string | Uint8Array | readonly (string | Uint8Array)[] | undefined;
  /** HTTPS: the client certificate for mutual TLS (PEM; a `Buffer` is a `Uint8Array`), with {@link HttpCheckOptions.key}. */
  cert?: string | Uint8Array | undefined;
  /** HTTPS: the private key of {@link HttpCheckOptions.cert} (PEM). */
  key?: string | Uint8Array | undefined;
}

/** The TLS material a request carries (only what was given). */
interface Tls {
  ca?: string | Buffer | (string | Buffer)[];
  cert?: string | Buffer;
  key?: string | Buffer;
}

/** `http://unix:/run/app.sock:/health`, as wait-on writes HTTP over a unix socket. */
const UNIX_URL = /^(https?):\/\/unix:(\/[^:]+):(\/.*)$/i;
/** Any URL meant for a unix socket: `unix` as the host name is never a real host. */
const UNIX_LIKE = /^https?:\/\/unix(?::|\/|$)/i;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

/** Where one request goes: a URL, or a unix socket and a path on it. */
interface Target {
  url: URL;
  socketPath?: string | undefined;
}

function targetOf(label: string): Target | undefined {
  const unix = UNIX_URL.exec(label);
  try {
    if (unix !== null) return { url: new URL(`${unix[1]}://localhost${unix[3]}`), socketPath: unix[2] };
    // `http://unix:sock:/x` (a relative socket) or `http://unix:/sock:http://host/x` would
    // ask a host called "unix" and fail with ENOTFOUND on every check, for ever
    if (UNIX_LIKE.test(label)) return undefined;
    // (an http(s) URL that parses always has a host: `http://` and `http://:80` throw)
    const url = new URL(label);
    return /^https?:$/.test(url.protocol) ? { url } : undefined;
  } catch {
    return undefined;
  }
}

interface Request {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly status: (status: number) => boolean;
  readonly insecure: boolean;
  readonly follow: boolean;
  readonly tls: Tls;
}

/**
 * Ready when an `http://` or `https://` URL answers with an accepted status (2xx by
 * default). `http://unix:SOCKET:/PATH` asks over a unix domain socket, as wait-on writes
 * it. Redirects are followed (to http(s) URLs only: a `Location` that does not parse, or
 * leads to `ftp:` or `mailto:`, is "not ready" and says so). Each check makes one fresh connection (no keep-alive),
 * destroyed when the signal aborts; a refused or reset connection, a DNS failure or a
 * TLS error is "not ready". `ca`, `cert` and `key` trust an internal CA and present a
 * client certificate (mutual TLS). The answer to why a plain `fetch` condition ends the wait
 * while the service is still down (its rejection is the condition's error).
 *
 * ## Example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { pollUntil } from 'rxjs-wait';
 * import { httpCheck } from 'rxjs-wait/checks';
 *
 * const health = httpCheck('http://localhost:8080/health', { status: (s) => s < 300 });
 * await firstValueFrom(pollUntil(health, { interval: 500, timeout: 30_000 }));
 * console.log((await health.probe(AbortSignal.timeout(1000))).detail);
 * // Output:
 * // HTTP 200
 * ```
 *
 * @param url the URL to ask; a `TypeError` at once when it is not an http(s) URL with a host.
 * @param options `method`, `headers`, `status` (a throw there rejects the check with that
 *   error, ending a wait as a condition's error), `insecure`, `follow`, `attemptTimeout`, `label`.
 * @returns a {@link Check}: a condition, and `probe` for what it saw (`HTTP 503`, `ECONNREFUSED`).
 */
export function httpCheck(url: string | URL, options: HttpCheckOptions = {}): Check {
  const label = typeof url === 'string' ? url : url instanceof URL ? url.href : undefined;
  const target = label === undefined ? undefined : targetOf(label);
  if (label === undefined || target === undefined) {
    reject(TypeError, 'url', 'an http(s) URL with a host, or http://unix:/ABSOLUTE/SOCKET:/PATH', url);
  }
  checkOptions(options, 'httpCheck');
  const method = withDefault(options.method, 'GET');
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) reject(TypeError, 'method', 'an HTTP method', method);
  const headers = withDefault(options.headers, {});
  if (typeof headers !== 'object' || headers === null) reject(TypeError, 'headers', 'an object', headers);
  for (const [name, value] of Object.entries(headers)) {
    try {
      http.validateHeaderName(name);
      http.validateHeaderValue(name, value);
    } catch {
      reject(TypeError, `headers[${JSON.stringify(name)}]`, 'a valid HTTP header', value);
    }
  }
  const request: Request = {
    method, // Node sends it upper-cased
    headers,
    status: checkFunction('status', withDefault(options.status, isSuccess)),
    insecure: checkBoolean('insecure', withDefault(options.insecure, false)),
    follow: checkBoolean('follow', withDefault(options.follow, true)),
    tls: tlsOf(options),
  };
  return makeCheck('httpCheck', options, label, (signal) => ask(target, request, signal, request.method, 0));
}

const isSuccess = (status: number) => status >= 200 && status <= 299;

const isPem = (value: unknown): value is string | Uint8Array =>
  (typeof value === 'string' && value !== '') || value instanceof Uint8Array;

/** `ca`, `cert` and `key`, checked: PEM text or a Buffer each; a `cert` needs its `key`. */
function tlsOf({ ca, cert, key }: HttpCheckOptions): Tls {
  const tls: Tls = {};
  if (ca !== undefined) {
    if (!(Array.isArray(ca) ? ca.length > 0 && ca.every(isPem) : isPem(ca))) {
      reject(TypeError, 'ca', 'PEM text or a Buffer (or a list of them)', ca);
    }
    tls.ca = (Array.isArray(ca) ? [...(ca as unknown[])] : ca) as Tls['ca'];
  }
  for (const [name, value] of [
    ['cert', cert],
    ['key', key],
  ] as const) {
    if (value !== undefined && !isPem(value)) reject(TypeError, name, 'PEM text or a Buffer', value);
  }
  if ((cert === undefined) !== (key === undefined)) {
    reject(
      TypeError,
      cert === undefined ? 'cert' : 'key',
      'given with `' + (cert === undefined ? 'key' : 'cert') + '`',
      undefined,
    );
  }
  if (cert !== undefined) Object.assign(tls, { cert, key }); // Node takes any Uint8Array
  return tls;
}

/**
 * Where a redirect leads, or why it is not followed: a `Location` that is no URL (`http://[::1`,
 * a port over 65535) or leads to a scheme other than http(s) (`ftp:`, `mailto:`).
 */
function redirectTarget(from: Target, location: string): Target | string {
  let url: URL;
  try {
    url = new URL(location, from.url);
  } catch {
    return `redirect to an invalid URL: ${JSON.stringify(location.slice(0, 80))}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `redirect to ${url.protocol} not followed`;
  // a redirect that leaves the socket's host leaves the socket too
  return { url, socketPath: url.host === from.url.host ? from.socketPath : undefined };
}

function ask(
  target: Target,
  options: Request,
  signal: AbortSignal,
  method: string,
  redirects: number,
): Promise<CheckResult> {
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise<CheckResult>((resolve, fail) => {
    const common = {
      method,
      headers: options.headers,
      agent: false,
      signal,
      rejectUnauthorized: !options.insecure,
      ...options.tls,
    };
    // The options were checked up front; should Node still refuse the request, its error
    // rejects the check as it is (the executor's throw).
    const req =
      target.socketPath === undefined
        ? client.request(target.url, common)
        : client.request({ ...common, socketPath: target.socketPath, path: target.url.pathname + target.url.search });
    req.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      response.resume();
      req.destroy();
      // Whatever the server sends ends as ready, not ready or the `status` predicate's own
      // error: a throw in this listener would escape every caller and end the process.
      try {
        if (options.follow && REDIRECTS.has(status) && location !== undefined && redirects < MAX_REDIRECTS) {
          const next = redirectTarget(target, location);
          if (typeof next === 'string') {
            resolve({ ready: false, detail: `HTTP ${status} (${next})` });
          } else {
            resolve(ask(next, options, signal, status === 303 ? 'GET' : method, redirects + 1));
          }
          return;
        }
        const after = redirects === 0 ? '' : ` after ${redirects} redirect${redirects === 1 ? '' : 's'}`;
        resolve({ ready: options.status(status), detail: `HTTP ${status}${after}` });
      } catch (error) {
        fail(error);
      }
    });
    req.on('error', (error) => resolve({ ready: false, detail: describeFailure(error) }));
    req.end();
  });
}
