// A server runtime's side of `npm run test:runtimes`: run the scenarios, and the checks of
// rxjs-wait/checks, against the base URL given as the first argument; print the rows as
// one JSON line.
import { runCheckScenarios } from './checkScenarios.mjs';
import { runScenarios } from './scenarios.mjs';

const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const [base, id, closedPort] = args;
const rows = [...(await runScenarios(base, id)), ...(await runCheckScenarios(base, id, Number(closedPort)))];
console.log(JSON.stringify(rows));
