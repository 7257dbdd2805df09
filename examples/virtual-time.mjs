// A wait of minutes, checked in virtual time: exact instants, no real waiting.
// Run: npm run build && node examples/virtual-time.mjs
import assert from 'node:assert/strict';
import { TestScheduler } from 'rxjs/testing';
import { exponentialBackoff } from 'rxjs-wait';
import { sequenceRandom } from 'rxjs-wait/testing';

const testScheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
const calls = [];
testScheduler.run(({ expectObservable }) => {
  const condition = () => (calls.push(testScheduler.now()), calls.length === 4);
  // 1 s growing x3 with full jitter: delays 0.5 * 1000, 0.25 * 3000, 0.5 * 9000
  const random = sequenceRandom([0.5, 0.25, 0.5]);
  const wait = exponentialBackoff(condition, { duration: 1000, factor: 3, steps: 6, jitterMode: 'full', random });
  expectObservable(wait).toBe('5750ms (a|)', { a: undefined });
});
console.log(`calls at ${calls.join(', ')} ms of virtual time`);
assert.deepEqual(calls, [0, 500, 1250, 5750]);
