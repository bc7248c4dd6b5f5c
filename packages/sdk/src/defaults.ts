/** Options shared by every vendor of a facade, and how a vendor's own options override them. */
import type { BaseClientOptions } from '@careapis/core';

/** Shared options applied to every vendor client; a vendor's own value for the same option wins. */
export type CareApisDefaults = Pick<BaseClientOptions, 'timeout' | 'maxRetries' | 'retry' | 'logger' | 'fetch' | 'userAgent' | 'headers'>;

/**
 * A vendor's options with the defaults filled in where the vendor leaves an option unset.
 * `retry` and `headers` are merged key by key; a vendor's `retry.maxRetries` also beats a default `maxRetries`.
 */
export function withDefaults<O extends BaseClientOptions>(defaults: CareApisDefaults | undefined, options: O): O {
  if (defaults === undefined) return options;
  const merged = { ...options } as Record<string, unknown>;
  for (const [key, value] of Object.entries(defaults)) {
    if (value !== undefined && merged[key] === undefined) merged[key] = value;
  }
  if (options.maxRetries === undefined && options.retry?.maxRetries !== undefined) delete merged.maxRetries;
  if (defaults.retry && options.retry) merged.retry = { ...defaults.retry, ...options.retry };
  if (defaults.headers && options.headers) merged.headers = { ...defaults.headers, ...options.headers };
  return merged as O;
}
