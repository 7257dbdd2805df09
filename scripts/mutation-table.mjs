// node scripts/mutation-table.mjs REPORT.json: a Stryker JSON report as the markdown table
// mutation/README.md shows, per file and in all, with Stryker's own score: detected
// (killed, timed out) over valid (detected, survived, no coverage); compile and runtime
// errors are not valid mutants. `--survivors` lists each survivor and uncovered mutant.
import { readFileSync } from 'node:fs';

const [path, flag] = process.argv.slice(2);
if (!path) {
  console.error('usage: node scripts/mutation-table.mjs REPORT.json [--survivors]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
const rows = [];
const total = { killed: 0, timedOut: 0, survived: 0, noCoverage: 0 };
const survivors = [];
for (const [file, { mutants, source }] of Object.entries(report.files)) {
  const count = { killed: 0, timedOut: 0, survived: 0, noCoverage: 0 };
  const lines = source.split('\n');
  for (const mutant of mutants) {
    const key = { Killed: 'killed', Timeout: 'timedOut', Survived: 'survived', NoCoverage: 'noCoverage' }[
      mutant.status
    ];
    if (key === undefined) continue;
    count[key] += 1;
    total[key] += 1;
    if (key === 'survived' || key === 'noCoverage') {
      const { line, column } = mutant.location.start;
      const text = lines[line - 1].trim();
      survivors.push(
        `${file.replace(/^.*?src\//, '')}:${line}:${column} ${mutant.mutatorName} ${JSON.stringify(mutant.replacement ?? '')} | ${text}`,
      );
    }
  }
  rows.push([file.replace(/^.*?src\//, ''), count]);
}
const score = (c) => {
  const valid = c.killed + c.timedOut + c.survived + c.noCoverage;
  return valid === 0 ? 'n/a' : `${((100 * (c.killed + c.timedOut)) / valid).toFixed(2)}%`;
};
const line = (name, c) => `| ${name} | ${score(c)} | ${c.killed} | ${c.timedOut} | ${c.survived} | ${c.noCoverage} |`;
console.log('| file | score | killed | timed out | survived | no coverage |');
console.log('| --- | --- | --- | --- | --- | --- |');
console.log(line('**all files**', total));
for (const [name, c] of rows.sort(([a], [b]) => a.localeCompare(b))) console.log(line(name, c));
if (flag === '--survivors') console.log(`\n${survivors.join('\n')}`);
