// A worker process for the Redis limiter tests and the bulk benchmark: makes `calls` careCycle
// calls, `concurrency` at a time, through a client paced by a limiter (`redis` shared through
// Redis, or `in-process` for contrast), and prints { ok, limited, other } as JSON. The first
// line of stdin ("go") starts it, so that every worker starts at the same moment.
import { createInterface } from 'node:readline';
import { createCarecycleClient, vendor } from '@careapis/carecycle';
import { inProcessLimiter, redisLimiter } from '@careapis/bulk';

const { baseUrl, redisUrl, budget, limits, calls, concurrency = 1, kind = 'redis', worker = 0 } = JSON.parse(process.argv[2]);
const limiter = kind === 'redis' ? redisLimiter(vendor, { redis: redisUrl, budget, limits }) : inProcessLimiter(vendor, { limits });
if (kind === 'redis') await limiter.ready();
const client = createCarecycleClient({ apiKey: 'cc_worker_key', baseUrl, limiter, maxRetries: 0 });
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
process.stdout.write(`${JSON.stringify(counts)}\n`);
