/**
 * `careApisFromEnv`: the facade configured from documented environment variables, one set per
 * vendor. A vendor none of whose variables is set is left out; a vendor with some but not all of
 * them is an error naming what is missing; no vendor at all is an error naming every variable.
 * A variable that is not ours but nearly is (`STEDI_APIKEY`) is suggested in those errors. Errors
 * name variables, never their values.
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
 * variables are set gets a client. The variables (`<VENDOR>_<OPTION>`, see {@link envVariable}):
 *
 * - Candid: `CANDID_TOKEN`, or `CANDID_CLIENT_ID` and `CANDID_CLIENT_SECRET`; optional `CANDID_ENVIRONMENT`, `CANDID_BASE_URL`.
 * - careCycle: `CARECYCLE_API_KEY`; optional `CARECYCLE_ENVIRONMENT`, `CARECYCLE_BASE_URL`.
 * - CertifyOS: `CERTIFYOS_TOKEN`, or `CERTIFYOS_CLIENT_ID` and `CERTIFYOS_CLIENT_SECRET`; and `CERTIFYOS_ORGANIZATION_ID`; optional `CERTIFYOS_ENVIRONMENT`, `CERTIFYOS_BASE_URL`.
 * - Stedi: `STEDI_API_KEY`; optional `STEDI_ENVIRONMENT`, `STEDI_BASE_URL`.
 * - Telehealth: `TELEHEALTH_BASE_URL` and `TELEHEALTH_TOKEN`.
 *
 * A vendor added since is configured the same way; the README of @careapis/sdk has the generated table of every variable.
 *
 * Throws `CareApiConfigError` when no vendor is configured (naming every variable), or listing,
 * per vendor, the variables that are missing or conflicting; a variable whose name is close to one
 * of these (`STEDI_APIKEY`) is suggested. Values never appear in a message.
 */
export function careApisFromEnv(env: Env = process.env, options: CareApisFromEnvOptions = {}): CareApis {
  const config: CareApisOptions = { defaults: options.defaults };
  const misses = nearMisses(env);
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
  const suggestions = VENDORS.flatMap((vendor) => misses[vendor] ?? []).map((miss) => `\n  ${miss}`).join('');
  if (problems.length) {
    throw new CareApiConfigError(`careApisFromEnv: incomplete configuration (values are never shown):\n${problems.join('\n')}${suggestions}`);
  }
  if (variables.size === 0) {
    const ways = VENDORS.map((vendor) => `\n  ${vendor}: ${[describeChoices(vendor, VENDOR_ENV[vendor].auth), ...VENDOR_ENV[vendor].required.map((o) => envVariable(vendor, o))].join('; and ')}`);
    throw new CareApiConfigError(`careApisFromEnv: no vendor is configured: set the variables of at least one vendor:${ways.join('')}${suggestions}`);
  }
  const explain = (vendor: VendorName, message: string): string => `careApisFromEnv: ${message} (${vendor} is configured from ${variables.get(vendor)?.join(', ') ?? 'no variables'})`;
  return buildCareApis(config, explain, misses);
}

/** Upper case, letters and digits only: `stedi-apiKey` and `STEDI_API_KEY` both become `STEDIAPIKEY`. */
const squash = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * Variables set in `env` that are not ours but nearly are, per vendor: same vendor prefix and the
 * same letters (`STEDI_APIKEY`, `stedi_api_key`) or within three edits (`STEDI_API_KY`), each as
 * `STEDI_APIKEY is set: did you mean STEDI_API_KEY?`. Only names, never values.
 */
function nearMisses(env: Env): Partial<Record<VendorName, string[]>> {
  const out: Partial<Record<VendorName, string[]>> = {};
  for (const vendor of VENDORS) {
    const ours = Object.values(VENDOR_ENV[vendor].variables);
    const prefix = squash(vendor);
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined || value.trim() === '' || ours.includes(name) || !squash(name).startsWith(prefix)) continue;
      const close = ours.find((variable) => squash(variable) === squash(name)) ?? ours.find((variable) => distance(squash(variable), squash(name)) <= 3);
      if (close !== undefined) (out[vendor] ??= []).push(`${name} is set: did you mean ${close}?`);
    }
  }
  return out;
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
