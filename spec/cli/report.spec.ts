import { ttyReporter } from '../../src/cli/report';
import type { Streams } from '../../src/cli/report';

/** A terminal 100 columns wide whose frames are captured; the last frame's lines. */
function terminal() {
  const writes: string[] = [];
  const streams = {
    stdout: { columns: 100, write: (text: string) => (writes.push(text), true) },
    stderr: { write: (text: string) => (writes.push(text), true) },
  } as unknown as Streams;
  const lastFrame = () =>
    writes[writes.length - 1]
      .split('\n')
      .filter(Boolean)
      // eslint-disable-next-line no-control-regex
      .map((line) => line.replace(/\x1b\[\d*[A-Z]|\r/g, ''));
  return { streams, writes, lastFrame };
}

describe('ttyReporter', () => {
  it('should say no attempt number while the first check is out, then the number of checks made', () => {
    let clock = 0;
    const { streams, lastFrame } = terminal();
    const reporter = ttyReporter(streams, () => clock);
    reporter.start(['cmd:sleep 30', 'tcp:db:5432'], 10_000);
    clock = 1500;
    reporter.attempt(1, 1, { ready: false, detail: 'ECONNREFUSED' }, 1500, 250);
    expect(lastFrame()).toEqual([
      '⠋ cmd:sleep 30  ·  no answer yet  ·  1.5s  ·  8.5s left',
      '⠋ tcp:db:5432  ·  ECONNREFUSED  ·  attempt 1  ·  1.5s  ·  next in 250ms  ·  8.5s left',
    ]);
    reporter.finish({ kind: 'interrupted', exitCode: 130, message: 'interrupted by SIGINT', elapsed: 1500 });
  });
});
