import { formatDuration, parseDuration } from '../../src/cli/duration';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5s', 1500],
    ['1m', 60_000],
    ['1.5m', 90_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['0', 0],
    ['0.0', 0],
    ['.5s', 500],
    [' 3s ', 3000],
  ])('should read %p as %p ms', (text, ms) => {
    expect(parseDuration(text, '--interval')).toBe(ms);
  });

  it('should refuse a bare number other than 0, asking which unit was meant', () => {
    expect(() => parseDuration('30', '--timeout')).toThrow(
      new RangeError("invalid duration for --timeout: '30' (30s or 30ms?)"),
    );
    expect(() => parseDuration('1.5', '--interval')).toThrow(/'1\.5' \(1\.5s or 1\.5ms\?\)/);
  });

  it('should refuse digits that overflow to Infinity, as too long (not "forever", not a crash)', () => {
    const huge = `${'9'.repeat(400)}ms`;
    expect(() => parseDuration(huge, '--interval')).toThrow(
      new RangeError("invalid duration for --interval: '99999999999999999999…' (too long)"),
    );
    expect(() => parseDuration(`${'9'.repeat(306)}h`, '--stable')).toThrow(/--stable: .*\(too long\)/);
  });

  it.each(['', 's', '-1s', '5x', '1e3', '2 s', 'Infinity', 'NaN', '1.s'])(
    'should reject %p naming the option',
    (text) => {
      expect(() => parseDuration(text, '--timeout')).toThrow(RangeError);
      expect(() => parseDuration(text, '--timeout')).toThrow(/--timeout/);
    },
  );
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [1000, '1.0s'],
    [3249, '3.2s'],
    [59_999, '60.0s'],
    [60_000, '1m00s'],
    [125_000, '2m05s'],
    [Infinity, 'forever'],
  ])('should format %p as %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
