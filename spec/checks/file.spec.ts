import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileCheck, reversed } from '../../src/checks/index';
import { folder, never } from './support';

describe('fileCheck', () => {
  it('should be ready once the path exists, file or folder', async () => {
    const dir = folder();
    const path = join(dir, 'ready');
    expect(await fileCheck(path).probe(never())).toEqual({ ready: false, detail: 'missing' });
    writeFileSync(path, '');
    expect(await fileCheck(path).probe(never())).toEqual({ ready: true, detail: 'exists, 0 bytes' });
    writeFileSync(path, '1');
    expect(await fileCheck(path).probe(never())).toEqual({ ready: true, detail: 'exists, 1 byte' });
    writeFileSync(path, 'twelve bytes');
    expect(await fileCheck(path).probe(never())).toEqual({ ready: true, detail: 'exists, 12 bytes' });
    mkdirSync(join(dir, 'sub'));
    expect(await fileCheck(join(dir, 'sub')).probe(never())).toEqual({ ready: true, detail: 'exists' });
    expect(await fileCheck(join(path, 'under-a-file')).probe(never())).toEqual({ ready: false, detail: 'missing' });
    expect(await fileCheck(path)({ signal: never() })).toBe(true);
    expect(fileCheck(path).label).toBe(`file:${path}`);
  });

  it('should call a check that cannot tell (ELOOP) unknown, which reversed() does not take as gone', async () => {
    const dir = folder();
    const loop = join(dir, 'loop');
    symlinkSync(loop, loop);
    expect(await fileCheck(loop).probe(never())).toEqual({ ready: false, unknown: true, detail: 'ELOOP' });
    expect(await reversed(fileCheck(loop)).probe(never())).toEqual({ ready: false, unknown: true, detail: 'ELOOP' });
    expect(await reversed(fileCheck(join(dir, 'none'))).probe(never())).toEqual({
      ready: true,
      detail: 'gone (missing)',
    });
  });

  it('should refuse a path that is not a non-empty string, naming it', () => {
    expect(() => fileCheck('')).toThrow('Expected `path` to be a file path, got ""');
    expect(() => fileCheck(undefined as never)).toThrow(TypeError);
    expect(() => fileCheck('/x', null as never)).toThrow(
      'Expected the options of `fileCheck` to be an object, got null',
    );
  });

  it('should say aborted, as every check does, for a caller that has already aborted or aborts while it looks', async () => {
    const dir = folder();
    const controller = new AbortController();
    controller.abort();
    expect(await fileCheck(dir).probe(controller.signal)).toEqual({ ready: false, detail: 'aborted' });
    const later = new AbortController();
    const probe = fileCheck(dir, { attemptTimeout: Infinity }).probe(later.signal);
    later.abort();
    expect(await probe).toEqual({ ready: false, detail: 'aborted' });
    const limited = new AbortController();
    const probeWithLimit = fileCheck(dir).probe(limited.signal);
    limited.abort();
    expect(await probeWithLimit).toEqual({ ready: false, detail: 'aborted' });
  });
});
