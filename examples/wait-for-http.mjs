// Wait for a slow-starting HTTP service with pollImmediate, each check cancellable.
// Run: npm run build && node examples/wait-for-http.mjs
import { createServer } from 'node:http';
import { firstValueFrom } from 'rxjs';
import { isInterrupted, pollImmediate } from 'rxjs-wait';

const startedAt = Date.now();
const server = createServer((_req, res) => res.writeHead(Date.now() - startedAt < 300 ? 503 : 200).end());
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/healthz`;

try {
  await firstValueFrom(
    pollImmediate(
      async ({ signal, attempt }) => {
        const response = await fetch(url, { signal });
        console.log(`attempt ${attempt}: HTTP ${response.status}`);
        return response.ok;
      },
      {
        interval: 100,
        timeout: 5000,
        onAttempt: ({ nextDelay }) => nextDelay && console.log(`  next check in ${nextDelay} ms`),
      },
    ),
    { defaultValue: undefined },
  );
  console.log(`ready after ${Date.now() - startedAt} ms`);
} catch (error) {
  console.error(isInterrupted(error) ? 'gave up waiting' : `check failed: ${error}`);
  process.exitCode = 1;
} finally {
  server.close();
}
