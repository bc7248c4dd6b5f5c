/**
 * The demo behind `npm start`: onboards one provider across every vendor through @careapis/sdk,
 * against a Prism mock server per vendor (made from specs/<vendor>.yaml, started in parallel on
 * free loopback ports). Prints each call (vendor, operation, status, ms) and a summary; exits 1
 * naming the first failing call, 2 on a usage error. Always stops the mock servers.
 *
 *   npx tsx scripts/src/cli/demo.ts [--vendor <name>]… [--base-url <vendor>=<url>]…
 *
 * `--vendor` (repeatable) runs only those vendors' steps. `--base-url` sends a vendor's calls to
 * a server you run instead of starting a mock for it.
 */
import { parseArgs } from 'node:util';
import { CareApiError, careApisFromEnv, envVariable, VENDORS, type AttemptLogger, type CareApis, type CareApiPromise, type VendorName } from '@careapis/sdk';
import { startMock, type MockServer } from '../mock/prism.js';

/** A call that did not succeed: which one, and why (never a credential: core's errors carry none). */
class CallFailed extends Error {
  constructor(readonly call: string, reason: string) {
    super(`${call}: ${reason}`);
  }
}

/** What the workflow knows about the provider being onboarded, filled in as calls return ids. */
interface Onboarding {
  readonly firstName: string;
  readonly lastName: string;
  readonly npi: string;
  readonly email: string;
  readonly customerId: string;
  stediProviderId?: string;
  certifyosProviderId?: string;
  carecycleProviderId?: string;
}

type Call = <T>(operation: string, run: () => CareApiPromise<T>) => Promise<T>;

/**
 * Each vendor's part of the workflow, in the order a provider is onboarded (later steps use ids
 * from earlier ones). A vendor of the facade without a step here is reported, never skipped in silence.
 */
const WORKFLOW: { readonly [V in VendorName]?: (api: CareApis[V], call: Call, p: Onboarding) => Promise<void> } = {
  async stedi(stedi, call, p) {
    const contact = { firstName: p.firstName, lastName: p.lastName, email: p.email, phone: '5551234567', streetAddress1: '123 Some Str', city: 'Seattle', state: 'WA', zipCode: '98101' } as const;
    const created = await call('createProvider', () => stedi.createProvider({ body: { name: `${p.firstName} ${p.lastName}`, npi: p.npi, taxId: '555123456', taxIdType: 'EIN', contacts: [contact] } }));
    p.stediProviderId = created.id;
    await call('getProvider', () => stedi.getProvider({ providerId: created.id }));
    await call('listProviders', () => stedi.listProviders({ providerNpis: [p.npi], pageSize: 10 }));
    // Enrollment: with a payer for 835 ERAs, then its status.
    const enrollment = await call('createEnrollment', () =>
      stedi.createEnrollment({
        body: { provider: { id: created.id }, payer: { idOrAlias: '87726' }, transactions: { claimPayment: { enroll: true } }, primaryContact: contact, userEmail: p.email, status: 'STEDI_ACTION_REQUIRED' },
      }),
    );
    await call('getEnrollment', () => stedi.getEnrollment({ enrollmentId: enrollment.id }));
  },
  async certifyos(certifyos, call, p) {
    const body = [{ first_name: p.firstName, middle_name: '', last_name: p.lastName, degree: 'MD', npi: p.npi, states: 'WA', caqh_provider_id: '', primary_email: p.email, external_id: p.stediProviderId ?? 'demo' }] as const;
    const results = await call('bulkCreateProviders', () => certifyos.bulkCreateProviders({ body: [...body] }));
    const id = results[0]?.provider_id;
    if (id === undefined) throw new CallFailed('certifyos.bulkCreateProviders', 'the response has no provider_id');
    p.certifyosProviderId = id;
    await call('updateProvider', () => certifyos.updateProvider({ id, body: { is_pcp: true, accepts_new_patients: true } }));
    // Credentialing: one provider of its own, a workflow started for it, its timeline.
    const single = await call('createProvider', () =>
      certifyos.createProvider({ body: { first_name: p.firstName, last_name: p.lastName, degree: 'MD', states: 'WA', npi: p.npi, primary_email: p.email } }),
    );
    await call('startCredentialingWorkflow', () => certifyos.startCredentialingWorkflow({ providerId: single.provider_id }));
    await call('listCredentialingWorkflowTimelines', () => certifyos.listCredentialingWorkflowTimelines({ providerId: single.provider_id }));
  },
  async telehealth(telehealth, call, p) {
    await call('registerProvider', () =>
      telehealth.registerProvider({ body: { signup_code: 'DEMO123', first_name: p.firstName, last_name: p.lastName, email_id: p.email, password: 'demo-Passw0rd!', language: 'en' } }),
    );
    await call('getProviderAppointmentSlots', () => telehealth.getProviderAppointmentSlots({ body: { provider_email: p.email, service_id: 1, date: '2026-01-05' } }));
  },
  async carecycle(carecycle, call, p) {
    const id = p.customerId;
    const created = await call('createCustomerProvider', () =>
      carecycle.createCustomerProvider({ id, body: { providerType: 'Primary Care', providerName: `Dr. ${p.firstName} ${p.lastName}`, npi: p.npi, email: p.email } }),
    );
    p.carecycleProviderId = created.id;
    await call('updateCustomerProvider', () => carecycle.updateCustomerProvider({ id, providerId: created.id, body: { isPrimaryProvider: true } }));
  },
  async candid(candid, call, p) {
    const billingId = 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32';
    const payer = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    const allApply = { type: 'allApply' } as const;
    // Onboarding for billing: the organization provider, its credentialing span, a contract, the provider added to it.
    const provider = await call('createOrganizationProvider', () =>
      candid.createOrganizationProvider({ body: { npi: p.npi, is_rendering: true, is_billing: false, provider_type: 'INDIVIDUAL', first_name: p.firstName, last_name: p.lastName, license_type: 'MD', qualifications: [] } }),
    );
    await call('createProviderCredentialingSpan', () =>
      candid.createProviderCredentialingSpan({ body: { rendering_provider_id: provider.organization_provider_id, contracting_provider_id: billingId, payer_uuid: payer, regions: { type: 'states', states: ['WA'] }, start_date: '2026-01-01' } }),
    );
    const contract = await call('createContractV3', () =>
      candid.createContractV3({
        body: { type: 'professional', contract_type: 'professional', contracting_provider_id: billingId, payer_uuid: payer, rendering_provider_ids: [], effective_date: '2026-01-01', regions: { type: 'states', states: ['WA'] }, commercial_insurance_types: allApply, medicare_insurance_types: allApply, medicaid_insurance_types: allApply },
      }),
    );
    await call('addContractProviders', () => candid.addContractProviders({ contract_id: contract.contract_id, body: { rendering_provider_ids: [provider.organization_provider_id] } }));
    await call('getContractV3', () => candid.getContractV3({ contract_id: contract.contract_id }));
  },
};

/** The facade's vendors in workflow order: those with a step, then any without one. */
const ORDER: readonly VendorName[] = [...(Object.keys(WORKFLOW) as VendorName[]), ...VENDORS.filter((v) => !(v in WORKFLOW))];

/** Credentials-free variables for careApisFromEnv, pointing each vendor at its server. */
function demoEnv(urls: ReadonlyMap<VendorName, string>): Record<string, string> {
  const env: Record<string, string> = {};
  const set = (vendor: VendorName, values: Record<string, string>): void => {
    const url = urls.get(vendor);
    if (url !== undefined) Object.assign(env, values, { [envVariable(vendor, 'baseUrl')]: url });
  };
  set('stedi', { STEDI_API_KEY: 'demo-stedi-key' });
  set('certifyos', { CERTIFYOS_CLIENT_ID: 'demo-client', CERTIFYOS_CLIENT_SECRET: 'demo-secret', CERTIFYOS_ORGANIZATION_ID: 'demo-org' });
  set('telehealth', { TELEHEALTH_TOKEN: 'demo-token' });
  set('carecycle', { CARECYCLE_API_KEY: 'cc_demo_key' });
  set('candid', { CANDID_CLIENT_ID: 'demo-client', CANDID_CLIENT_SECRET: 'demo-secret' });
  return env;
}

/** The demo's arguments: which vendors to run, and servers to use instead of mocks. Throws {@link UsageError}. */
function parse(argv: string[]): { vendors: VendorName[]; baseUrls: Map<VendorName, string> } {
  const { values } = parseArgs({ args: argv, options: { vendor: { type: 'string', multiple: true }, 'base-url': { type: 'string', multiple: true } } });
  const isVendor = (name: string): name is VendorName => (VENDORS as readonly string[]).includes(name);
  const requested = (values.vendor ?? []).flatMap((v) => v.split(','));
  const unknown = requested.filter((v) => !isVendor(v));
  if (unknown.length) throw new UsageError(`unknown vendor ${unknown.map((v) => `"${v}"`).join(', ')}; expected one of ${ORDER.join(', ')}`);
  const vendors = requested.length ? ORDER.filter((v) => requested.includes(v)) : [...ORDER];
  const baseUrls = new Map<VendorName, string>();
  for (const pair of values['base-url'] ?? []) {
    const [vendor = '', url = ''] = pair.split(/=(.*)/s);
    if (!isVendor(vendor) || url === '') throw new UsageError(`--base-url takes <vendor>=<url>, e.g. stedi=http://127.0.0.1:4010`);
    baseUrls.set(vendor, url);
  }
  return { vendors, baseUrls };
}

/** Bad command-line arguments: exit code 2. */
class UsageError extends Error {}

/** Runs the workflow for `vendors`; resolves to the process exit code. */
async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    console.error('usage: demo [--vendor <name>]… [--base-url <vendor>=<url>]…');
    return 2;
  }
  const { vendors, baseUrls } = args;
  const mocks: MockServer[] = [];
  const stopMocks = (): Promise<unknown> => Promise.allSettled(mocks.map((m) => m.close()));
  process.once('SIGINT', () => void stopMocks().then(() => process.exit(130)));
  try {
    const t0 = performance.now();
    const toMock = vendors.filter((v) => !baseUrls.has(v));
    const started = await Promise.allSettled(toMock.map((v) => startMock(v)));
    started.forEach((s) => s.status === 'fulfilled' && mocks.push(s.value));
    const notStarted = started.findIndex((s) => s.status === 'rejected');
    if (notStarted !== -1) {
      const reason = (started[notStarted] as PromiseRejectedResult).reason as unknown;
      console.error(`failed: the ${toMock[notStarted]} mock server did not start: ${reason instanceof Error ? reason.message : String(reason)}`);
      return 1;
    }
    const urls = new Map(baseUrls);
    toMock.forEach((v, i) => urls.set(v, mocks[i]?.url ?? ''));
    console.log(`${toMock.length} mock server${toMock.length === 1 ? '' : 's'} up in ${ms(t0)} ms (${toMock.map((v) => `${v} ${urls.get(v)}`).join(', ') || 'none'})`);

    // The logger (a shared default) sees every HTTP request, including those a client makes on its own (token mints).
    let requests = 0;
    const operationsSeen = new Set<string>();
    const logger: AttemptLogger = ({ record }) => {
      requests++;
      operationsSeen.add(`${record.vendor.name}.${record.op.id}`);
    };
    const careApis = careApisFromEnv(demoEnv(urls), { defaults: { timeout: 15_000, maxRetries: 1, userAgent: 'careapis-demo', logger } });

    const p: Onboarding = { firstName: 'Avery', lastName: 'Quinn', npi: '1999999992', email: 'avery.quinn@example.com', customerId: '497f6eca-6276-4993-bfeb-53cbbbba6f08' };
    const counter = { calls: 0, names: new Set<string>() };
    const tWorkflow = performance.now();
    const missing = vendors.filter((v) => !(v in WORKFLOW));
    for (const vendor of vendors) if (vendor in WORKFLOW) await runVendor(careApis, vendor, printingCall(vendor, counter), p);
    // Reported, not skipped in silence: the vendor's client was created above; its calls need a step written for it.
    if (missing.length) console.log(`note: no demo step for ${missing.join(', ')} yet: add one to WORKFLOW in scripts/src/cli/demo.ts`);
    const own = [...operationsSeen].filter((op) => !counter.names.has(op));
    const byClients = own.length ? `, including ones the clients made on their own: ${own.join(', ')}` : '';
    console.log(`ok: ${counter.calls} calls to ${vendors.length} vendor${vendors.length === 1 ? '' : 's'} (${vendors.join(', ')}) in ${ms(tWorkflow)} ms; ${requests} HTTP requests${byClients}`);
    return 0;
  } catch (error) {
    console.error(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await stopMocks();
  }
}

/** Runs one vendor's part of the workflow on its client. */
function runVendor<V extends VendorName>(careApis: CareApis, vendor: V, call: Call, p: Onboarding): Promise<void> {
  return WORKFLOW[vendor]?.(careApis[vendor], call, p) ?? Promise.resolve();
}

/** A {@link Call} that prints `vendor operation status ms` and turns a failure into {@link CallFailed}. */
function printingCall(vendor: VendorName, counter: { calls: number; names: Set<string> }): Call {
  return async (operation, run) => {
    const started = performance.now();
    const line = (status: string): void => console.log(`${vendor.padEnd(11)} ${operation.padEnd(34)} ${status.padEnd(4)} ${String(ms(started)).padStart(5)} ms`);
    counter.calls++;
    counter.names.add(`${vendor}.${operation}`);
    try {
      const { data, response } = await run().withResponse();
      line(String(response.status));
      return data;
    } catch (error) {
      if (!(error instanceof CareApiError)) {
        line('---');
        throw new CallFailed(`${vendor}.${operation}`, error instanceof Error ? error.message : String(error));
      }
      line(String(error.status));
      const violations = error.headers['sl-violations'];
      throw new CallFailed(`${vendor}.${operation}`, `HTTP ${error.status}${violations ? ` (spec violations: ${violations.slice(0, 500)})` : ''}`);
    }
  };
}

function ms(since: number): number {
  return Math.round(performance.now() - since);
}

process.exit(await main(process.argv.slice(2)));
