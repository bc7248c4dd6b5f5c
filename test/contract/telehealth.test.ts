/**
 * @careapis/telehealth against a Prism mock of specs/telehealth.yaml (request validation on), and
 * against loopback node:http servers: what a multipart upload puts on the wire, and a server that
 * echoes the sign-up password back.
 */
import { Buffer } from 'node:buffer';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  CareApiConfigError,
  CareApiError,
  createTelehealthBase,
  createTelehealthClient,
  debugLogger,
  getProviderAppointmentSlots,
  rawClient,
  unwrap,
  type ErrorMessage,
  type FlaggedError,
  type GenerateSsoTokenError,
  type Logger,
  type RegisterProviderError,
  type TelehealthClient,
  type TelehealthClientOptions,
  type UploadPatientFormAttachmentsError,
} from '@careapis/telehealth';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';
import { reply, useLoopbackServer } from '../support/loopback-server.js';
import { rejection, violatedAt } from './rejection.js';

const TOKEN = 'th-test-bearer-5e6f7a8b';
const PASSWORD = 'Pw-never-shown-7c1e!';
const signUp = { signup_code: 'ABCD123', first_name: 'John', password: PASSWORD } as const;
const pdf = '%PDF-1.7 referral letter';
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

describe('telehealth contract (Prism)', () => {
  let mock: MockServer;
  let telehealth: TelehealthClient;

  beforeAll(async () => {
    mock = await startMock('telehealth');
    telehealth = createTelehealthClient({ baseUrl: mock.url, token: TOKEN, maxRetries: 0 });
  });
  afterAll(() => mock?.close());

  it('generateSsoToken returns the portal user token', async () => {
    const data = await telehealth.generateSsoToken({ body: { username: 'john.doe@example.com', password: PASSWORD, redirectParam: 'https://portal.example.com/dashboard' } });
    expect(typeof data.userAccessToken).toBe('string');
  });

  it('generateSsoToken without a password: 400 in the { error, message } envelope', async () => {
    // @ts-expect-error password is required
    const error = await rejection<GenerateSsoTokenError>(telehealth.generateSsoToken({ body: { username: 'john.doe@example.com' } }));
    expect(error.status).toBe(400);
    expect(error.body).toMatchObject({ error: true, message: expect.stringMatching(/^Request Failed\./) });
  });

  it('registerProvider with every field (seed body, country included)', async () => {
    const data = await telehealth.registerProvider({
        body: {
          ...signUp,
          middle_name: 'Richard',
          last_name: 'Doe',
          email_id: 'john.doe@example.com',
          email_id_alt: 'john.richard@example.com',
          country_code_phone1: '+1',
          phone1: '1234567890',
          country_code_phone2: '+1',
          phone2: '9876543210',
          gender: 'male',
          birth_date: '1980-01-01',
          language: 'pt-BR',
          addr1: '123',
          addr2: 'My Street',
          city: 'Kingston',
          state: 'New York',
          country: 'USA',
          post_code: '12401',
        },
      });
    expect(data.error).toBe(false);
    expect(data.input_data.user_type).toBe('provider');
    expect(data.input_data.id).toMatch(/^\d+$/);
  });

  it('registerProvider with an email and no phone', async () => {
    const { data, response } = await telehealth.registerProvider({ body: { ...signUp, email_id: 'john.doe@example.com' } }).withResponse();
    expect(response.status).toBe(200);
    expect(data.error).toBe(false);
  });

  it('registerProvider with a phone and no email', async () => {
    const { data, response } = await telehealth.registerProvider({ body: { ...signUp, phone1: '1234567890', country_code_phone1: '+1' } }).withResponse();
    expect(response.status).toBe(200);
    expect(data.error).toBe(false);
  });

  it('registerProvider with neither email nor phone is rejected with a typed error', async () => {
    // The generated type already forbids a sign-up with neither email_id nor phone1; the server must too.
    // @ts-expect-error neither email_id nor phone1
    const error = await rejection<RegisterProviderError>(telehealth.registerProvider({ body: { ...signUp, last_name: 'Doe' } }));
    expect(error.status).toBe(422);
    expect(error.headers['sl-violations']).toContain('anyOf');
    expect(error.body && 'error' in error.body ? error.body.error : undefined).toBe(true);
    // @ts-expect-error neither email_id nor phone1
    const thrown = await rejection(telehealth.registerProvider({ body: { ...signUp } }));
    expect(thrown).toMatchObject({ vendor: 'telehealth', operationId: 'registerProvider', status: 422, attempts: 1, body: { error: true } });
    expect(`${String(thrown)} ${JSON.stringify(thrown)}`).not.toContain(PASSWORD);
  });

  it('a phone without its country code is rejected (dependentRequired)', async () => {
    const phone1 = await rejection(telehealth.registerProvider({ body: { ...signUp, phone1: '1234567890' } }));
    expect(phone1.headers['sl-violations']).toContain('country_code_phone1');
    const phone2 = await rejection(telehealth.registerProvider({ body: { ...signUp, email_id: 'john.doe@example.com', phone2: '9876543210' } }));
    expect(phone2.headers['sl-violations']).toContain('country_code_phone2');
    expect(phone2.body).toBeDefined();
  });

  it('gender, language and birth_date are checked', async () => {
    // @ts-expect-error not a documented gender
    const gender = await rejection(telehealth.registerProvider({ body: { ...signUp, email_id: 'a@example.com', gender: 'unknown' } }));
    expect(gender.headers['sl-violations']).toContain('gender');
    // @ts-expect-error the codes are case-sensitive (pt-BR)
    const language = await rejection(telehealth.registerProvider({ body: { ...signUp, email_id: 'a@example.com', language: 'pt-br' } }));
    expect(language.headers['sl-violations']).toContain('language');
    const birth = await rejection(telehealth.registerProvider({ body: { ...signUp, email_id: 'a@example.com', birth_date: '01/01/1980' } }));
    expect(birth.headers['sl-violations']).toContain('birth_date');
  });

  it('registerPatient', async () => {
    const body = { first_name: 'Jane', last_name: 'Roe', date_of_birth: '1990-05-17', email: 'jane.roe@example.com', country_code: '+1', phone_number: '5551234567' };
    const { response } = await telehealth.registerPatient({ body: { ...body, gender: 'female', language: 'es', customer_code: 'PRACTICE01', height: 165.5, height_unit: 'cm' } }).withResponse();
    expect(response.status).toBe(200);
    const noUnit = await rejection(telehealth.registerPatient({ body: { ...body, height: 165.5 } }));
    expect(noUnit.headers['sl-violations']).toContain('height_unit');
  });

  it('uploadPatientFormAttachments with a File and a Blob', async () => {
    const data = await telehealth.uploadPatientFormAttachments({
      body: { 'attachments[]': [new File([pdf], 'referral.pdf', { type: 'application/pdf' }), new Blob([jpeg], { type: 'image/jpeg' })] },
    });
    expect(data.length).toBeGreaterThan(0);
    expect(data[0]?.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uploadPatientFormAttachments with a Node Buffer', async () => {
    const { data, response } = await telehealth.uploadPatientFormAttachments({ body: { 'attachments[]': [Buffer.from(jpeg)] } }).withResponse();
    expect(response.status).toBe(200);
    expect(typeof data[0]?.file_name).toBe('string');
  });

  it('uploadPatientFormAttachments without files: 400 in the { error_message } envelope', async () => {
    const error = await rejection<UploadPatientFormAttachmentsError>(telehealth.uploadPatientFormAttachments({ body: { 'attachments[]': [] } }));
    expect(error.status).toBe(400);
    expect(error.kind).toBe('badRequest');
    if (error.status !== 400) throw new Error('narrowed above');
    expectTypeOf(error.body).toEqualTypeOf<ErrorMessage>();
    expect(error.body.error_message).toMatch(/^Request Failed\./);
    expect(error.vendorMessage).toBe(error.body.error_message);
  });

  it('submitPatientFormResponse', async () => {
    const { response } = await telehealth
      .submitPatientFormResponse({
        body: {
        patient_id: 201700000004,
        patient_form_name: 'Intake Form',
        form_responses: [
          { question_type: 'text', text: 'What brings you in today?', answer: 'Persistent headaches' },
          { question_type: 'file', text: 'Upload your insurance card', answer: ['3f2c8a4e-9b1d-4c7e-8f00-1a2b3c4d5e6f'] },
        ],
        },
      })
      .withResponse();
    expect(response.status).toBe(200);
  });

  it('createLabReadings', async () => {
    const observation = { id: 'obs-1', resourceType: 'Observation', bioMarker: 'Vitamin D', result: 36.45, unit: 'ng/mL', flag: 'MEDIUM', referenceRangeHigh: 100, referenceRangeLow: 30, effectiveDateTime: '2024-10-01T09:30:00Z' };
    const { response } = await telehealth.createLabReadings({ body: { patient_id: 201700000004, resourceType: 'DiagnosticReport', observations: [observation, { ...observation, id: 'obs-2', result: '41' }] } }).withResponse();
    expect(response.status).toBe(200);
  });

  it('getProviderAppointmentSlots', async () => {
    const data = await telehealth.getProviderAppointmentSlots({ body: { provider_email: 'john.doe@example.com', service_id: 12, date: '2024-10-21', timezone: 'Asia/Kolkata' } });
    expect(data.available_slots.every((slot) => /^\d{2}:\d{2} [AP]M$/.test(slot))).toBe(true);
  });

  it('queryPatients posts { query, variables }', async () => {
    const data = await telehealth.queryPatients({
      body: { query: 'query Users($customerCode: String, $first: Int!) { users(customerCode: $customerCode, first: $first) { data { patient_id first_name } } }', variables: { customerCode: 'PRACTICE01', first: 10, page: 1 } },
    });
    expect(Array.isArray(data.data?.users?.data)).toBe(true);
  });

  it('sends the bearer token: the mock refuses the same request without it, and takes the client\'s', async () => {
    const body = { provider_email: 'a@example.com', service_id: 1, date: '2024-10-21' };
    const res = await fetch(`${mock.url}/api/service/v1/appointment-slots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.body?.cancel();
    expect(res.status).toBe(401);
    const { response } = await telehealth.getProviderAppointmentSlots({ body }).withResponse();
    expect(response.status).toBe(200);
  });

  // Every telehealth operation takes only a body (JSON, or multipart for the upload): no path, query or header parameters.
  describe('flat arguments: the body (Prism validates the request)', () => {
    it('a JSON body goes under `body`, where Prism checks it', async () => {
      const body = { provider_email: 'john.doe@example.com', service_id: 12, date: '2024-10-21', timezone: 'Asia/Kolkata' };
      const { data, response } = await telehealth.getProviderAppointmentSlots({ body }).withResponse();
      expect(response.status).toBe(200);
      expect(response.url).toBe(`${mock.url}/api/service/v1/appointment-slots`);
      expect(Array.isArray(data.available_slots)).toBe(true);
      const error = await rejection(telehealth.getProviderAppointmentSlots({ body: { ...body, date: '21/10/2024' } }));
      expect(violatedAt(error)).toEqual(['body.date']);
      // @ts-expect-error service_id is required
      const missing = await rejection(telehealth.getProviderAppointmentSlots({ body: { provider_email: 'john.doe@example.com', date: '2024-10-21' } }));
      expect(violatedAt(missing)).toEqual(['body']);
      expect(missing.headers['sl-violations'] ?? JSON.stringify(missing.body)).toContain('service_id');
    });

    it('a multipart body goes under `body` too, as form parts Prism checks', async () => {
      const { data, response } = await telehealth.uploadPatientFormAttachments({ body: { 'attachments[]': [new File([pdf], 'referral.pdf', { type: 'application/pdf' })] } }).withResponse();
      expect(response.status).toBe(200);
      expect(data[0]?.uuid).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('the single-operation function takes the same arguments', async () => {
      const base = createTelehealthBase({ baseUrl: mock.url, token: TOKEN, maxRetries: 0 });
      const data = await getProviderAppointmentSlots(base, { body: { provider_email: 'john.doe@example.com', service_id: 12, date: '2024-10-21' } });
      expect(Array.isArray(data.available_slots)).toBe(true);
    });
  });

  describe('HTTP errors', () => {
    it('a 400 rejects with a CareApiError carrying status, kind, the vendor message and the typed body', async () => {
      const error = await rejection<GenerateSsoTokenError>(telehealth.generateSsoToken({ body: { username: 'john.doe@example.com', password: PASSWORD } }, { headers: { Prefer: 'code=400' } }));
      expect(error).toMatchObject({ name: 'CareApiError', vendor: 'telehealth', operationId: 'generateSsoToken', status: 400, kind: 'badRequest', attempts: 1 });
      if (error.status !== 400) throw new Error('narrowed above');
      expectTypeOf(error.body).toEqualTypeOf<FlaggedError>();
      expect(error.body.error).toBe(true);
      expect(error.body.message).toMatch(/^Request Failed\./);
      expect(error.vendorMessage).toBe(error.body.message);
      expect(error.message).toContain(`telehealth.generateSsoToken failed with HTTP 400: ${error.body.message}`);
      expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(PASSWORD);
    });

    it('a 500 is kind `server`', async () => {
      const error = await rejection<GenerateSsoTokenError>(telehealth.generateSsoToken({ body: { username: 'john.doe@example.com', password: PASSWORD } }, { headers: { Prefer: 'code=500' } }));
      expect(error.status).toBe(500);
      expect(error.kind).toBe('server');
      expect(error.attempts).toBe(1);
    });
  });
});

describe('telehealth client options', () => {
  it('requires baseUrl: the API has no public host', () => {
    // @ts-expect-error baseUrl is required
    expect(() => createTelehealthClient({ token: TOKEN })).toThrow(CareApiConfigError);
    // @ts-expect-error baseUrl is required
    expect(() => createTelehealthClient({ token: TOKEN })).toThrow(/`baseUrl` is required/);
  });

  it.each(['/api/service/v1', 'your-practice.example.com', 'ftp://your-practice.example.com', ''])('rejects a baseUrl that is not an absolute http(s) URL: %j', (baseUrl) => {
    expect(() => createTelehealthClient({ baseUrl, token: TOKEN })).toThrow(CareApiConfigError);
    expect(() => createTelehealthClient({ baseUrl, token: TOKEN })).toThrow(/absolute http\(s\) URL/);
  });

  it('requires a token', () => {
    expect(() => createTelehealthClient({ baseUrl: 'https://your-practice.example.com' } as TelehealthClientOptions)).toThrow(/`token` is required/);
  });
});

describe('telehealth multipart upload on the wire (loopback server)', () => {
  const server = useLoopbackServer({ respond: () => reply(200, [{ file_name: 'x', uuid: '3f2c8a4e-9b1d-4c7e-8f00-1a2b3c4d5e6f' }]) });
  let telehealth: TelehealthClient;

  beforeAll(() => {
    telehealth = createTelehealthClient({ baseUrl: server.url, token: TOKEN });
  });

  /** The parts of the last multipart request, parsed by undici's own form-data parser. */
  async function lastParts(): Promise<{ raw: string; files: File[]; contentType: string }> {
    const request = server.requests.at(-1);
    const contentType = request?.headers['content-type'] ?? '';
    const form = await new Response(request ? new Uint8Array(request.bytes) : null, { headers: { 'content-type': contentType } }).formData();
    expect([...form.keys()].every((key) => key === 'attachments[]')).toBe(true);
    const files = form.getAll('attachments[]').map((part) => {
      expect(part).toBeInstanceOf(File);
      return part as File;
    });
    return { raw: request?.bytes.toString('latin1') ?? '', files, contentType };
  }

  it('sends a File and a Blob as repeated attachments[] file parts with their names, types and bytes', async () => {
    await telehealth.uploadPatientFormAttachments({ body: { 'attachments[]': [new File([pdf], 'referral.pdf', { type: 'application/pdf' }), new Blob([jpeg], { type: 'image/jpeg' })] } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url).toBe('/api/service/v1/patient/form/attachment');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const { raw, files, contentType } = await lastParts();
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(raw).toContain('name="attachments[]"; filename="referral.pdf"');
    expect(files).toHaveLength(2);
    expect(files[0]).toMatchObject({ name: 'referral.pdf', type: 'application/pdf' });
    expect(await files[0]?.text()).toBe(pdf);
    expect(files[1]?.type).toBe('image/jpeg');
    expect(new Uint8Array(await files[1]!.arrayBuffer())).toEqual(jpeg);
  });

  it('sends a Node Buffer as a file part with its exact bytes', async () => {
    const buffer = Buffer.from(jpeg);
    await telehealth.uploadPatientFormAttachments({ body: { 'attachments[]': [buffer, Buffer.from(pdf)] } });
    const { files } = await lastParts();
    expect(files).toHaveLength(2);
    expect(Buffer.from(await files[0]!.arrayBuffer()).equals(buffer)).toBe(true);
    expect(await files[1]?.text()).toBe(pdf);
    expect(files.every((file) => file.name.length > 0)).toBe(true);
  });
});

describe('telehealth never shows the password (loopback server that echoes it)', () => {
  // Answers every request with an error that echoes the whole request body back, password included.
  const server = useLoopbackServer({
    respond: (seen) => {
      const input = JSON.parse(seen.body || '{}') as Record<string, unknown>;
      if (seen.url === '/sso/token') return reply(400, { error: true, message: 'Request Failed. Invalid credentials.', input_data: input });
      return reply(422, { error: true, message: 'Request Failed. The email has already been taken.', input_data: { ...input, id: '202400001710' }, ...input });
    },
  });
  let lines: { message: string; fields: Record<string, unknown> }[];
  let telehealth: TelehealthClient;

  beforeAll(() => {
    const logger: Logger = { debug: (message, fields) => lines.push({ message, fields: fields ?? {} }) };
    telehealth = createTelehealthClient({ baseUrl: server.url, token: TOKEN, logger: debugLogger(logger, { bodies: true }) });
  });
  beforeEach(() => {
    lines = [];
  });

  /** Every way an error or log line can be turned into text. */
  function renderings(error: unknown): string[] {
    const e = error as CareApiError;
    return [String(e), e.message, e.stack ?? '', JSON.stringify(e), JSON.stringify(e.body), inspect(e, { depth: 10 }), JSON.stringify(lines), inspect(lines, { depth: 10 })];
  }

  it('registerProvider: not in the error, its body, its stack or the log lines', async () => {
    const thrown = await rejection(telehealth.registerProvider({ body: { ...signUp, email_id: 'john.doe@example.com' } }));
    expect(thrown).toMatchObject({ status: 422, body: { input_data: { first_name: 'John', password: '[redacted]' } } });
    // The server really echoed it, and the request really carried it.
    expect(server.requests.at(-1)?.body).toContain(PASSWORD);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((line) => line.fields.requestBody)).toContainEqual(expect.objectContaining({ email_id: 'john.doe@example.com', password: '[redacted]' }));
    for (const text of renderings(thrown)) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('generateSsoToken: not in the error or the log lines', async () => {
    const thrown = await rejection(telehealth.generateSsoToken({ body: { username: 'john.doe@example.com', password: PASSWORD } }));
    expect(thrown).toMatchObject({ status: 400, operationId: 'generateSsoToken' });
    expect(lines.length).toBeGreaterThan(0);
    for (const text of renderings(thrown)) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('the raw client\'s plain result (no unwrap): the echoed password is redacted in `error`, also inside the vendor message', async () => {
    const result = await rawClient(telehealth).POST('/sso/token', { body: { username: 'john.doe@example.com', password: PASSWORD } });
    expect(result.response.status).toBe(400);
    expect(JSON.stringify(result.error)).not.toContain(PASSWORD);
    expect(result.error).toMatchObject({ input_data: { password: '[redacted]' } });
    const echoed = await rawClient(telehealth).POST('/api/service/v1/provider/register', { body: { ...signUp, email_id: 'john.doe@example.com' } });
    expect(JSON.stringify(echoed.error)).not.toContain(PASSWORD);
    const thrown = await unwrap(rawClient(telehealth).POST('/sso/token', { body: { username: 'john.doe@example.com', password: PASSWORD } })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CareApiError);
    for (const text of renderings(thrown)) expect(text).not.toContain(PASSWORD);
    expect(server.requests.at(-1)?.body).toContain(PASSWORD);
  });

  it('registerPatient: not in the error or the log lines', async () => {
    const body = { first_name: 'Jane', last_name: 'Roe', date_of_birth: '1990-05-17', email: 'jane.roe@example.com', country_code: '+1', phone_number: '5551234567', password: PASSWORD };
    const thrown = await rejection(telehealth.registerPatient({ body }));
    for (const text of renderings(thrown)) expect(text).not.toContain(PASSWORD);
  });
});
