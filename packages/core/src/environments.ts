/** Picking the base URL: an explicit `baseUrl`, a named environment, or the spec's default server. */
import { CareApiConfigError } from './errors.js';
import type { VendorDescriptor } from './types.js';

/** The base URL a client sends its requests to, without a trailing slash; a `baseUrl` must be http(s) and hold no credentials. */
export function resolveBaseUrl({ title, environments, serverTemplate }: VendorDescriptor, environment: string | undefined, baseUrl: string | undefined): string {
  let url = baseUrl;
  if (url === undefined && serverTemplate === undefined) {
    const names = Object.keys(environments);
    const name = environment ?? names[0];
    url = name !== undefined && Object.hasOwn(environments, name) ? environments[name] : undefined;
    if (url === undefined) throw new CareApiConfigError(`${title}: unknown environment "${String(environment)}"; expected one of ${names.map((n) => `"${n}"`).join(', ')}, or a \`baseUrl\``);
  } else {
    const parsed = url !== undefined && URL.canParse(url) ? new URL(url) : undefined;
    // Credentials in the URL would travel into every error and log line that names it: the API's auth options carry them.
    if (!/^https?:$/.test(parsed?.protocol ?? '') || parsed?.username || parsed?.password) {
      const why = url === undefined ? `is required: the API has no public host (the spec's server is ${serverTemplate})` : `must be an absolute http(s) URL without user:password@${serverTemplate ? `, such as ${serverTemplate}` : ''}`;
      throw new CareApiConfigError(`${title}: option \`baseUrl\` ${why}`);
    }
  }
  // Every branch that leaves `url` undefined has thrown.
  return withoutTrailingSlash(url as string);
}

/** A base URL without its trailing slashes, so paths (which start with `/`) join onto it. */
export const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

