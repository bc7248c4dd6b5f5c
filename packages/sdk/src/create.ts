/** `createCareApis`: one client per configured vendor, with shared defaults. */
import { CareApiConfigError } from '@careapis/core';
import { withDefaults, type CareApisDefaults } from './defaults.js';
import { FACTORIES, VENDOR_ENV, VENDORS, type VendorClients, type VendorName, type VendorOptions } from './generated/vendors.js';

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
  return buildCareApis(options, withVariables);
}

/** A missing-option message with the variables `careApisFromEnv` would read them from: `… is required (…) (or set STEDI_API_KEY for careApisFromEnv)`. */
function withVariables(vendor: VendorName, message: string): string {
  const end = message.indexOf(' required');
  if (end === -1) return message;
  const { variables } = VENDOR_ENV[vendor];
  const names = [...message.slice(0, end).matchAll(/`(\w+)`/g)].flatMap(([, option]) => (option && variables[option] ? [variables[option]] : []));
  return names.length ? `${message} (or set ${names.join(' and ')} for careApisFromEnv)` : message;
}

/** Rewrites a vendor client's configuration error message, e.g. to say where the options came from. */
export type ExplainConfigError = (vendor: VendorName, message: string) => string;

/** {@link createCareApis}, with a hook for the message of a vendor's configuration error and hints for the vendors left out (used by `careApisFromEnv`). */
export function buildCareApis(options: CareApisOptions, explain: ExplainConfigError, hints: Partial<Record<VendorName, string[]>> = {}): CareApis {
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
      Object.defineProperty(apis, name, { get: () => notConfigured(name, hints[name]), enumerable: false });
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
  return FACTORIES[name](withDefaults(defaults, options));
}

/** What to set for a vendor, from its spec: `certifyos: { clientId, clientSecret, organizationId } (or token)`, and the variables. */
export function setupHint(name: VendorName): { option: string; env: string } {
  const { auth, required, variables } = VENDOR_ENV[name];
  const [main = [], ...others] = [...auth].reverse();
  const options = (choice: readonly string[]): string[] => [...required.filter((o) => !choice.includes(o)), ...choice];
  const or = (text: (choice: readonly string[]) => string): string => (others.length ? ` (or ${others.map(text).join(', or ')} instead)` : '');
  const env = (choice: readonly string[]): string => options(choice).map((o) => variables[o] ?? o).join(' and ');
  return {
    option: `${name}: { ${options(main).join(', ')} }${or((c) => c.join(', '))}`,
    env: `${env(main)}${or((c) => c.map((o) => variables[o] ?? o).join(' and '))}`,
  };
}

function notConfigured(name: VendorName, misses: string[] = []): never {
  const hint = setupHint(name);
  throw new CareApiConfigError(`careapis: \`${name}\` is not configured: pass \`${hint.option}\` to createCareApis, or set ${hint.env} for careApisFromEnv${misses.map((m) => ` (${m})`).join('')}`);
}
