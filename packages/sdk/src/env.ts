/**
 * `careApisFromEnv`: the facade configured from documented environment variables, one set per
 * vendor. A vendor none of whose variables is set is left out; a vendor with some but not all of
 * them is an error naming what is missing. Errors name variables, never their values.
 */
import { CareApiConfigError } from '@careapis/core';
import { buildCareApis, type CareApis, type CareApisOptions } from './create.js';
import type { CareApisDefaults } from './defaults.js';
import { VENDOR_ENV, VENDORS, type VendorEnv, type VendorName } from './generated/vendors.js';

/** Environment variables as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Options of {@link careApisFromEnv} that do not come from the environment. */
export interface CareApisFromEnvOptions {
  /** Applied to every vendor client, as in `createCareApis`. */
  defaults?: CareApisDefaults;
}

/** The variable an option of a vendor is read from, e.g. `certifyos` + `clientId` → `CERTIFYOS_CLIENT_ID` (the names come from the generator, which holds the one naming rule). */
export function envVariable(vendor: VendorName, option: string): string {
  const name = VENDOR_ENV[vendor]?.variables[option];
  if (name === undefined) throw new CareApiConfigError(`envVariable: ${vendor} has no option \`${option}\` read from the environment`);
  return name;
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
  const optional = Object.keys(spec.variables).filter((o) => !spec.required.includes(o) && !spec.auth.flat().includes(o));
  const value = (option: string): string | undefined => {
    const name = spec.variables[option];
    const raw = name === undefined ? undefined : env[name];
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
  if (spec.environments.length && environment !== undefined && !spec.environments.includes(environment)) {
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
