// A browser page's side of `npm run test:runtimes`: run the scenarios against the page's
// own origin (the loopback server that served it) and post the rows back to it.
import { runScenarios } from './scenarios.mjs';

const page = document.documentElement.dataset.page;
const rows = await runScenarios(location.origin, page);
await fetch(`/report?page=${page}`, { method: 'POST', body: JSON.stringify(rows) });
