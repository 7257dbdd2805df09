import { asyncScheduler } from 'rxjs';
import { backoffRetry, exponentialBackoff, pollImmediate, pollUntil, repeatUntil, until } from '../src';

type Factory = (options: Record<string, unknown>) => unknown;

const factories: Record<string, { call: Factory; base: Record<string, unknown> }> = {
  pollUntil: { call: (o) => pollUntil(() => true, o as never), base: { interval: 10 } },
  pollImmediate: { call: (o) => pollImmediate(() => true, o as never), base: { interval: 10 } },
  repeatUntil: { call: (o) => repeatUntil(() => true, o as never), base: { interval: 10 } },
  exponentialBackoff: { call: (o) => exponentialBackoff(() => true, o as never), base: { duration: 10, steps: 3 } },
  backoffRetry: { call: (o) => backoffRetry(o as never), base: { duration: 10, steps: 3 } },
  until: { call: (o) => until(() => 1, o as never), base: { period: 10 } },
};

const durations: Record<string, string[]> = {
  pollUntil: ['interval'],
  pollImmediate: ['interval'],
  repeatUntil: ['interval'],
  exponentialBackoff: ['duration', 'factor', 'jitter', 'cap'],
  backoffRetry: ['duration', 'factor', 'jitter', 'cap'],
  until: ['period', 'jitterFactor'],
};

const badNumbers: [string, unknown, ErrorConstructor][] = [
  ['negative', -1, RangeError],
  ['NaN', NaN, RangeError],
  ['Infinity', Infinity, RangeError],
  ['a string', '10', TypeError],
  ['null', null, TypeError],
  ['a boolean', true, TypeError],
];

describe('option validation', () => {
  for (const [name, { call, base }] of Object.entries(factories)) {
    describe(name, () => {
      it('should accept its minimal options', () => {
        expect(() => call(base)).not.toThrow();
      });

      it.each([undefined, null, 'options', 42])(
        'should reject options %p with a TypeError naming the function',
        (options) => {
          expect(() => call(options as never)).toThrow(TypeError);
        },
      );

      for (const option of durations[name]) {
        it.each(badNumbers)(`should reject \`${option}\` %s`, (_label, value, type) => {
          const attempt = () => call({ ...base, [option]: value });
          expect(attempt).toThrow(type);
          expect(attempt).toThrow(new RegExp(`\`${option}\``));
        });
      }

      it.each([
        ['negative', -1, RangeError],
        ['NaN', NaN, RangeError],
        ['a string', '5', TypeError],
      ])('should reject `timeout` %s and accept Infinity and 0', (_label, value, type) => {
        expect(() => call({ ...base, timeout: value })).toThrow(type);
        expect(() => call({ ...base, timeout: value })).toThrow(/`timeout`/);
        expect(() => call({ ...base, timeout: Infinity })).not.toThrow();
        expect(() => call({ ...base, timeout: 0 })).not.toThrow();
      });

      it.each([
        ['a string', 'signal'],
        ['a plain object', { aborted: false }],
        ['null', null],
      ])('should reject `signal` that is %s', (_label, value) => {
        expect(() => call({ ...base, signal: value })).toThrow(/Expected `signal` to be an AbortSignal/);
      });

      it('should reject a `scheduler` that is not one', () => {
        expect(() => call({ ...base, scheduler: { now: () => 0 } })).toThrow(/`scheduler`/);
        expect(() => call({ ...base, scheduler: asyncScheduler })).not.toThrow();
      });

      it('should treat an explicit undefined as the default', () => {
        expect(() => call({ ...base, timeout: undefined, signal: undefined, scheduler: undefined })).not.toThrow();
      });
    });
  }

  describe.each(['pollUntil', 'pollImmediate', 'repeatUntil'])('%s', (name) => {
    it('should require `interval`', () => {
      expect(() => factories[name].call({})).toThrow(
        new TypeError('Expected `interval` to be a number, got undefined'),
      );
    });
    it('should reject a non-boolean `sliding`', () => {
      expect(() => factories[name].call({ interval: 1, sliding: 'yes' })).toThrow(/`sliding`/);
    });
  });

  describe.each(['exponentialBackoff', 'backoffRetry'])('%s', (name) => {
    it.each([
      ['missing', undefined, TypeError],
      ['fractional', 2.5, RangeError],
      ['negative', -1, RangeError],
      ['infinite', Infinity, RangeError],
      ['a string', '3', TypeError],
    ])('should reject `steps` %s', (_label, steps, type) => {
      expect(() => factories[name].call({ duration: 10, steps })).toThrow(type);
      expect(() => factories[name].call({ duration: 10, steps })).toThrow(/`steps`/);
    });

    it('should reject a `random` that is not a function', () => {
      expect(() => factories[name].call({ duration: 10, steps: 2, random: 0.5 })).toThrow(/`random`/);
    });
  });

  it('should reject a non-boolean `immediate`', () => {
    expect(() => pollUntil(() => true, { interval: 1, immediate: 1 as never })).toThrow(/`immediate`/);
    expect(() => repeatUntil(() => true, { interval: 1, immediate: 'no' as never })).toThrow(/`immediate`/);
  });

  it('should describe the bad value in the message', () => {
    expect(() => pollUntil(() => true, { interval: -1 })).toThrow(
      'Expected `interval` to be a finite number >= 0, got -1',
    );
    expect(() => pollUntil(() => true, { interval: NaN })).toThrow('got NaN');
    expect(() => pollUntil(() => true, { interval: '5' as never })).toThrow(
      'Expected `interval` to be a number, got "5"',
    );
    expect(() => backoffRetry({ duration: 1, steps: 1.5 })).toThrow('Expected `steps` to be an integer >= 1, got 1.5');
  });

  it('should reject a missing condition with a TypeError', () => {
    expect(() => pollUntil(null as never, { interval: 1 })).toThrow('Expected `condition` to be a function, got null');
    expect(() => exponentialBackoff(undefined as never, { duration: 1, steps: 1 })).toThrow(/`condition`/);
  });
});
