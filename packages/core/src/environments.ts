/** Picking the base URL: an explicit `baseUrl`, a named environment, or the spec's default server. */
import { CareApiConfigError } from './errors.js';
import type { VendorDescriptor } from './types.js';

/** The base URL a client sends its requests to. */
export function resolveBaseUrl(vendor: VendorDescriptor, environment: string | undefined, baseUrl: string | undefined): string {
  const names = Object.keys(vendor.environments);
  if (baseUrl !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(baseUrl);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new CareApiConfigError(`${vendor.title}: option \`baseUrl\` must be an absolute http(s) URL, such as ${vendor.serverTemplate ?? 'https://api.example.com'}`);
    }
    return baseUrl.replace(/\/+$/, '');
  }
  if (vendor.serverTemplate !== undefined) {
    throw new CareApiConfigError(`${vendor.title}: option \`baseUrl\` is required: the API has no public host (the spec's server is ${vendor.serverTemplate})`);
  }
  const name = environment ?? names[0];
  const url = name === undefined ? undefined : vendor.environments[name];
  if (url === undefined) {
    throw new CareApiConfigError(`${vendor.title}: unknown environment "${String(environment)}"; expected one of ${names.map((n) => `"${n}"`).join(', ')}, or a \`baseUrl\``);
  }
  return url.replace(/\/+$/, '');
}
