/**
 * Compile-time checks of the call surface (issue 17), type-checked by `npm run typecheck` (the
 * root tsconfig includes test/): flat arguments, exact per-call options (a typo is an error),
 * results typed as the success body, named types, the single-operation form, and a client of
 * one vendor refused by another vendor's operations. Every `@ts-expect-error` fails the build
 * when its line stops being an error.
 */
import { expectTypeOf } from 'vitest';
import {
  createStediBase,
  createStediClient,
  getProvider,
  listAllProviders,
  isCareApiError,
  type CareApiPromise,
  type GetProviderArgs,
  type GetProviderError,
  type GetProviderResult,
  type ListProvidersArgs,
  type Provider,
  type ProviderSummary,
  type WithResponse,
} from '@careapis/stedi';
import { createCandidBase, getContract, type ContractWithProviders, type GetContractResult } from '@careapis/candid';
import { createCarecycleClient, type UpdateCustomerProviderArgs } from '@careapis/carecycle';

declare const stedi: ReturnType<typeof createStediClient>;

export async function flatArguments(): Promise<void> {
  expectTypeOf(stedi.getProvider({ providerId: 'p1' })).toEqualTypeOf<CareApiPromise<GetProviderResult>>();
  expectTypeOf(await stedi.getProvider({ providerId: 'p1' })).toEqualTypeOf<Provider>();
  expectTypeOf(await stedi.listProviders()).toHaveProperty('items');
  await stedi.listProviders({ pageSize: 50, providerNpis: ['1999999992'] });
  // @ts-expect-error the old shape is gone
  await stedi.getProvider({ params: { path: { providerId: 'p1' } } });
  // @ts-expect-error a required path parameter is required
  await stedi.getProvider({});
  // @ts-expect-error an unknown argument key
  await stedi.getProvider({ providerId: 'p1', providerID: 'p1' });
  // @ts-expect-error a wrong type for a query parameter
  await stedi.listProviders({ pageSize: '50' });
  expectTypeOf<UpdateCustomerProviderArgs>().toHaveProperty('id');
  expectTypeOf<UpdateCustomerProviderArgs>().toHaveProperty('providerId');
  expectTypeOf<UpdateCustomerProviderArgs>().toHaveProperty('body');
}

export async function exactOptions(): Promise<void> {
  await stedi.getProvider({ providerId: 'p1' }, { timeout: 5000, maxRetries: 1, signal: AbortSignal.timeout(1000), headers: { 'x-trace': 't' } });
  // @ts-expect-error `tiemout` is not an option
  await stedi.getProvider({ providerId: 'p1' }, { tiemout: 5000 });
  // @ts-expect-error `maxRetry` is not an option
  await stedi.listProviders({}, { maxRetry: 2 });
  // @ts-expect-error `signl` is not an option
  await stedi.listProviders({}, { signl: AbortSignal.timeout(1000) });
  const carecycle = createCarecycleClient({ apiKey: 'cc_key' });
  // @ts-expect-error options are the second argument, not keys of the first
  await carecycle.deleteCustomerProvider({ id: 'c', providerId: 'p', timeout: 5000 });
}

export async function responsesAndErrors(): Promise<void> {
  const full = await stedi.getProvider({ providerId: 'p1' }).withResponse();
  expectTypeOf(full).toEqualTypeOf<WithResponse<Provider>>();
  expectTypeOf(full.requestId).toEqualTypeOf<string | undefined>();
  expectTypeOf(full.response).toEqualTypeOf<Response>();
  const error = {} as GetProviderError;
  if (error.status === 404) expectTypeOf(error.body).toHaveProperty('message');
}

export async function singleOperationForm(): Promise<void> {
  const base = createStediBase({ apiKey: 'key' });
  expectTypeOf(await getProvider(base, { providerId: 'p1' })).toEqualTypeOf<Provider>();
  expectTypeOf(await getProvider(stedi, { providerId: 'p1' })).toEqualTypeOf<Provider>();
  const candid = createCandidBase({ token: 'token' });
  expectTypeOf(await getContract(candid, { contract_id: 'c1' })).toEqualTypeOf<GetContractResult>();
  expectTypeOf<GetContractResult>().toEqualTypeOf<ContractWithProviders>();
  // @ts-expect-error a Candid client is not a Stedi client
  await getProvider(candid, { providerId: 'p1' });
  // @ts-expect-error nor the other way round
  await getContract(base, { contract_id: 'c1' });
}

export async function paginators(): Promise<void> {
  for await (const item of listAllProviders(stedi, { pageSize: 10 })) expectTypeOf(item).toEqualTypeOf<ProviderSummary>();
  for await (const page of listAllProviders(stedi).pages()) expectTypeOf(page.items).toEqualTypeOf<ProviderSummary[]>();
  expectTypeOf<Parameters<typeof listAllProviders>[1]>().toEqualTypeOf<ListProvidersArgs | undefined>();
  expectTypeOf<GetProviderArgs>().toEqualTypeOf<{ providerId: string }>();
}

export function narrowing(e: unknown): void {
  if (isCareApiError<GetProviderError>(e, 'getProvider') && e.status === 404) expectTypeOf(e.body).toHaveProperty('message');
}

export function rangeResponsesDoNotBlockNarrowing(e: import('@careapis/candid').GetContractError): void {
  if (e.status === 404) expectTypeOf(e.body).toEqualTypeOf<import('@careapis/candid').EntityNotFoundError>();
  // A status the operation does not list on its own falls to its range response (5XX here).
  if (e.status === 503) expectTypeOf(e.body).not.toBeNever();
}
