import { access } from 'node:fs/promises';
import type { Resource } from '../resource.js';
import { describeFailure } from '../resource.js';

/** `file:PATH`, ready when it exists (or, with `reverse`, when it is gone). */
export function fileResource(label: string, path: string, reverse: boolean): Resource {
  return {
    label,
    async check() {
      let exists: boolean;
      let detail: string;
      try {
        await access(path);
        exists = true;
        detail = 'exists';
      } catch (error) {
        exists = false;
        const code = describeFailure(error);
        detail = code === 'ENOENT' ? 'missing' : code;
      }
      return { ready: reverse ? !exists : exists, detail };
    },
  };
}
