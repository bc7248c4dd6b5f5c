/**
 * `careApisFromEnv`: the facade configured from documented environment variables, one set per
 * vendor. A vendor none of whose variables is set is left out; a vendor with some but not all of
 * them is an error naming what is missing. Errors name variables, never their values.
 */
import { environments as candidEnvironments } from '@careapis/candid';
import { environments as carecycleEnvironments } from '@careapis/carecycle';
import { environments as certifyosEnvironments } from '@careapis/certifyos';
import { CareApiConfigError } from '@careapis/core';
import { environments as stediEnvironments } from '@careapis/stedi';
import { buildCareApis, type CareApis, type CareApisOptions } from './create.js';
import type { CareApisDefaults } from './defaults.js';
import { VENDORS, type VendorName } from './vendors.js';

/** Environment variables as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Options of {@link careApisFromEnv} that do not come from the environment. */
export interface CareApisFromEnvOptions {
  /** Applied to every vendor client, as in `createCareApis`. */
  defaults?: CareApisDefaults;
}

/** How one vendor reads its variables. Every variable is `<VENDOR>_<OPTION IN SNAKE CASE>`. */
interface VendorEnv {
  /** Ways to authenticate, each a set of client options that go together. */
  auth: readonly (readonly string[])[];
  /** Other options that must be set. */
  required: readonly string[];
  /** Named environments, when the vendor has any (then `<VENDOR>_ENVIRONMENT` is read). */
  environments?: readonly string[];
}

const VENDOR_ENV: { readonly [V in VendorName]: VendorEnv } = {
  stedi: { auth: [['apiKey']], required: [], environments: Object.keys(stediEnvironments) },
  certifyos: { auth: [['token'], ['clientId', 'clientSecret']], required: ['organizationId'], environments: Object.keys(certifyosEnvironments) },
  telehealth: { auth: [['token']], required: ['baseUrl'] },
  carecycle: { auth: [['apiKey']], required: [], environments: Object.keys(carecycleEnvironments) },
  candid: { auth: [['token'], ['clientId', 'clientSecret']], required: [], environments: Object.keys(candidEnvironments) },
};

/** The variable an option of a vendor is read from, e.g. `certifyos` + `clientId` → `CERTIFYOS_CLIENT_ID`. */
export function envVariable(vendor: VendorName, option: string): string {
  return `${vendor.toUpperCase()}_${option.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/**
 * The facade configured from environment variables (default `process.env`): each vendor whose
 * variables are set gets a client. Throws `CareApiConfigError` listing, per vendor, the variables
 * that are missing or conflicting; values never appear in the message.
 */
export function careApisFromEnv(env: Env = process.env, options: CareApisFromEnvOptions = {}): CareApis {
  const config: CareApisOptions = { defaults: options.defaults };
  const problems: string[] = [];
  const variables = new Map<VendorName, string[]>();
  for (const vendor of VENDORS) {
    const read = readVendor(vendor, env);
    if (read.problem !== undefined) problems.push(`  ${vendor}: ${read.problem}`);
    else if (read.options !== undefined) {
      (config as Record<string, unknown>)[vendor] = read.options;
      variables.set(vendor, Object.keys(read.options).map((o) => envVariable(vendor, o)));
    }
  }
  if (problems.length) {
    throw new CareApiConfigError(`careApisFromEnv: incomplete configuration (values are never shown):\n${problems.join('\n')}`);
  }
  return buildCareApis(config, (vendor, message) => `careApisFromEnv: ${message} (${vendor} is configured from ${variables.get(vendor)?.join(', ') ?? 'no variables'})`);
}

/** One vendor's options from the environment; `{}` when none of its variables is set. */
function readVendor(vendor: VendorName, env: Env): { options?: Record<string, string>; problem?: string } {
  const spec = VENDOR_ENV[vendor];
  const optional = ['baseUrl', ...(spec.environments ? ['environment'] : [])].filter((o) => !spec.required.includes(o));
  const value = (option: string): string | undefined => {
    const raw = env[envVariable(vendor, option)];
    return raw === undefined || raw.trim() === '' ? undefined : raw;
  };
  const all = [...spec.auth.flat(), ...spec.required, ...optional];
  const set = all.filter((o) => value(o) !== undefined);
  if (set.length === 0) return {};

  const problems: string[] = [];
  const chosen = spec.auth.filter((choice) => choice.some((o) => value(o) !== undefined));
  const missing: string[] = [];
  if (chosen.length > 1) problems.push(`set ${describeChoices(vendor, spec.auth)}, not more than one`);
  else if (chosen.length === 0) missing.push(describeChoices(vendor, spec.auth));
  else missing.push(...(chosen[0] ?? []).filter((o) => value(o) === undefined).map((o) => envVariable(vendor, o)));
  missing.push(...spec.required.filter((o) => value(o) === undefined).map((o) => envVariable(vendor, o)));
  if (missing.length) problems.unshift(`missing ${missing.join('; ')}`);

  const environment = value('environment');
  if (spec.environments && environment !== undefined && !spec.environments.includes(environment)) {
    problems.push(`${envVariable(vendor, 'environment')} must be one of ${spec.environments.map((e) => `"${e}"`).join(', ')}`);
  }
  if (problems.length) return { problem: `${problems.join('; ')} (set: ${set.map((o) => envVariable(vendor, o)).join(', ')})` };

  const options: Record<string, string> = {};
  for (const option of set) options[option] = value(option) as string;
  return { options };
}

/** `CANDID_TOKEN, or CANDID_CLIENT_ID and CANDID_CLIENT_SECRET`. */
function describeChoices(vendor: VendorName, choices: VendorEnv['auth']): string {
  return choices.map((choice) => choice.map((o) => envVariable(vendor, o)).join(' and ')).join(', or ');
}
