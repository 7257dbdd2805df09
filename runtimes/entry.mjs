// A server runtime's side of `npm run test:runtimes`: run the scenarios against the base
// URL given as the first argument and print the rows as one JSON line.
import { runScenarios } from './scenarios.mjs';

const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const [base, id] = args;
console.log(JSON.stringify(await runScenarios(base, id)));
