/**
 * The demo behind `npm start`: one call per Stedi operation against a Prism mock of specs/stedi.yaml,
 * printing vendor, operation, status and milliseconds. Exits non-zero on the first failing call.
 */
import { createStediClient } from '@careapis/stedi';
import { startMock } from '../mock/prism.js';

const mock = await startMock('stedi');
let failed = false;
try {
  const stedi = createStediClient({ apiKey: 'demo-key', baseUrl: mock.url });
  const providerId = '10334e76-f073-4b5d-8984-81d8e5107857';
  const contact = { organizationName: 'Dental Associates, LLC', email: 'ops@example.com', phone: '5551234567', streetAddress1: '123 Some Str', city: 'Seattle', state: 'WA', zipCode: '98101' } as const;
  const calls: [string, () => Promise<{ response: Response; error?: unknown }>][] = [
    ['createProvider', () => stedi.createProvider({ body: { name: 'Dental Associates, LLC', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN', contacts: [contact] } })],
    ['getProvider', () => stedi.getProvider({ params: { path: { providerId } } })],
    ['updateProvider', () => stedi.updateProvider({ params: { path: { providerId } }, body: { name: 'Dental Associates, LLC', contacts: [contact] } })],
    ['listProviders', () => stedi.listProviders({ params: { query: { pageSize: 10 } } })],
    ['deleteProvider', () => stedi.deleteProvider({ params: { path: { providerId } } })],
  ];
  for (const [name, call] of calls) {
    const t0 = performance.now();
    const { response, error } = await call();
    console.log(`stedi  ${name.padEnd(16)} ${response.status}  ${Math.round(performance.now() - t0)} ms`);
    if (error !== undefined || !response.ok) {
      console.error(`failed: stedi.${name} answered HTTP ${response.status}`);
      failed = true;
      break;
    }
  }
} finally {
  await mock.close();
}
process.exit(failed ? 1 : 0);
