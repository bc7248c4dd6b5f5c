/** Picking the base URL: an explicit `baseUrl`, a named environment, or the spec's default server. */
import { CareApiConfigError } from './errors.js';
import type { VendorDescriptor } from './types.js';

/** The base URL a client sends its requests to, without a trailing slash. */
export function resolveBaseUrl({ title, environments, serverTemplate }: VendorDescriptor, environment: string | undefined, baseUrl: string | undefined): string {
  let url = baseUrl;
  if (url !== undefined) {
    if (!/^https?:$/.test(URL.canParse(url) ? new URL(url).protocol : '')) {
      throw new CareApiConfigError(`${title}: option \`baseUrl\` must be an absolute http(s) URL, such as ${serverTemplate ?? 'https://api.example.com'}`);
    }
  } else if (serverTemplate !== undefined) {
    throw new CareApiConfigError(`${title}: option \`baseUrl\` is required: the API has no public host (the spec's server is ${serverTemplate})`);
  } else {
    const names = Object.keys(environments);
    const name = environment ?? names[0];
    url = name !== undefined && Object.hasOwn(environments, name) ? environments[name] : undefined;
    if (url === undefined) throw new CareApiConfigError(`${title}: unknown environment "${String(environment)}"; expected one of ${names.map((n) => `"${n}"`).join(', ')}, or a \`baseUrl\``);
  }
  return withoutTrailingSlash(url);
}

/** A base URL without its trailing slashes, so paths (which start with `/`) join onto it. */
export const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

