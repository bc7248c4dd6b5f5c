/** `createCareApis`: one client per configured vendor, with shared defaults. */
import { CareApiConfigError } from '@careapis/core';
import { withDefaults, type CareApisDefaults } from './defaults.js';
import { createVendorClient, SETUP_HINTS, VENDORS, type VendorClients, type VendorName, type VendorOptions } from './vendors.js';

/** Options of {@link createCareApis}: each vendor's client options (only the vendors you use), and shared defaults. */
export type CareApisOptions = { [V in VendorName]?: VendorOptions[V] } & {
  /** Applied to every vendor client unless that vendor's options set the same option. */
  defaults?: CareApisDefaults;
};

/**
 * One client per vendor, e.g. `careApis.stedi.createProvider(...)`. Only configured vendors exist:
 * reading an unconfigured one throws `CareApiConfigError` naming the option (and variables) to set.
 */
export type CareApis = Readonly<VendorClients> & {
  /** The vendors this facade was configured with, in onboarding order. */
  readonly vendors: readonly VendorName[];
};

const KNOWN_OPTIONS = new Set<string>([...VENDORS, 'defaults']);

/** Creates the configured vendors' clients at once; a vendor's bad options throw `CareApiConfigError` here, before any request. */
export function createCareApis(options: CareApisOptions): CareApis {
  return buildCareApis(options, (_vendor, message) => message);
}

/** Rewrites a vendor client's configuration error message, e.g. to say where the options came from. */
export type ExplainConfigError = (vendor: VendorName, message: string) => string;

/** {@link createCareApis}, with a hook for the message of a vendor's configuration error (used by `careApisFromEnv`). */
export function buildCareApis(options: CareApisOptions, explain: ExplainConfigError): CareApis {
  if (typeof options !== 'object' || options === null) throw new CareApiConfigError('createCareApis: options are required');
  const unknown = Object.keys(options).filter((key) => !KNOWN_OPTIONS.has(key));
  if (unknown.length) {
    throw new CareApiConfigError(`createCareApis: unknown option ${unknown.map((k) => `\`${k}\``).join(', ')}; expected ${[...KNOWN_OPTIONS].map((k) => `\`${k}\``).join(', ')}`);
  }
  const apis: Record<string, unknown> = {};
  const configured: VendorName[] = [];
  for (const name of VENDORS) {
    const vendorOptions = options[name];
    if (vendorOptions === undefined) {
      Object.defineProperty(apis, name, { get: () => notConfigured(name), enumerable: false });
      continue;
    }
    let client: unknown;
    try {
      client = createMerged(name, vendorOptions, options.defaults);
    } catch (error) {
      if (error instanceof CareApiConfigError) throw new CareApiConfigError(explain(name, error.message), { cause: error });
      throw error;
    }
    Object.defineProperty(apis, name, { value: client, enumerable: true });
    configured.push(name);
  }
  Object.defineProperty(apis, 'vendors', { value: Object.freeze(configured), enumerable: false });
  return Object.freeze(apis) as CareApis;
}

function createMerged<V extends VendorName>(name: V, options: VendorOptions[V], defaults: CareApisDefaults | undefined): VendorClients[V] {
  return createVendorClient(name, withDefaults(defaults, options));
}

function notConfigured(name: VendorName): never {
  const hint = SETUP_HINTS[name];
  throw new CareApiConfigError(`careapis: \`${name}\` is not configured: pass \`${hint.option}\` to createCareApis, or set ${hint.env} for careApisFromEnv`);
}
