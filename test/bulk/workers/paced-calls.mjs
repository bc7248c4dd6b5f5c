// A worker process for the Redis limiter tests and the bulk benchmark: makes `calls` careCycle
// calls, `concurrency` at a time, through a client paced by a limiter (`redis` shared through
// Redis, or `in-process` for contrast), and prints { ok, limited, other } as JSON. The first
// line of stdin ("go") starts it, so that every worker starts at the same moment. `sentAt` lists
// when each request left, after the limiter (ms since the epoch, sub-millisecond).
import { createInterface } from 'node:readline';
import { createCarecycleClient, vendor } from '@careapis/carecycle';
import { inProcessLimiter, redisLimiter } from '@careapis/bulk';

const { baseUrl, redisUrl, budget, limits, margin, calls, concurrency = 1, kind = 'redis', worker = 0 } = JSON.parse(process.argv[2]);
const limiter = kind === 'redis' ? redisLimiter(vendor, { redis: redisUrl, budget, limits, margin }) : inProcessLimiter(vendor, { limits, margin });
if (kind === 'redis') await limiter.ready();
// When each request really leaves (after the limiter), on a clock every process shares.
const sentAt = [];
const fetchAndRecord = (input, init) => {
  sentAt.push(performance.timeOrigin + performance.now());
  return fetch(input, init);
};
const client = createCarecycleClient({ apiKey: 'cc_worker_key', baseUrl, limiter, maxRetries: 0, fetch: fetchAndRecord });
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once('line', resolve));
lines.close();

const counts = { ok: 0, limited: 0, other: 0 };
let next = 0;
async function lane() {
  while (next < calls) {
    const n = next++;
    try {
      await client.createCustomerProvider({ id: '3f0e1c9a-8b7d-4e6f-9a2b-1c3d5e7f9a0b', body: { providerType: 'Specialist', providerName: `w${worker}-${n}` } });
      counts.ok++;
    } catch (error) {
      if (error?.status === 429) counts.limited++;
      else {
        counts.other++;
        process.stderr.write(`${error?.name}: ${error?.message}\n`);
      }
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, lane));
await limiter.close();
process.stdout.write(`${JSON.stringify({ ...counts, sentAt })}\n`);
