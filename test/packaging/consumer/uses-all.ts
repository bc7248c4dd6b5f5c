/**
 * Copied into the temporary consumer project as uses-all.mts (ESM) and uses-all.cts (CommonJS) and
 * type-checked there under TypeScript 5.9 and 7, with moduleResolution node16, nodenext and bundler.
 * It uses every vendor's client the way a service would. The `@ts-expect-error` lines prove the
 * types are real: if a package's types resolved to `any`, those lines would be unused errors.
 */
import { CareApiError, createCandidClient, unwrap as unwrapCandid, type CandidClient, type Schemas as CandidSchemas } from '@careapis/candid';
import { createCarecycleClient, type CarecycleClientOptions } from '@careapis/carecycle';
import { createCertifyosClient, listAllProviders, type Schemas as CertifyosSchemas } from '@careapis/certifyos';
import { createStediClient, unwrap, VERSION, type StediClient } from '@careapis/stedi';
import { createTelehealthClient, type TelehealthClient } from '@careapis/telehealth';
import { CareApiConfigError, type BaseClientOptions } from '@careapis/core';

/** Options every client shares, set once. */
const shared = { timeout: 10_000, maxRetries: 1, userAgent: 'consumer/1.0' } satisfies BaseClientOptions;

/** One call to every vendor; returns what a service would keep. */
export async function useEveryVendor(baseUrl: string): Promise<string[]> {
  const candid: CandidClient = createCandidClient({ ...shared, baseUrl, clientId: 'id', clientSecret: 'secret' });
  const contract: CandidSchemas['ContractWithProviders'] = await unwrapCandid(candid.getContract({ params: { path: { contract_id: 'c-1' } } }));
  const regions: CandidSchemas['Regions'] = contract.regions;
  // @ts-expect-error contract_id is a required path parameter
  void candid.getContract({ params: { path: {} } });

  const carecycleOptions: CarecycleClientOptions = { ...shared, baseUrl, apiKey: 'cc_key' };
  const carecycle = createCarecycleClient(carecycleOptions);
  const deleted = await unwrap(carecycle.deleteCustomerProvider({ params: { path: { id: 'customer-1', providerId: 'provider-1' } } }));
  const success: boolean = deleted.success;
  // @ts-expect-error careCycle takes an API key, not a bearer token
  void createCarecycleClient({ token: 'not-an-api-key' });

  const certifyos = createCertifyosClient({ ...shared, baseUrl, clientId: 'id', clientSecret: 'secret', organizationId: 'org-1' });
  const providers: CertifyosSchemas['Provider'][] = await unwrap(certifyos.listProviders({ params: { query: { limit: 5 } } }));
  for await (const provider of listAllProviders(certifyos)) providers.push(provider);
  // @ts-expect-error organizationId is a required client option
  void createCertifyosClient({ clientId: 'id', clientSecret: 'secret' });
  // @ts-expect-error a static token and client credentials do not mix
  void createCertifyosClient({ token: 't', clientId: 'id', clientSecret: 'secret', organizationId: 'org-1' });

  const stedi: StediClient = createStediClient({ apiKey: 'key', environment: 'production' });
  const { data, error, response } = await stedi.getProvider({ params: { path: { providerId: 'p-1' } } });
  const npi: string | undefined = data?.npi;
  const status: number = response.status;
  if (error) console.error(status, error);
  // @ts-expect-error Stedi has no staging environment
  void createStediClient({ apiKey: 'key', environment: 'staging' });

  const telehealth: TelehealthClient = createTelehealthClient({ baseUrl, token: async () => 'token' });
  const slots = await unwrap(
    telehealth.getProviderAppointmentSlots({ body: { provider_email: 'john.doe@example.com', service_id: 12, date: '2024-10-21', timezone: 'Asia/Kolkata' } }),
  );
  const first: string | undefined = slots.available_slots[0];
  // @ts-expect-error service_id is a number
  void telehealth.getProviderAppointmentSlots({ body: { provider_email: 'john.doe@example.com', service_id: '12', date: '2024-10-21', timezone: 'Asia/Kolkata' } });

  try {
    createStediClient({ apiKey: '' });
  } catch (e) {
    if (e instanceof CareApiConfigError || e instanceof CareApiError) console.error(e.message);
  }
  return [VERSION, JSON.stringify(regions), String(success), String(providers.length), npi ?? '', first ?? ''];
}
