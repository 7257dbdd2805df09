import { asyncScheduler } from 'rxjs';
import { createTestScheduler } from './helpers';
import {
  backoffRetry,
  decorrelatedJitter,
  exponentialBackoff,
  interruptOn,
  jitter,
  pollImmediate,
  pollUntil,
  repeatUntil,
  stepBackoff,
  until,
} from '../src';

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
  exponentialBackoff: ['duration', 'factor', 'cap'],
  backoffRetry: ['duration', 'factor', 'cap'],
  until: ['period'],
};

/** Jitter factors: any finite number, as in Go, where one <= 0 means no jitter. */
const factors: Record<string, string[]> = {
  pollUntil: [],
  pollImmediate: [],
  repeatUntil: [],
  exponentialBackoff: ['jitter'],
  backoffRetry: ['jitter'],
  until: ['jitterFactor'],
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

      it.each([
        [undefined, 'undefined'],
        [null, 'null'],
        ['options', '"options"'],
        [42, '42'],
      ])('should reject options %p with a TypeError naming the function', (options, described) => {
        // exact: reading a field of null or undefined would throw a TypeError too
        expect(() => call(options as never)).toThrow(
          new TypeError(`Expected the options of \`${name}\` to be an object, got ${described}`),
        );
      });

      for (const option of durations[name]) {
        it.each(badNumbers)(`should reject \`${option}\` %s`, (_label, value, type) => {
          const attempt = () => call({ ...base, [option]: value });
          expect(attempt).toThrow(type);
          expect(attempt).toThrow(new RegExp(`\`${option}\``));
        });
      }

      for (const option of factors[name]) {
        it.each(badNumbers.filter(([label]) => label !== 'negative'))(
          `should reject \`${option}\` %s`,
          (_label, value, type) => {
            const attempt = () => call({ ...base, [option]: value });
            expect(attempt).toThrow(type);
            expect(attempt).toThrow(new RegExp(`\`${option}\``));
          },
        );

        it(`should accept a negative \`${option}\` (Go: no jitter)`, () => {
          expect(() => call({ ...base, [option]: -0.5 })).not.toThrow();
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
        new TypeError('Expected `interval` to be a finite number >= 0, got undefined'),
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
      ['-Infinity', -Infinity, RangeError],
      ['NaN', NaN, RangeError],
      ['a string', '3', TypeError],
    ])('should reject `steps` %s', (_label, steps, type) => {
      expect(() => factories[name].call({ duration: 10, steps })).toThrow(type);
      expect(() => factories[name].call({ duration: 10, steps })).toThrow(/`steps`/);
    });

    it('should reject a `random` that is not a function', () => {
      expect(() => factories[name].call({ duration: 10, steps: 2, random: 0.5 })).toThrow(/`random`/);
    });

    it('should take `steps: Infinity` as no limit on attempts', () => {
      expect(() => factories[name].call({ duration: 10, steps: Infinity })).not.toThrow();
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
      'Expected `interval` to be a finite number >= 0, got "5"',
    );
    expect(() => backoffRetry({ duration: 1, steps: 1.5 })).toThrow(
      'Expected `steps` to be an integer >= 1 (Infinity for no limit), got 1.5',
    );
  });

  it('should reject a missing condition with a TypeError', () => {
    expect(() => pollUntil(null as never, { interval: 1 })).toThrow('Expected `condition` to be a function, got null');
    expect(() => exponentialBackoff(undefined as never, { duration: 1, steps: 1 })).toThrow(/`condition`/);
  });
});

describe('validation messages', () => {
  it.each<[string, () => unknown]>([
    ['pollUntil', () => pollUntil(() => true, null as never)],
    ['pollImmediate', () => pollImmediate(() => true, null as never)],
    ['repeatUntil', () => repeatUntil(() => true, null as never)],
    ['exponentialBackoff', () => exponentialBackoff(() => true, null as never)],
    ['backoffRetry', () => backoffRetry(null as never)],
    ['until', () => until(() => 1, null as never)],
    ['stepBackoff', () => stepBackoff(null as never)],
    ['decorrelatedJitter', () => decorrelatedJitter(null as never)],
  ])('should name %s when its options are not an object', (name, call) => {
    expect(call).toThrow(new TypeError(`Expected the options of \`${name}\` to be an object, got null`));
  });

  it.each<[string, unknown]>([
    ['a function', () => 1],
    ['an array', [1]],
    ['an object', { ms: 1 }],
    ['null', null],
    ['true', true],
    ['"5"', '5'],
  ])('should describe a bad value as %s', (described, value) => {
    expect(() => pollUntil(() => true, { interval: value as number })).toThrow(
      new TypeError(`Expected \`interval\` to be a finite number >= 0, got ${described}`),
    );
  });

  it('should give exact messages for each kind of check', () => {
    expect(() => pollUntil(() => true, { interval: 1, timeout: -1 })).toThrow(
      new RangeError('Expected `timeout` to be a number >= 0 (Infinity for none), got -1'),
    );
    expect(() => pollUntil(() => true, { interval: 1, sliding: 'yes' as never })).toThrow(
      new TypeError('Expected `sliding` to be a boolean, got "yes"'),
    );
    expect(() => pollUntil(() => true, { interval: 1, scheduler: 'async' as never })).toThrow(
      new TypeError('Expected `scheduler` to be an RxJS scheduler, got "async"'),
    );
    expect(() => pollUntil(() => true, { interval: 1, signal: 'abort' as never })).toThrow(
      new TypeError('Expected `signal` to be an AbortSignal, got "abort"'),
    );
    expect(() => stepBackoff({ duration: 1, jitterMode: 'random' as never })).toThrow(
      new RangeError(
        "Expected `jitterMode` to be one of 'proportional', 'full', 'equal', 'decorrelated', got \"random\"",
      ),
    );
    expect(() => until(() => 1, { period: 1, random: 0.5 as never })).toThrow(
      new TypeError('Expected `random` to be a function, got 0.5'),
    );
    expect(() => backoffRetry({ duration: 1, steps: 1, retryAfter: 5 as never })).toThrow(/`retryAfter`/);
    expect(() => backoffRetry({ duration: 1, steps: 1, onRetry: 5 as never })).toThrow(/`onRetry`/);
  });

  it('should reject schedulers and signals that only look the part', () => {
    expect(() => pollUntil(() => true, { interval: 1, scheduler: { schedule: () => undefined } as never })).toThrow(
      /`scheduler`/,
    );
    expect(() => pollUntil(() => true, { interval: 1, scheduler: { now: () => 0 } as never })).toThrow(/`scheduler`/);
    expect(() => pollUntil(() => true, { interval: 1, signal: { addEventListener: 1 } as never })).toThrow(/`signal`/);
  });

  it('should give exact messages for jitter, decorrelatedJitter and interruptOn', () => {
    expect(() => jitter(-1, 1)).toThrow(new RangeError('Expected `duration` to be a finite number >= 0, got -1'));
    expect(() => jitter(1, '1' as never)).toThrow(new TypeError('Expected `maxFactor` to be a finite number, got "1"'));
    expect(() => jitter(1, 1, 'random' as never)).toThrow(
      new TypeError('Expected `random` to be a function, got "random"'),
    );
    expect(() => decorrelatedJitter({ base: 0, cap: 1 })).toThrow(
      new RangeError('Expected `base` to be a finite number > 0, got 0'),
    );
    expect(() => decorrelatedJitter({ base: 1, cap: -1 })).toThrow(
      new RangeError('Expected `cap` to be a finite number >= `base` (1), got -1'),
    );
    expect(() => decorrelatedJitter({ base: 10, cap: 5 })).toThrow(
      new RangeError('Expected `cap` to be a finite number >= `base` (10), got 5'),
    );
    expect(() => stepBackoff({ duration: 1, base: -1 })).toThrow(/`base`/);
    expect(() => stepBackoff({ duration: 1, steps: 1.5 })).toThrow(
      new RangeError('Expected `steps` to be an integer (< 1: no growth), got 1.5'),
    );
    expect(() => stepBackoff({ duration: 1, jitterMode: 'decorrelated' })).toThrow(
      new RangeError("Expected `base` to be a finite number > 0 with jitterMode 'decorrelated', got 0"),
    );
    // a function that carries the right methods is still not a signal or a scheduler
    const signalLike = Object.assign(() => {}, { addEventListener() {}, removeEventListener() {}, aborted: false });
    expect(() => pollUntil(() => true, { interval: 1, signal: signalLike as never })).toThrow(
      new TypeError('Expected `signal` to be an AbortSignal, got a function'),
    );
    const schedulerLike = Object.assign(() => {}, { schedule() {}, now: () => 0 });
    expect(() => pollUntil(() => true, { interval: 1, scheduler: schedulerLike as never })).toThrow(
      new TypeError('Expected `scheduler` to be an RxJS scheduler, got a function'),
    );
    expect(() => interruptOn('later' as never)).toThrow(
      new TypeError('Expected `signalOrNotifier` to be an AbortSignal or an Observable, got "later"'),
    );
  });

  describe('a `random` that returns no number from 0 to 1', () => {
    // NaN, undefined or a string made a NaN delay: no timer armed, no outcome, ever
    const bad: [string, unknown, ErrorConstructor][] = [
      ['NaN', NaN, RangeError],
      ['-0.1', -0.1, RangeError],
      ['1.5', 1.5, RangeError],
      ['undefined', undefined, TypeError],
      ['"0.5"', '0.5', TypeError],
    ];

    it.each(bad)('should fail exponentialBackoff with a %s at the first delay', (shown, value, type) => {
      createTestScheduler().run(({ expectObservable }) => {
        const random = () => value as number;
        const source = exponentialBackoff(() => false, { duration: 10, jitter: 0.5, steps: 3, random });
        const error = new type(`Expected \`random()\` to be a number from 0 to 1, got ${shown}`);
        expectObservable(source).toBe('#', undefined, error);
      });
    });

    it.each(bad)('should fail backoffRetry with a %s when the first retry is due', (shown, value, type) => {
      createTestScheduler().run(({ cold, expectObservable }) => {
        const random = () => value as number;
        const source = cold('--#').pipe(backoffRetry({ duration: 10, jitterMode: 'full', steps: 3, random }));
        const error = new type(`Expected \`random()\` to be a number from 0 to 1, got ${shown}`);
        expectObservable(source).toBe('--#', undefined, error);
      });
    });

    it.each(bad)('should fail until with jitter with a %s after the first run', (shown, value, type) => {
      createTestScheduler().run(({ expectObservable }) => {
        const random = () => value as number;
        const source = until(() => 'a', { period: 10, jitterFactor: 0.5, random });
        const error = new type(`Expected \`random()\` to be a number from 0 to 1, got ${shown}`);
        expectObservable(source).toBe('(a#)', undefined, error);
      });
    });

    it('should fail a delayed first step (exponentialBackoff, immediate: false) at subscription', () => {
      createTestScheduler().run(({ expectObservable }) => {
        const source = exponentialBackoff(() => true, {
          duration: 10,
          jitterMode: 'equal',
          steps: 3,
          immediate: false,
          random: () => NaN,
        });
        expectObservable(source).toBe(
          '#',
          undefined,
          new RangeError('Expected `random()` to be a number from 0 to 1, got NaN'),
        );
      });
    });

    it('should throw from stepBackoff and jitter at once', () => {
      expect(() => stepBackoff({ duration: 10, jitter: 1 }, () => NaN)).toThrow(
        new RangeError('Expected `random()` to be a number from 0 to 1, got NaN'),
      );
      expect(() => jitter(10, 1, () => undefined as never)).toThrow(
        new TypeError('Expected `random()` to be a number from 0 to 1, got undefined'),
      );
    });

    it('should take 0 and 1 themselves', () => {
      expect(stepBackoff({ duration: 10, jitter: 1 }, () => 0).delay).toBe(10);
      expect(stepBackoff({ duration: 10, jitter: 1 }, () => 1).delay).toBe(20);
    });
  });
});
