import { backoffRetry } from '../src';
import { sequenceRandom } from '../src/testing';
import { createTestScheduler } from './helpers';

describe('sequenceRandom', () => {
  it('should return the values in turn, then repeat the last', () => {
    const random = sequenceRandom([0.1, 0.5, 0.9]);
    expect([random(), random(), random(), random(), random()]).toEqual([0.1, 0.5, 0.9, 0.9, 0.9]);
  });

  it('should not see later changes to the array it was given', () => {
    const values = [0.2];
    const random = sequenceRandom(values);
    values[0] = 0.7;
    expect(random()).toBe(0.2);
  });

  it('should reject an empty list and values outside [0, 1)', () => {
    expect(() => sequenceRandom([])).toThrow(
      new TypeError('Expected `values` to be a non-empty array of numbers in [0, 1), got an array'),
    );
    expect(() => sequenceRandom(undefined as never)).toThrow(
      new TypeError('Expected `values` to be a non-empty array of numbers in [0, 1), got undefined'),
    );
    expect(() => sequenceRandom([0.5, 1])).toThrow(
      new RangeError('Expected `values[1]` to be a number in [0, 1), got 1'),
    );
    expect(() => sequenceRandom([-0.1])).toThrow(RangeError);
    expect(() => sequenceRandom([NaN])).toThrow(RangeError);
    expect(() => sequenceRandom(['0.5' as never])).toThrow(
      new TypeError('Expected `values[0]` to be a number in [0, 1), got "0.5"'),
    );
  });

  it('should make the recipe in its docs come true: delays 11 and 26', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('#');
      const random = sequenceRandom([0.2, 0.6]);
      expectObservable(source.pipe(backoffRetry({ duration: 10, factor: 2, jitter: 0.5, steps: 3, random }))).toBe(
        '37ms #',
      );
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '11ms (^!)', '37ms (^!)']);
    });
  });
});
