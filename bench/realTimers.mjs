// npm run bench, real-timer section: rxjs-wait beside p-wait-for, p-retry, cockatiel and a
// bare setTimeout chain (the floor), on Node's real timers. Each measurement runs in a
// fresh process (bench/realWorker.mjs); the contenders of a figure run one after another
// within a round, and rounds repeat, so a slow moment hits everyone. Ratios are per round,
// peer / rxjs-wait (below 1: rxjs-wait costs more), reported as median [min-max].
// Writes bench/results-real.json. `--quick`: fewer rounds.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 2 : 5;
const worker = fileURLToPath(new URL('./realWorker.mjs', import.meta.url));

/** figure: [label, unit, n, contenders (rxjs-wait first)] */
const figures = [
  // like for like: every contender gets the same kind of condition
  ['poll-sync', 'CPU per poll attempt, sync condition', 'us', 1000, ['rxjs-wait', 'p-wait-for', 'rxjs-hand', 'floor']],
  [
    'poll-promise',
    'CPU per poll attempt, Promise condition',
    'us',
    1000,
    ['rxjs-wait', 'p-wait-for', 'rxjs-hand', 'floor'],
  ],
  ['poll-observable', 'CPU per poll attempt, Observable condition', 'us', 1000, ['rxjs-wait', 'rxjs-hand']],
  ['retry', 'CPU per retry, delay 1 ms', 'us', 1000, ['rxjs-wait', 'p-retry', 'cockatiel', 'floor']],
  ['heap', 'heap per idle wait, 10,000 waits', 'B', 10_000, ['rxjs-wait', 'p-wait-for', 'rxjs-timer', 'floor']],
  [
    'heap',
    'heap per idle wait cancellable by one signal, 10,000',
    'B',
    10_000,
    ['rxjs-wait+signal', 'p-wait-for+signal'],
  ],
  ['heap', 'heap per idle wait, 100,000 waits', 'B', 100_000, ['rxjs-wait', 'p-wait-for', 'rxjs-timer', 'floor']],
  // side by side at 20,000: p-wait-for adds a listener per wait to the signal, and setting
  // up 100,000 of them took over a minute of CPU before the abort was even measured
  ['abort', 'abort 20,000 waits on one signal', 'ms', 20_000, ['rxjs-wait', 'p-wait-for']],
  ['abort', 'abort 100,000 waits on one signal', 'ms', 100_000, ['rxjs-wait']],
  ['unsubscribe', 'unsubscribe 100,000 waits on one signal', 'ms', 100_000, ['rxjs-wait']],
  ['import', 'import over rxjs, ESM', 'ms', 0, ['rxjs-wait:esm', 'p-wait-for']],
  ['import', 'import over rxjs, CJS', 'ms', 0, ['rxjs-wait:cjs']],
];

const measure = (figure, contender, n) => {
  const stdout = execFileSync(process.execPath, ['--expose-gc', worker, figure, contender, String(n)], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()).value;
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

const loadBefore = loadavg();
const samples = figures.map(() => ({}));
for (let round = 0; round < ROUNDS; round++) {
  figures.forEach(([figure, , , n, contenders], i) => {
    for (const contender of contenders) (samples[i][contender] ??= []).push(measure(figure, contender, n));
  });
  process.stderr.write(`bench (real timers): round ${round + 1} of ${ROUNDS}\n`);
}
const loadAfter = loadavg();

const rows = [];
const results = {
  node: process.version,
  rounds: ROUNDS,
  loadavg: { before: loadBefore, after: loadAfter },
  figures: [],
};
figures.forEach(([, label, unit, , contenders], i) => {
  const ours = samples[i][contenders[0]];
  const entry = { label, unit, contenders: {} };
  for (const contender of contenders) {
    const values = samples[i][contender];
    const ratios = values.map((v, r) => v / ours[r]);
    entry.contenders[contender] = {
      median: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
      ratios,
    };
    rows.push({
      figure: label,
      contender,
      median: `${fmt(median(values))} ${unit}`,
      'ratio peer / rxjs-wait':
        contender === contenders[0]
          ? ''
          : `${fmt(median(ratios))} [${fmt(Math.min(...ratios))}-${fmt(Math.max(...ratios))}]`,
    });
  }
  results.figures.push(entry);
});
console.table(rows);
console.log(
  `load average (1 min) before ${loadBefore[0].toFixed(2)}, after ${loadAfter[0].toFixed(2)}; ${ROUNDS} rounds`,
);
writeFileSync(new URL('./results-real.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
console.log('bench: wrote bench/results-real.json');
