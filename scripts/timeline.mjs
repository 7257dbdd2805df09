// npm run docs (and CI): draws docs/timeline.svg from a real run of the built package on
// a VirtualTimeScheduler: the fixed-rate and sliding schedules, and the three outcomes, on
// one time axis. `--check` fails when the committed picture differs from what the run
// draws (the schedules changed, or the picture was edited by hand).
import { readFileSync, writeFileSync } from 'node:fs';
import { VirtualTimeScheduler, map, timer } from 'rxjs';
import { pollUntil } from 'rxjs-wait';

const INTERVAL = 100;
const TAKES = 40; // every attempt takes 40 ms (an Observable condition)

/** One lane: the attempts' [start, end] and how the wait ended, when. */
function lane(label, options, answer) {
  const scheduler = new VirtualTimeScheduler();
  const attempts = [];
  let end;
  const condition = () => {
    const n = attempts.push([scheduler.now(), undefined]);
    return timer(TAKES, scheduler).pipe(
      map(() => {
        attempts[n - 1][1] = scheduler.now();
        return answer(n);
      }),
    );
  };
  pollUntil(condition, { interval: INTERVAL, scheduler, ...options }).subscribe({
    complete: () => (end = { at: scheduler.now(), kind: 'met', text: 'met: emits, completes' }),
    error: (err) =>
      (end =
        err?.name === 'InterruptedError'
          ? { at: scheduler.now(), kind: 'interrupted', text: 'interrupted: InterruptedError (deadline)' }
          : { at: scheduler.now(), kind: 'failed', text: `failed: the condition's own error` }),
  });
  scheduler.flush();
  return { label, attempts, end };
}

const lanes = [
  lane('fixed rate (pollUntil)', {}, (n) => n === 3),
  lane('sliding: true', { sliding: true }, (n) => n === 3),
  lane('timeout: 250', { timeout: 250 }, () => false),
  lane('condition errors', {}, (n) => {
    if (n === 3) throw new Error('401');
    return false;
  }),
];

const X0 = 170;
const SCALE = 1.1; // px per ms
const x = (ms) => X0 + ms * SCALE;
const ROW = 46;
const height = 40 + lanes.length * ROW + 30;
const width = Math.ceil(x(520)) + 190;
const colours = { met: '#1a7f37', interrupted: '#bc4c00', failed: '#cf222e' };
const parts = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`,
  `<rect width="100%" height="100%" fill="#ffffff"/>`,
  `<text x="10" y="20" font-weight="bold">pollUntil, interval ${INTERVAL} ms, each attempt taking ${TAKES} ms (drawn from a real run, virtual time)</text>`,
];
for (let t = 0; t <= 500; t += 100) {
  parts.push(`<line x1="${x(t)}" y1="32" x2="${x(t)}" y2="${height - 24}" stroke="#d0d7de" stroke-dasharray="3 3"/>`);
  parts.push(`<text x="${x(t)}" y="${height - 8}" text-anchor="middle" fill="#57606a">${t} ms</text>`);
}
lanes.forEach(({ label, attempts, end }, i) => {
  const y = 40 + i * ROW;
  parts.push(`<text x="10" y="${y + 19}">${label}</text>`);
  parts.push(`<line x1="${x(0)}" y1="${y + 15}" x2="${x(end.at)}" y2="${y + 15}" stroke="#8c959f"/>`);
  for (const [start, stop] of attempts) {
    const w = ((stop ?? end.at) - start) * SCALE;
    parts.push(`<rect x="${x(start)}" y="${y + 6}" width="${w}" height="18" rx="3" fill="#54aeff"/>`);
  }
  const c = colours[end.kind];
  parts.push(`<circle cx="${x(end.at)}" cy="${y + 15}" r="6" fill="${c}"/>`);
  parts.push(`<text x="${x(end.at) + 10}" y="${y + 19}" fill="${c}">${end.text} at ${end.at}</text>`);
});
parts.push('</svg>');
const svg = parts.join('\n') + '\n';

const file = 'docs/timeline.svg';
if (process.argv.includes('--check')) {
  if (readFileSync(file, 'utf8') !== svg) {
    console.error(`${file} is not what a run draws: run 'node scripts/timeline.mjs' and commit it`);
    process.exit(1);
  }
  console.log(`${file}: what a run draws`);
} else {
  writeFileSync(file, svg);
  console.log(`wrote ${file}: ${lanes.map((l) => `${l.label} ${l.end.kind} at ${l.end.at}`).join('; ')}`);
}
