/** API keys in a named header (`x-api-key`), or raw in `Authorization` (Stedi). */
import { CareApiConfigError } from '../errors.js';

/** Checks the key and returns it, to be sent in `header`; the key itself never appears in an error. */
export function apiKey(vendorTitle: string, header: string, key: unknown, prefix?: string): string {
  if (typeof key !== 'string' || key.trim() === '') {
    throw new CareApiConfigError(`${vendorTitle}: option \`apiKey\` is required (sent in the \`${header}\` header)`);
  }
  if (prefix && !key.startsWith(prefix)) {
    throw new CareApiConfigError(
      `${vendorTitle}: option \`apiKey\` does not look like a ${vendorTitle} key: keys begin with "${prefix}" (the value given, ${key.length} characters, does not; it is not shown)`,
    );
  }
  return key;
}
