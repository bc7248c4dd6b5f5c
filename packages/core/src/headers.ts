/**
 * Header values are checked before anything is sent: a value with a line break could smuggle in a
 * header of its own, and fetch's own error would quote the value (an API key, a token) and be
 * retried as a connection error.
 */
import { CareApiConfigError } from './errors.js';

/** True when `value` holds a character a header value may not (RFC 9110 allows tab, space, visible ASCII and 0x80–0xff): CR, LF, NUL, other controls, anything above 0xff. */
export const badHeaderValue = (value: string): boolean => /[^\t\x20-\x7e\x80-\xff]/.test(value);

/** Throws a {@link CareApiConfigError} naming the first header whose value cannot be sent; the value is never shown. */
export function checkHeaders(title: string, headers: Record<string, string>): void {
  for (const name in headers) if (badHeaderValue(headers[name] as string)) throw new CareApiConfigError(`${title}: header \`${name}\` has CR, LF, NUL or another character HTTP forbids (not shown)`);
}
