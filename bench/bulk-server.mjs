// The loopback server of bench/bulk.ts, run as a child process so that its work is not counted
// as the clients'. It answers careCycle's create-provider route (optionally enforcing a rolling
// window limit with careCycle's 429, optionally after a delay) and CertifyOS's token and bulk
// create routes (5 % of providers refused inside a 207, some calls answered 503), and records
// every arrival. `POST /_config` sets the rules and clears the records; `GET /_stats` returns them.
import { createServer } from 'node:http';

let config = {};
let arrivals = [];
let byKey = new Map();
let rejected = 0;
let certifyosCalls = 0;

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = performance.now();
    const body = Buffer.concat(chunks).toString();
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/_config') {
      config = JSON.parse(body);
      arrivals = [];
      byKey = new Map();
      rejected = 0;
      certifyosCalls = 0;
      return json(res, 200, {});
    }
    if (path === '/_stats') return json(res, 200, { arrivals, rejected, byKey: Object.fromEntries(byKey), certifyosCalls });
    if (req.method === 'POST' && /^\/v2\/customers\/[^/]+\/providers$/.test(path)) {
      const { limit } = config;
      if (limit) {
        const recent = arrivals.filter((t) => t > at - limit.windowMs).length;
        if (recent >= limit.requests) {
          rejected++;
          return json(res, 429, { message: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 1 });
        }
      }
      arrivals.push(at);
      const key = JSON.parse(body).npi ?? '';
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
      const answer = () => json(res, 201, { id: `p-${key}` });
      return config.delayMs ? setTimeout(answer, config.delayMs) : answer();
    }
    if (req.method === 'POST' && path === '/auth-tokens/v2/api') return json(res, 200, { access_token: 'bench-token' });
    if (req.method === 'POST' && path === '/v2/providers') {
      const call = certifyosCalls++;
      const batch = JSON.parse(body);
      for (const p of batch) byKey.set(p.external_id, (byKey.get(p.external_id) ?? 0) + 1);
      if (config.failCalls?.includes(call)) return json(res, 503, { errors: [{ httpStatus: 503, reason: 'unavailable' }] });
      const entries = batch.map((p) => (Number(p.external_id.split('-')[1]) % 20 === 7 ? { error: { message: 'npi is not a valid NPI', name: 'BadRequestException', status: 400 } } : { provider_id: `id-${p.external_id}`, error: null }));
      return json(res, entries.some((e) => e.error) ? 207 : 201, entries);
    }
    json(res, 404, { message: `no route ${req.method} ${path}` });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
