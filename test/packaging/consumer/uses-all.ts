/**
 * Copied into the temporary consumer project as uses-all.mts (ESM) and uses-all.cts (CommonJS) and
 * type-checked there under TypeScript 5.9 and 7, with moduleResolution node16, nodenext and bundler.
 * It uses every vendor's client the way a service would: flat arguments, per-call options, results
 * as success bodies, `.withResponse()`, typed rejections, named types, single-operation functions,
 * paginators and the raw client. The `@ts-expect-error` lines prove the types are real: if a
 * package's types resolved to `any`, those lines would be unused errors.
 */
import {
  CareApiError,
  createCandidClient,
  isCareApiError,
  type CandidClient,
  type ContractWithProviders,
  type GetContractArgs,
  type GetContractResult,
  type operations as CandidOperations,
  type Schemas as CandidSchemas,
} from '@careapis/candid';
import { createCarecycleBase, createCarecycleClient, deleteCustomerProvider, type CarecycleClientOptions, type DeleteCustomerProviderResult } from '@careapis/carecycle';
import { createCertifyosClient, listAllProviders, type Schemas as CertifyosSchemas } from '@careapis/certifyos';
import { createStediClient, rawClient, unwrap, VERSION, type CallOptions, type GetProviderError, type Provider, type StediClient } from '@careapis/stedi';
import { createTelehealthClient, type TelehealthClient } from '@careapis/telehealth';
import { CareApiConfigError, type BaseClientOptions } from '@careapis/core';

/** Options every client shares, set once. */
const shared = { timeout: 10_000, maxRetries: 1, userAgent: 'consumer/1.0' } satisfies BaseClientOptions;

/** One call to every vendor; returns what a service would keep. */
export async function useEveryVendor(baseUrl: string): Promise<string[]> {
  const candid: CandidClient = createCandidClient({ ...shared, baseUrl, clientId: 'id', clientSecret: 'secret' });
  const args: GetContractArgs = { contract_id: 'c-1' };
  const contract: CandidSchemas['ContractWithProviders'] = await candid.getContract(args);
  const same: ContractWithProviders = contract satisfies GetContractResult;
  const regions: CandidSchemas['Regions'] = same.regions;
  // @ts-expect-error contract_id is a required path parameter
  void candid.getContract({});
  // @ts-expect-error parameters are flat arguments, not under `params`
  void candid.getContract({ params: { path: { contract_id: 'c-1' } } });
  try {
    await candid.deleteContract(args);
  } catch (e) {
    if (isCareApiError<CandidOperations['deleteContract']>(e, 'deleteContract') && e.status === 422 && e.body) console.error(e.body.errorName, e.body.content.message);
  }

  const carecycleOptions: CarecycleClientOptions = { ...shared, baseUrl, apiKey: 'cc_key' };
  const carecycle = createCarecycleClient(carecycleOptions);
  const deleted = await carecycle.deleteCustomerProvider({ id: 'customer-1', providerId: 'provider-1' });
  const success: boolean = deleted.success;
  const single: DeleteCustomerProviderResult = await deleteCustomerProvider(createCarecycleBase(carecycleOptions), { id: 'customer-1', providerId: 'provider-1' }, { timeout: 5_000 });
  void single.message;
  // @ts-expect-error careCycle takes an API key, not a bearer token
  void createCarecycleClient({ token: 'not-an-api-key' });

  const certifyos = createCertifyosClient({ ...shared, baseUrl, clientId: 'id', clientSecret: 'secret', organizationId: 'org-1' });
  const providers: CertifyosSchemas['Provider'][] = await certifyos.listProviders({ limit: 5 });
  for await (const provider of listAllProviders(certifyos)) providers.push(provider);
  for await (const page of listAllProviders(certifyos, { limit: 5 }).pages()) providers.push(...page);
  // @ts-expect-error organizationId is a required client option
  void createCertifyosClient({ clientId: 'id', clientSecret: 'secret' });
  // @ts-expect-error a static token and client credentials do not mix
  void createCertifyosClient({ token: 't', clientId: 'id', clientSecret: 'secret', organizationId: 'org-1' });

  const stedi: StediClient = createStediClient({ apiKey: 'key', environment: 'production' });
  const options: CallOptions = { timeout: 5_000, maxRetries: 0, signal: AbortSignal.timeout(10_000), headers: { 'x-trace-id': 't-1' } };
  const { data, response, requestId } = await stedi.getProvider({ providerId: 'p-1' }, options).withResponse();
  const provider: Provider = data;
  const npi: string | undefined = provider.npi;
  const status: number = response.status;
  console.error(status, requestId);
  // @ts-expect-error `tiemout` is not a per-call option
  void stedi.getProvider({ providerId: 'p-1' }, { tiemout: 5_000 });
  try {
    await stedi.getProvider({ providerId: 'p-2' });
  } catch (e) {
    if (e instanceof CareApiError) {
      const typed = e as GetProviderError;
      if (typed.status === 404) console.error(typed.kind, typed.vendorMessage, typed.body.message);
    }
  }
  const raw = await rawClient(stedi).GET('/providers/{providerId}', { params: { path: { providerId: 'p-1' } } });
  if (raw.error) console.error(raw.response.status, raw.error.message);
  const unwrapped: Provider = await unwrap(rawClient(stedi).GET('/providers/{providerId}', { params: { path: { providerId: 'p-1' } } }));
  // @ts-expect-error Stedi has no staging environment
  void createStediClient({ apiKey: 'key', environment: 'staging' });

  const telehealth: TelehealthClient = createTelehealthClient({ baseUrl, token: async () => 'token' });
  const slots = await telehealth.getProviderAppointmentSlots({ body: { provider_email: 'john.doe@example.com', service_id: 12, date: '2024-10-21', timezone: 'Asia/Kolkata' } });
  const first: string | undefined = slots.available_slots[0];
  // @ts-expect-error service_id is a number
  void telehealth.getProviderAppointmentSlots({ body: { provider_email: 'john.doe@example.com', service_id: '12', date: '2024-10-21', timezone: 'Asia/Kolkata' } });

  try {
    createStediClient({ apiKey: '' });
  } catch (e) {
    if (e instanceof CareApiConfigError || e instanceof CareApiError) console.error(e.message);
  }
  return [VERSION, JSON.stringify(regions), String(success), String(providers.length), npi ?? '', first ?? '', unwrapped.id];
}
