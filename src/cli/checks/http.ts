import * as http from 'node:http';
import * as https from 'node:https';
import type { CheckResult, Resource, ResourceType } from '../resource.js';
import { FatalResourceError, UsageError, describeFailure } from '../resource.js';

/** `http://...` and `https://...`. */
export const httpType: ResourceType = {
  help: [
    ['http://HOST[:PORT]/PATH', 'ready when it answers with a 2xx status (see --status)'],
    ['https://HOST[:PORT]/PATH', 'the same over TLS'],
  ],
  written: 'http://..., https://...',
  matches: (target) => /^https?:\/\//i.test(target),
  parse(target, { method, headers, statusOk, insecure }) {
    // caught here, exit 2, rather than at the first check (exit 1; with --any it read as
    // "no answer yet"): no host, a port over 65535, anything the URL parser refuses
    let url: URL | undefined;
    try {
      url = new URL(target);
    } catch {
      url = undefined;
    }
    if (url === undefined || url.hostname === '') {
      throw new UsageError(`invalid resource '${target}' (expected a URL such as http://host:8080/health)`);
    }
    return httpResource(target, { method, headers, statusOk, insecure });
  },
};

export interface HttpOptions {
  method: string;
  headers: Record<string, string>;
  /** Which statuses mean ready. */
  statusOk: (status: number) => boolean;
  insecure: boolean;
}

/**
 * An `http://` or `https://` URL, ready when it answers with an accepted status. The
 * URL is parsed when checked, so a malformed one is a fatal resource error (exit 1).
 * Each request uses a fresh connection (no keep-alive) and is destroyed on abort.
 */
export function httpResource(label: string, options: HttpOptions): Resource {
  return {
    label,
    check(signal) {
      let url: URL;
      try {
        url = new URL(label);
      } catch {
        return Promise.reject(new FatalResourceError(label, `malformed URL: ${label}`));
      }
      const client = url.protocol === 'https:' ? https : http;
      return new Promise<CheckResult>((resolve, reject) => {
        let request: http.ClientRequest;
        try {
          request = client.request(url, {
            method: options.method,
            headers: options.headers,
            agent: false,
            signal,
            rejectUnauthorized: !options.insecure,
          });
        } catch (error) {
          reject(new FatalResourceError(label, `cannot request ${label}: ${describeFailure(error)}`));
          return;
        }
        request.on('response', (response) => {
          const status = response.statusCode ?? 0;
          response.resume();
          request.destroy();
          resolve({ ready: options.statusOk(status), detail: `HTTP ${status}` });
        });
        request.on('error', (error) => resolve({ ready: false, detail: describeFailure(error) }));
        request.end();
      });
    },
  };
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
