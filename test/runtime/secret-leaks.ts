/**
 * The secret-leak check: collect every error and log line a test file produces, render each the
 * ways an application might (message, `String(e)`, `JSON.stringify(e)`, stack, `util.inspect`
 * with causes), and assert that none contains any secret the tests used.
 *
 * ```ts
 * const leaks = createLeakCheck({ apiKey: API_KEY, clientSecret: CLIENT_SECRET });
 * const error = await leaks.rejection(unwrap(client.getThing()));   // records and returns the error
 * const client = create({ logger: leaks.logger });                  // records every log line
 * afterAll(() => leaks.assertClean());                               // fails naming the secret and where, never its value
 * const leaks = useLeakCheck({ apiKey: API_KEY });                   // the same, with that afterAll (and "it saw something") registered
 * ```
 */
import { inspect } from 'node:util';
import { afterAll, expect } from 'vitest';
import type { Logger } from '@careapis/core';

/** A recorded item: where it came from and its renderings. */
interface Sample {
  label: string;
  texts: string[];
}

/** The collector one test file uses. */
export interface LeakCheck {
  /** Records an error (or anything thrown) and returns it. */
  record<T>(error: T, label?: string): T;
  /** Awaits `promise`, which must reject; records and returns the rejection. */
  rejection(promise: Promise<unknown>, label?: string): Promise<unknown>;
  /** A logger that records every line (message and fields). */
  logger: Logger & { lines: { message: string; fields: Record<string, unknown> }[] };
  /** How many items have been recorded; a test can assert the check saw something. */
  readonly size: number;
  /** Throws when any recorded item contains a secret, naming the secret and the item, not the value. */
  assertClean(): void;
}

/** Every way an error may end up as text in an application's logs or responses. */
export function renderings(value: unknown): string[] {
  const texts: string[] = [];
  const add = (make: () => unknown): void => {
    try {
      const text = make();
      if (typeof text === 'string') texts.push(text);
    } catch {
      // A rendering that throws shows nothing.
    }
  };
  add(() => String(value));
  add(() => JSON.stringify(value));
  add(() => inspect(value, { depth: 10, showHidden: true }));
  if (value instanceof Error) {
    add(() => value.message);
    add(() => value.stack);
    add(() => (value.cause === undefined ? undefined : inspect(value.cause, { depth: 10, showHidden: true })));
  }
  return texts;
}

/** Which secrets (by name) occur in which texts. */
export function findSecrets(texts: readonly string[], secrets: Readonly<Record<string, string>>): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => value !== '' && texts.some((text) => text.includes(value)))
    .map(([name]) => name);
}

/** A collector for the secrets `secrets` (name → value). */
export function createLeakCheck(secrets: Readonly<Record<string, string>>): LeakCheck {
  const samples: Sample[] = [];
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const record = <T>(error: T, label = describe(error)): T => {
    samples.push({ label, texts: renderings(error) });
    return error;
  };
  return {
    record,
    async rejection(promise, label) {
      const outcome = await promise.then(
        (value: unknown) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      if (outcome.ok) throw new Error(`expected a rejection${label ? ` (${label})` : ''}, got a value`);
      return record(outcome.error, label);
    },
    logger: {
      lines,
      debug(message, fields) {
        lines.push({ message, fields: fields ?? {} });
        samples.push({ label: `log line "${message.slice(0, 80)}"`, texts: [message, JSON.stringify(fields), inspect(fields, { depth: 10 })] });
      },
    },
    get size() {
      return samples.length;
    },
    assertClean() {
      const leaks = samples.flatMap((sample) => findSecrets(sample.texts, secrets).map((name) => `${name} in ${hide(sample.label, secrets)}`));
      if (leaks.length) throw new Error(`secrets leaked into errors or logs:\n  ${leaks.join('\n  ')}`);
    },
  };
}

/** A collector for the calling test file that, after all its tests, asserts it recorded something and that nothing leaked. */
export function useLeakCheck(secrets: Readonly<Record<string, string>>): LeakCheck {
  const leaks = createLeakCheck(secrets);
  afterAll(() => {
    expect(leaks.size).toBeGreaterThan(0);
    leaks.assertClean();
  });
  return leaks;
}

/** A label with every secret value replaced by its name, so the failure message does not leak it either. */
function hide(label: string, secrets: Readonly<Record<string, string>>): string {
  return Object.entries(secrets).reduce((text, [name, value]) => (value ? text.split(value).join(`<${name}>`) : text), label);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 100)}`;
  return typeof error;
}
