/**
 * Header names and values are checked before anything is sent: a value with a line break could
 * smuggle in a header of its own, and fetch's own error would quote the value (an API key, a
 * token) and be retried as a connection error.
 */
import { CareApiConfigError } from './errors.js';

/** Characters a header value may not hold (RFC 9110 allows tab, space, visible ASCII and 0x80–0xff): CR, LF, NUL, other controls, anything above 0xff. */
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** An RFC 9110 token: what a header name is made of. */
const NAME = /^[\w!#$%&'*+.^`|~-]+$/;

/** True when `value` cannot be sent in a header. */
export const badHeaderValue = (value: string): boolean => BAD_VALUE.test(value);

/** Throws a {@link CareApiConfigError} naming the first header whose name or value HTTP does not allow; a value is never shown. */
export function checkHeaders(title: string, headers: Record<string, string>): void {
  for (const name in headers) {
    const named = NAME.test(name);
    if (!named || BAD_VALUE.test(headers[name] as string)) {
      throw new CareApiConfigError(`${title}: header ${named ? `\`${name}\`` : '(name not shown)'} holds a line break, NUL or other character HTTP does not allow (not shown); nothing was sent`);
    }
  }
}
