/** The vendors the facade knows: their names, client and option types, and how each client is made. */
import { createCandidClient, type CandidClient, type CandidClientOptions } from '@careapis/candid';
import { createCarecycleClient, type CarecycleClient, type CarecycleClientOptions } from '@careapis/carecycle';
import { createCertifyosClient, type CertifyosClient, type CertifyosClientOptions } from '@careapis/certifyos';
import { createStediClient, type StediClient, type StediClientOptions } from '@careapis/stedi';
import { createTelehealthClient, type TelehealthClient, type TelehealthClientOptions } from '@careapis/telehealth';

/** Every vendor the facade can create a client for, in the order a provider is onboarded. */
export const VENDORS = ['stedi', 'certifyos', 'telehealth', 'carecycle', 'candid'] as const;

/** A vendor name: also its option name in `createCareApis` and its property on the facade. */
export type VendorName = (typeof VENDORS)[number];

/** The client type of each vendor. */
export interface VendorClients {
  /** Stedi Enrollment API (payer enrollment). */
  stedi: StediClient;
  /** CertifyOS API (credentialing). */
  certifyos: CertifyosClient;
  /** Telehealth Public APIs (telehealth onboarding). */
  telehealth: TelehealthClient;
  /** careCycle API (care navigation). */
  carecycle: CarecycleClient;
  /** Candid Health API (payer contracting). */
  candid: CandidClient;
}

/** The options type of each vendor's client. */
export interface VendorOptions {
  /** Options of `createStediClient`: `apiKey`. */
  stedi: StediClientOptions;
  /** Options of `createCertifyosClient`: `token` or `clientId` + `clientSecret`, and `organizationId`. */
  certifyos: CertifyosClientOptions;
  /** Options of `createTelehealthClient`: `baseUrl` and `token`. */
  telehealth: TelehealthClientOptions;
  /** Options of `createCarecycleClient`: `apiKey` (starts with `cc_`). */
  carecycle: CarecycleClientOptions;
  /** Options of `createCandidClient`: `token` or `clientId` + `clientSecret`. */
  candid: CandidClientOptions;
}

const factories: { [V in VendorName]: (options: VendorOptions[V]) => VendorClients[V] } = {
  stedi: createStediClient,
  certifyos: createCertifyosClient,
  telehealth: createTelehealthClient,
  carecycle: createCarecycleClient,
  candid: createCandidClient,
};

/** Creates one vendor's client from its (already merged) options. */
export function createVendorClient<V extends VendorName>(name: V, options: VendorOptions[V]): VendorClients[V] {
  return factories[name](options);
}

/** How to configure each vendor, for the error raised when an unconfigured one is touched. */
export const SETUP_HINTS: { readonly [V in VendorName]: { option: string; env: string } } = {
  stedi: { option: 'stedi: { apiKey }', env: 'STEDI_API_KEY' },
  certifyos: { option: 'certifyos: { clientId, clientSecret, organizationId } (or token instead of the credentials)', env: 'CERTIFYOS_CLIENT_ID, CERTIFYOS_CLIENT_SECRET and CERTIFYOS_ORGANIZATION_ID (or CERTIFYOS_TOKEN instead of the credentials)' },
  telehealth: { option: 'telehealth: { baseUrl, token }', env: 'TELEHEALTH_BASE_URL and TELEHEALTH_TOKEN' },
  carecycle: { option: 'carecycle: { apiKey }', env: 'CARECYCLE_API_KEY' },
  candid: { option: 'candid: { clientId, clientSecret } (or token)', env: 'CANDID_CLIENT_ID and CANDID_CLIENT_SECRET (or CANDID_TOKEN)' },
};
