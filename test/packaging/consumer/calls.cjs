'use strict';
/**
 * Copied into the temporary consumer project. One call per vendor package against the loopback
 * server at `baseUrl`, shared by smoke.mjs (packages loaded with `import`) and smoke.cjs (with
 * `require`). Each call resolves to the success body and rejects on a non-2xx answer.
 */

/** How to make one call with each vendor's package. Keys are package folder names. */
const CALLS = {
  candid: (m, baseUrl) =>
    m.createCandidClient({ baseUrl, clientId: 'smoke-candid-id', clientSecret: 'smoke-candid-secret', maxRetries: 0 })
      .getContract({ contract_id: 'contract-1' }),
  carecycle: (m, baseUrl) =>
    m.createCarecycleClient({ baseUrl, apiKey: 'cc_smoke-carecycle-key', maxRetries: 0 })
      .deleteCustomerProvider({ id: 'customer-1', providerId: 'provider-1' }),
  certifyos: (m, baseUrl) =>
    m.createCertifyosClient({ baseUrl, clientId: 'smoke-certifyos-id', clientSecret: 'smoke-certifyos-secret', organizationId: 'org-1', maxRetries: 0 })
      .listProviders({ limit: 5 }),
  stedi: (m, baseUrl) =>
    m.createStediClient({ baseUrl, apiKey: 'smoke-stedi-key', maxRetries: 0 })
      .getProvider({ providerId: 'provider-1' }),
  telehealth: (m, baseUrl) =>
    m.createTelehealthClient({ baseUrl, token: 'smoke-telehealth-token', maxRetries: 0 })
      .getProviderAppointmentSlots({ body: { provider_email: 'john.doe@example.com', service_id: 12, date: '2024-10-21', timezone: 'Asia/Kolkata' } }),
};

/**
 * Loads every package with `load(name)` and calls it. Resolves to one report per package: its
 * export names, its VERSION, the data its call resolved to (packages without a call: none).
 */
async function callEach(names, load, baseUrl) {
  const reports = [];
  for (const name of names) {
    const mod = await load(name);
    const dir = name.replace('@careapis/', '');
    const call = CALLS[dir];
    const report = { name, exports: Object.keys(mod).filter((k) => k !== 'default' && k !== '__esModule').sort(), version: mod.VERSION };
    if (call) report.data = await call(mod, baseUrl);
    reports.push(report);
  }
  return reports;
}

module.exports = { CALLS, callEach };
