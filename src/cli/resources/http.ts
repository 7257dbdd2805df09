import { httpCheck } from '../../checks/index.js';
import type { ResourceType } from '../resource.js';
import { UsageError } from '../resource.js';

/** `http://...` and `https://...` (wait-on's `http-get://` and `https-get://` too: GET is the default). */
export const httpType: ResourceType = {
  help: [
    ['http://HOST[:PORT]/PATH', 'ready when it answers with a 2xx status (see --status)'],
    ['https://HOST[:PORT]/PATH', 'the same over TLS (see --ca, --cert, --key)'],
    ['http://unix:SOCKET:/PATH', 'the same over a unix socket (as wait-on writes it)'],
  ],
  written: 'http://..., https://...',
  matches: (target) => /^https?(-get)?:\/\//i.test(target),
  parse(target, { method, headers, statusOk, insecure, follow, attemptTimeout, tls }) {
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
