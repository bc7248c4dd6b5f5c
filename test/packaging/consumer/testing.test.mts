/**
 * Copied into the temporary consumer project and run there with its own vitest, against the
 * installed tarballs: the tests a team writes for its own code with each vendor's test kit
 * (`@careapis/<vendor>/testing`). One msw server holds every vendor's handlers; each vendor's
 * calls succeed with the spec's examples (client-credentials vendors included: their token
 * endpoint is answered too), an override changes one answer, and requests the vendor would
 * reject get the vendor's own validation error. The file is also type-checked in the consumer
 * (TypeScript 5.9 and 7): the `@ts-expect-error` lines prove that overrides are typed.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CareApiError, createCandidClient, type CreateContractArgs } from '@careapis/candid';
import { examples as candidExamples, handlers as candidHandlers, override as candidOverride } from '@careapis/candid/testing';
import { createCarecycleClient, type CreateCustomerProviderArgs } from '@careapis/carecycle';
import { examples as carecycleExamples, handlers as carecycleHandlers } from '@careapis/carecycle/testing';
import { createCertifyosClient, type CreateProviderArgs as CertifyosCreateProviderArgs } from '@careapis/certifyos';
import { examples as certifyosExamples, handlers as certifyosHandlers, override as certifyosOverride } from '@careapis/certifyos/testing';
import { createStediClient, type CreateProviderRequest, type Provider } from '@careapis/stedi';
import { createHandlers as stediHandlersAt, examples as stediExamples, handlers as stediHandlers, http as stediHttp, override as stediOverride } from '@careapis/stedi/testing';
import { createTelehealthClient } from '@careapis/telehealth';
import { examples as telehealthExamples, handlers as telehealthHandlers } from '@careapis/telehealth/testing';

const server = setupServer(...stediHandlers, ...candidHandlers, ...carecycleHandlers, ...certifyosHandlers, ...telehealthHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The rejection of a call; fails the test when the call resolves. */
async function rejection(call: Promise<unknown>): Promise<CareApiError> {
  const error: unknown = await call.then(
    () => new Error('the call resolved'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CareApiError);
  return error as CareApiError;
}

describe('@careapis/stedi/testing', () => {
  const stedi = createStediClient({ apiKey: 'test-api-key', maxRetries: 0 });
  const newProvider: CreateProviderRequest = {
    name: 'BDQ Dental Inc',
    npi: '1999999992',
    taxId: '555123456',
    taxIdType: 'EIN',
    contacts: [{ firstName: 'Test', lastName: 'Tester', email: 'bob@fortdental.center', phone: '5551234567', streetAddress1: '123 Some Str', city: 'A City', state: 'WA', zipCode: '12345' }],
  };

  it('answers reads and writes with the examples', async () => {
    const provider: Provider = await stedi.getProvider({ providerId: 'db6665c5-7b97-4af9-8c68-a00a336c2998' });
    expect(provider).toEqual(stediExamples.getProvider.body);
    expect(await stedi.createProvider({ body: newProvider })).toEqual(stediExamples.createProvider.body);
    expect((await stedi.listProviders()).items?.length).toBeGreaterThan(0);
  });

  it('an override changes one answer, typed by the spec', async () => {
    server.use(stediOverride('getProvider', { status: 404, body: { message: 'No provider with that id.' } }));
    const error = await rejection(stedi.getProvider({ providerId: 'p-404' }));
    expect(error.status).toBe(404);
    expect(error.vendorMessage).toBe('No provider with that id.');
    await expect(stedi.listProviders()).resolves.toEqual(stediExamples.listProviders.body);
  });

  it('a request Stedi would reject gets its 400 and message', async () => {
    const badNpi = await rejection(stedi.createProvider({ body: { ...newProvider, npi: '123' } }));
    expect(badNpi.status).toBe(400);
    expect(badNpi.vendorMessage).toMatch(/request body at \/npi: must match the pattern/);
    const { name: _name, ...nameless } = newProvider;
    const missing = await rejection(stedi.createProvider({ body: nameless as CreateProviderRequest }));
    expect(missing.vendorMessage).toMatch(/missing required property "name"/);
    const badEnum = await rejection(stedi.createProvider({ body: { ...newProvider, taxIdType: 'VAT' as CreateProviderRequest['taxIdType'] } }));
    expect(badEnum.vendorMessage).toMatch(/taxIdType: must be one of \["EIN","SSN"\]/);
    const asText = await rejection(stedi.createProvider({ body: newProvider }, { headers: { 'content-type': 'text/plain' } }));
    expect(asText.status).toBe(400);
    expect(asText.vendorMessage).toMatch(/content type "text\/plain" is not accepted/);
  });

  it('answers at a base URL of your choice, and openapi-msw handlers compute answers', async () => {
    server.use(...stediHandlersAt({ baseUrl: 'http://localhost:4010/stedi' }));
    const local = createStediClient({ apiKey: 'test-api-key', baseUrl: 'http://localhost:4010/stedi', maxRetries: 0 });
    await expect(local.getProvider({ providerId: 'p-1' })).resolves.toEqual(stediExamples.getProvider.body);
    server.use(stediHttp.get('/providers/{providerId}', ({ params, response }) => response(200).json({ ...stediExamples.getProvider.body, id: params.providerId })));
    expect((await stedi.getProvider({ providerId: 'computed-id' })).id).toBe('computed-id');
  });
});

describe('@careapis/candid/testing (client credentials)', () => {
  const candid = createCandidClient({ clientId: 'test-client-id', clientSecret: 'test-client-secret', maxRetries: 0 });
  const newContract: CreateContractArgs['body'] = {
    commercial_insurance_types: { type: 'allApply' },
    contracting_provider_id: 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32',
    effective_date: '2024-01-01',
    medicaid_insurance_types: { type: 'allApply' },
    medicare_insurance_types: { type: 'allApply' },
    payer_uuid: 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32',
    regions: { type: 'states', states: ['CA', 'NY'] },
    rendering_provider_ids: ['d5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32'],
  };

  it('mints a token from the mocked endpoint and answers with the examples', async () => {
    expect(await candid.getContract({ contract_id: 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32' })).toEqual(candidExamples.getContract.body);
    expect(await candid.createContract({ body: newContract })).toEqual(candidExamples.createContract.body);
  });

  it('an override changes one answer', async () => {
    server.use(candidOverride('getContract', { status: 404, body: { errorName: 'EntityNotFoundError', content: { id: '0e7d3c59-8a0c-4c5b-9d55-4c1f6f0a4e01' } } }));
    expect((await rejection(candid.getContract({ contract_id: '0e7d3c59-8a0c-4c5b-9d55-4c1f6f0a4e01' }))).status).toBe(404);
  });

  it('a malformed contract gets Candid\'s 422 validation error', async () => {
    const { contracting_provider_id: _id, ...incomplete } = newContract;
    const error = await rejection(candid.createContract({ body: incomplete as CreateContractArgs['body'] }));
    expect(error.status).toBe(422);
    expect(JSON.stringify(error.body)).toMatch(/missing required property \\"contracting_provider_id\\"/);
  });
});

describe('@careapis/carecycle/testing', () => {
  const carecycle = createCarecycleClient({ apiKey: 'cc_test-api-key', maxRetries: 0 });
  const args: CreateCustomerProviderArgs = { id: '497f6eca-6276-4993-bfeb-53cbbbba6f08', body: { providerType: 'Primary Care' } };

  it('answers with the example and its documented 201', async () => {
    const { data, response } = await carecycle.createCustomerProvider(args).withResponse();
    expect(response.status).toBe(201);
    expect(data).toEqual(carecycleExamples.createCustomerProvider.body);
  });

  it('a provider type careCycle does not know gets its 422 VALIDATION_ERROR', async () => {
    const error = await rejection(carecycle.createCustomerProvider({ ...args, body: { providerType: 'Astrologer' as 'Primary Care' } }));
    expect(error.status).toBe(422);
    expect(error.body).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(error.vendorMessage).toMatch(/providerType: must be one of/);
  });
});

describe('@careapis/certifyos/testing (client credentials, organization header)', () => {
  const certifyos = createCertifyosClient({ clientId: 'test-client-id', clientSecret: 'test-client-secret', organizationId: 'org-1', maxRetries: 0 });
  const newProvider: CertifyosCreateProviderArgs['body'] = { first_name: 'Ada', middle_name: '', last_name: 'Lovelace', caqh_provider_id: '16012345', degree: 'MD', states: 'NY', npi: '1234567893', primary_email: 'ada.lovelace@example.com' };

  it('answers with the examples', async () => {
    expect(await certifyos.listProviders({ limit: 5 })).toEqual(certifyosExamples.listProviders.body);
    expect(await certifyos.createProvider({ body: newProvider })).toEqual(certifyosExamples.createProvider.body);
  });

  it('an override with once answers one request, then the example comes back', async () => {
    server.use(certifyosOverride('listProviders', { status: 403, body: { statusCode: 403, message: 'Not for this organization.', error: 'Forbidden' } }, { once: true }));
    expect((await rejection(certifyos.listProviders({ limit: 5 }))).status).toBe(403);
    await expect(certifyos.listProviders({ limit: 5 })).resolves.toEqual(certifyosExamples.listProviders.body);
  });

  it('a degree CertifyOS does not take gets its 400', async () => {
    const error = await rejection(certifyos.createProvider({ body: { ...newProvider, degree: 'WIZARD' as 'MD' } }));
    expect(error.status).toBe(400);
    expect(error.vendorMessage).toMatch(/degree: must be one of/);
  });
});

describe('@careapis/telehealth/testing (no public host)', () => {
  const telehealth = createTelehealthClient({ baseUrl: 'https://practice-42.example', token: 'test-token', maxRetries: 0 });
  const slots = { provider_email: 'john.doe@example.com', service_id: 12, date: '2024-10-21', timezone: 'Asia/Kolkata' };

  it('answers at any host with the example', async () => {
    expect(await telehealth.getProviderAppointmentSlots({ body: slots })).toEqual(telehealthExamples.getProviderAppointmentSlots.body);
  });

  it('a request without the provider email gets its 400 with a message', async () => {
    const { provider_email: _email, ...rest } = slots;
    const error = await rejection(telehealth.getProviderAppointmentSlots({ body: rest as typeof slots }));
    expect(error.status).toBe(400);
    expect(error.vendorMessage).toMatch(/missing required property "provider_email"/);
  });
});

/** Never called: these lines only have to type-check (or, marked, fail to). */
export function overridesAreTyped(): void {
  stediOverride('getProvider', { status: 200, body: stediExamples.getProvider.body, headers: { 'x-request-id': 'r-1' } });
  stediOverride('deleteProvider', { status: 200 });
  // @ts-expect-error a 200 of getProvider is a Provider, not a string
  stediOverride('getProvider', { status: 200, body: 'not a provider' });
  // @ts-expect-error a Provider's npi is a string
  stediOverride('getProvider', { status: 200, body: { ...stediExamples.getProvider.body, npi: 1999999992 } });
  // @ts-expect-error getProvider documents no 418
  stediOverride('getProvider', { status: 418, body: { message: 'teapot' } });
  // @ts-expect-error there is no such operation
  stediOverride('getProviders', { status: 200, body: stediExamples.getProvider.body });
  // @ts-expect-error a Candid 404 body is an EntityNotFoundError
  candidOverride('getContract', { status: 404, body: { message: 'not found' } });
  // @ts-expect-error openapi-msw types the response body of a path too
  stediHttp.get('/providers/{providerId}', ({ response }) => response(200).json({ id: 42 }));
}
