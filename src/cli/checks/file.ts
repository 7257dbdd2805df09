import { access } from 'node:fs/promises';
import type { Resource, ResourceType } from '../resource.js';
import { UsageError, describeFailure } from '../resource.js';

/** `file:PATH`. */
export const fileType: ResourceType = {
  help: [['file:PATH', 'ready when PATH exists (with --reverse: when it is gone)']],
  written: 'file:PATH',
  matches: (target) => target.startsWith('file:'),
  parse(target, { reverse }) {
    const path = target.slice('file:'.length);
    if (path === '') throw new UsageError(`invalid resource '${target}' (expected file:PATH)`);
    return fileResource(target, path, reverse);
  },
};

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
