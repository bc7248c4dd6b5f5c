/** API keys in a named header (`x-api-key`), or raw in `Authorization` (Stedi). */
import { CareApiConfigError } from '../errors.js';
import type { AuthSetup } from '../types.js';

/** Checks the key and returns it, to be sent in `header` (lower case); the key itself never appears in an error. */
export function apiKey(vendorTitle: string, header: string, key: unknown, prefix?: string): string {
  if (typeof key !== 'string' || key.trim() === '') {
    throw new CareApiConfigError(`${vendorTitle}: option \`apiKey\` is required (sent in the \`${header}\` header)`);
  }
  // A key sent raw as the whole Authorization value (Stedi) comes without a scheme: the vendor wants the key itself.
  if (header === 'authorization' && /^(bearer|key|basic) /i.test(key)) {
    throw new CareApiConfigError(`${vendorTitle}: option \`apiKey\` takes the key alone, without "Bearer " or "Key "`);
  }
  if (prefix && !key.startsWith(prefix)) {
    throw new CareApiConfigError(
      `${vendorTitle}: option \`apiKey\` does not look like a ${vendorTitle} key: keys begin with "${prefix}" (the value given, ${key.length} characters, does not; it is not shown)`,
    );
  }
  return key;
}

/** API-key auth: checks the `apiKey` option and sends it in the scheme's header on every call. */
export const apiKeyAuth: AuthSetup = ({ title, scheme, options, headers, secret }) => {
  if (scheme.type !== 'apiKey') return undefined;
  headers[scheme.header.toLowerCase()] = apiKey(title, scheme.header, options.apiKey, scheme.prefix);
  secret(options.apiKey as string);
  return undefined;
};
