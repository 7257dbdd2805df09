import { stat } from 'node:fs/promises';
import { reject } from '../internal/validate.js';
import type { Check, CheckOptions } from './check.js';
import { describeFailure, makeCheck } from './check.js';

/**
 * Ready when `path` exists; the detail gives a file's size (`exists, 1024 bytes`), so that
 * a file still being written reads as changing. `ENOENT` and `ENOTDIR` mean "missing"; any other error
 * (`EACCES`, `ELOOP`) cannot tell, so the result is not ready and `unknown`, which
 * {@link reversed} does not count as gone.
 *
 * ## Example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { pollUntil } from 'rxjs-wait';
 * import { fileCheck } from 'rxjs-wait/checks';
 *
 * await firstValueFrom(pollUntil(fileCheck('/tmp/app.ready'), { interval: 100, timeout: 10_000 }));
 * ```
 *
 * @param path the file or directory.
 * @param options `attemptTimeout`, `label`.
 * @returns a {@link Check}; its `label` is `file:path`.
 */
export function fileCheck(path: string, options: CheckOptions = {}): Check {
  if (typeof path !== 'string' || path === '') reject(TypeError, 'path', 'a file path', path);
  return makeCheck('fileCheck', options, `file:${path}`, async () => {
    try {
      const found = await stat(path);
      return {
        ready: true,
        detail: found.isFile() ? `exists, ${found.size} byte${found.size === 1 ? '' : 's'}` : 'exists',
      };
    } catch (error) {
      const code = describeFailure(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ready: false, detail: 'missing' };
      return { ready: false, unknown: true, detail: code };
    }
  });
}
