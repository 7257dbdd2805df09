import { access } from 'node:fs/promises';
import type { Resource, ResourceType } from '../resource.js';
import { UsageError, describeFailure } from '../resource.js';

/** `file:PATH`. */
export const fileType: ResourceType = {
  help: [['file:PATH', 'ready when PATH exists']],
  written: 'file:PATH',
  matches: (target) => target.startsWith('file:'),
  parse(target) {
    const path = target.slice('file:'.length);
    if (path === '') throw new UsageError(`invalid resource '${target}' (expected file:PATH)`);
    return fileResource(target, path);
  },
};

/** `file:PATH`, ready when it exists; an error other than ENOENT cannot tell. */
export function fileResource(label: string, path: string): Resource {
  return {
    label,
    async check() {
      try {
        await access(path);
        return { ready: true, detail: 'exists' };
      } catch (error) {
        const code = describeFailure(error);
        // ENOENT (or ENOTDIR) says it is not there; EACCES, ELOOP and the rest cannot tell
        if (code === 'ENOENT' || code === 'ENOTDIR') return { ready: false, detail: 'missing' };
        return { ready: false, unknown: true, detail: code };
      }
    },
  };
}
