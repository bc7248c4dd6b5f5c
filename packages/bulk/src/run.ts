/**
 * The bulk runner: one operation over many inputs, a bounded number of calls in flight, one
 * outcome per item, a progress callback, and a journal that lets a re-run skip what succeeded.
 * Pacing is the client's `limiter`; the runner only checks that its concurrency fits the budget.
 */
import { BulkError, LimiterError } from './errors.js';
import { openJournal, type Journal, type JournalEntry } from './journal.js';
import { describeLimit, smallestBudget, type RateLimiter } from './limits.js';
import { entryFailure, failureOf, type FailureOutcome, type ItemOutcome } from './outcome.js';

/** Handed to `send`: pass `signal` to the call's options, so that a stopped run cancels it. */
export interface SendContext {
  /** Aborts when the run stops (the caller's signal, or a limiter error). */
  signal: AbortSignal;
}

/**
 * How to run a batch operation (one call for many items, e.g. CertifyOS `bulkCreateProviders`)
 * item by item: group the inputs, send each group in one call, and read one entry per item back.
 */
export interface Split<T, R, E> {
  /** Items per call. */
  size: number;
  /** Sends one batch (its items in input order). */
  send(batch: T[], context: SendContext): Promise<R>;
  /** The answer's entries, one per item of the batch and in the same order (CertifyOS: the body itself). */
  results(data: R, batch: readonly T[]): readonly E[];
  /** The item's error in its entry, if it failed (CertifyOS: `entry.error`): anything but `undefined`/`null` makes it a vendor error with this as body. */
  error?(entry: E): unknown;
}

/** Progress of a run, handed to `onProgress` once at the start and after every item. */
export interface BulkProgress {
  /** Items in the input, when known (an array, or `total`). */
  total: number | undefined;
  /** Items with an outcome so far, skipped ones included. */
  done: number;
  ok: number;
  skipped: number;
  vendorError: number;
  gaveUp: number;
  uncertain: number;
  failed: number;
  /** Calls in flight (waiting for the limiter included). */
  inFlight: number;
  /** Time since the run started, ms. */
  elapsedMs: number;
  /** Items sent and answered per second in this run (skipped ones not counted). */
  perSecond: number;
}

/** Options of {@link runBulk} shared by the one-call-per-item and the batch form. */
export interface BulkOptions<T, D> {
  /** Names the operation, e.g. `carecycle.createCustomerProvider`; a journal belongs to one operation. */
  operation: string;
  /** The items, in order: an array, any iterable, or an async iterable (a file read line by line). */
  inputs: Iterable<T> | AsyncIterable<T>;
  /** A stable, unique key per item (an external id, an NPI): the journal knows items by it. */
  key(input: T): string;
  /** Calls in flight at once. Default 4. */
  concurrency?: number;
  /** The limiter the client was given: checked against `concurrency` (a concurrency above the budget is refused). */
  limiter?: RateLimiter;
  /** Path of the journal file (JSON lines), created if missing. Default: no journal. */
  journal?: string;
  /** What to keep of a success in the journal (an id, say); default nothing. Keep patient data out of it. */
  keep?(data: D): unknown;
  /** Send again the items an earlier run sent without recording the answer. Default false: they are reported `uncertain`. */
  retryUncertain?: boolean;
  /** Called once at the start and after every item. */
  onProgress?(progress: BulkProgress): void;
  /** Stops the run: calls in flight are aborted (and stay uncertain in the journal), and `runBulk` rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The number of items, when `inputs` cannot tell (an async iterable), for progress. */
  total?: number;
}

/** What a run did: one outcome per item, in input order, and the counts. */
export interface BulkReport<D> {
  operation: string;
  outcomes: ItemOutcome<D>[];
  counts: Omit<BulkProgress, 'inFlight' | 'elapsedMs' | 'perSecond' | 'total'> & { total: number };
  elapsedMs: number;
  /** The journal written, if any. */
  journal: string | undefined;
}

/** One call to make: a single item, or a batch. */
interface Task<T> {
  items: { input: T; key: string; index: number }[];
}

/**
 * Runs one operation over every input: `send(input)` per item, or with `split` one call per batch.
 * At most `concurrency` calls are in flight; each item gets one outcome (ok, vendor error, gave
 * up, failed; or skipped and uncertain from the journal). Resolves with the report. Rejects with
 * `BulkError` for bad options, a key seen twice or another operation's journal (before anything
 * is sent when `inputs` is an array), with `LimiterError` when the concurrency cannot fit the
 * limiter's budget or the limiter fails mid-run (Redis unreachable: the run stops, in-flight
 * calls are aborted), and with the signal's reason when `signal` aborts.
 */
export function runBulk<T, R>(options: BulkOptions<T, R> & { send(input: T, context: SendContext): Promise<R>; split?: undefined }): Promise<BulkReport<R>>;
export function runBulk<T, R, E>(options: BulkOptions<T, E> & { split: Split<T, R, E>; send?: undefined }): Promise<BulkReport<E>>;
export async function runBulk<T, D>(
  options: BulkOptions<T, D> & { send?: (input: T, context: SendContext) => Promise<D>; split?: Split<T, unknown, D> },
): Promise<BulkReport<D>> {
  const { operation, inputs, key: keyOf, split, limiter, keep, retryUncertain = false, onProgress } = options;
  const concurrency = options.concurrency ?? 4;
  checkOptions(options, concurrency);
  if (limiter) {
    const budget = smallestBudget(limiter.limits);
    if (budget && concurrency > budget.requests) {
      throw new LimiterError('unmeetable', `concurrency ${concurrency} cannot be met under ${describeLimit(budget)}: at most ${budget.requests} calls fit in one window; use concurrency ${budget.requests} or less`);
    }
  }
  // Every key is checked before anything is sent, when the inputs are all at hand.
  if (Array.isArray(inputs)) {
    const seen = new Map<string, number>();
    (inputs as T[]).forEach((input, index) => claimKey(seen, keyChecked(keyOf, input, index), index));
  }

  const journal: Journal | undefined = options.journal ? openJournal(options.journal, operation) : undefined;
  const started = performance.now();
  const outcomes: ItemOutcome<D>[] = [];
  const counts = { ok: 0, skipped: 0, vendorError: 0, gaveUp: 0, uncertain: 0, failed: 0, done: 0, total: 0 };
  const total = options.total ?? (Array.isArray(inputs) ? inputs.length : undefined);
  let inFlight = 0;
  let sentAndAnswered = 0;
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  let fatal: unknown;

  const progress = (): void => {
    if (!onProgress) return;
    const elapsedMs = performance.now() - started;
    onProgress({ ...counts, total, inFlight, elapsedMs, perSecond: elapsedMs > 0 ? (sentAndAnswered * 1000) / elapsedMs : 0 });
  };
  const settle = (outcome: ItemOutcome<D>, entry?: JournalEntry): void => {
    outcomes[outcome.index] = outcome;
    counts.done++;
    counts[COUNTER[outcome.state]]++;
    if (entry) journal?.write(entry);
    progress();
  };

  // Tasks come out of the inputs one at a time: items the journal settles become outcomes at once, the rest are grouped into calls.
  const seen = new Map<string, number>();
  async function* tasks(): AsyncGenerator<Task<T>> {
    let index = 0;
    let batch: Task<T>['items'] = [];
    const size = split?.size ?? 1;
    for await (const input of inputs) {
      if (fatal !== undefined || controller.signal.aborted) return;
      const i = index++;
      counts.total++;
      const key = keyChecked(keyOf, input, i);
      claimKey(seen, key, i);
      const before = journal?.previous.get(key);
      if (before?.s === 'ok') {
        settle({ key, index: i, state: 'skipped', kept: before.d });
        continue;
      }
      if (!retryUncertain && (before?.s === 'sent' || (before?.s === 'gave-up' && before.ms))) {
        settle({ key, index: i, state: 'uncertain', message: before.s === 'sent' ? 'an earlier run sent it and stopped before the answer was recorded: it may have gone through (check, then re-run with retryUncertain)' : 'an earlier run gave up on it after a timeout or a lost connection: it may have gone through (check, then re-run with retryUncertain)' });
        continue;
      }
      batch.push({ input, key, index: i });
      if (batch.length >= size) {
        yield { items: batch };
        batch = [];
      }
    }
    if (batch.length) yield { items: batch };
  }

  const run = async (task: Task<T>): Promise<void> => {
    const keys = task.items.map((item) => item.key);
    const k = keys.length === 1 ? keys[0]! : keys;
    journal?.write({ k, s: 'sent' });
    inFlight++;
    progress();
    let data: unknown;
    let failure: FailureOutcome | undefined;
    try {
      data = split ? await split.send(task.items.map((item) => item.input), { signal: controller.signal }) : await options.send!(task.items[0]!.input, { signal: controller.signal });
    } catch (error) {
      if (error instanceof LimiterError) {
        // The limiter refused before the request went out: the items were not sent.
        journal?.write({ k, s: 'unsent' });
        fatal ??= error;
        controller.abort(error);
        return;
      }
      // Stopped mid-call: the request may have gone out. The journal keeps `sent`; the next run reports the items uncertain.
      if (controller.signal.aborted) return;
      failure = failureOf(error);
    } finally {
      inFlight--;
    }
    sentAndAnswered += task.items.length;
    if (failure) {
      for (const { key, index } of task.items) settle({ key, index, ...failure } as ItemOutcome<D>, { k: key, s: failure.state, ...(failure.state !== 'failed' && failure.status !== undefined ? { st: failure.status } : {}), ...(failure.state === 'gave-up' && failure.maybeSent ? { ms: true } : {}) });
      return;
    }
    if (!split) {
      const { key, index } = task.items[0]!;
      settle({ key, index, state: 'ok', data: data as D }, { k: key, s: 'ok', ...keptOf(keep, data as D) });
      return;
    }
    let entries: readonly D[] | undefined;
    try {
      entries = split.results(data, task.items.map((item) => item.input));
    } catch {
      entries = undefined;
    }
    if (!Array.isArray(entries) || entries.length !== task.items.length) {
      // The answer does not say which items went through: each may have.
      const message = `the batch answer has ${Array.isArray(entries) ? entries.length : 'no list of'} result${entries?.length === 1 ? '' : 's'} for ${task.items.length} items: which ones went through is unknown`;
      for (const { key, index } of task.items) settle({ key, index, state: 'gave-up', status: undefined, attempts: undefined, maybeSent: true, message }, { k: key, s: 'gave-up', ms: true });
      return;
    }
    task.items.forEach(({ key, index }, i) => {
      const entry = entries[i] as D;
      const error = split.error?.(entry);
      if (error === undefined || error === null) settle({ key, index, state: 'ok', data: entry }, { k: key, s: 'ok', ...keptOf(keep, entry) });
      else {
        const outcome = entryFailure(error);
        settle({ key, index, ...outcome }, { k: key, s: 'vendor-error', ...(outcome.status !== undefined ? { st: outcome.status } : {}) });
      }
    });
  };

  progress();
  const source = tasks();
  // One shared source, `concurrency` workers pulling from it: an async generator hands out one task per `next()`, in order.
  const worker = async (): Promise<void> => {
    for (;;) {
      if (fatal !== undefined || controller.signal.aborted) return;
      const next = await source.next();
      if (next.done) return;
      await run(next.value);
    }
  };
  try {
    const results = await Promise.allSettled(Array.from({ length: concurrency }, worker));
    const thrown = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (fatal !== undefined) throw fatal;
    if (thrown) throw thrown.reason;
    if (options.signal?.aborted) throw options.signal.reason;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    journal?.close();
  }
  return { operation, outcomes, counts, elapsedMs: performance.now() - started, journal: journal?.path };
}

/** Which counter an outcome adds to. */
const COUNTER = { ok: 'ok', skipped: 'skipped', 'vendor-error': 'vendorError', 'gave-up': 'gaveUp', uncertain: 'uncertain', failed: 'failed' } as const;

/** What the journal keeps of a success: `keep(data)` under `d`, when given. */
function keptOf<D>(keep: ((data: D) => unknown) | undefined, data: D): { d?: unknown } {
  if (!keep) return {};
  const kept = keep(data);
  return kept === undefined ? {} : { d: kept };
}

/** Checks the options that do not need the inputs. */
function checkOptions(options: { operation?: unknown; key?: unknown; send?: unknown; split?: Split<unknown, unknown, unknown> | undefined; inputs?: unknown }, concurrency: number): void {
  const bad = (message: string): BulkError => new BulkError('bad-option', message);
  if (typeof options.operation !== 'string' || options.operation === '') throw bad('`operation` is required: a name for the operation, e.g. "carecycle.createCustomerProvider" (the journal is bound to it)');
  if (typeof options.key !== 'function') throw bad('`key` is required: a function giving each input a stable, unique key');
  if ((options.send === undefined) === (options.split === undefined)) throw bad('give exactly one of `send` (one call per item) or `split` (one call per batch)');
  if (options.send !== undefined && typeof options.send !== 'function') throw bad('`send` must be a function');
  if (options.split && !(Number.isInteger(options.split.size) && options.split.size >= 1)) throw bad('`split.size` must be a whole number, 1 or more');
  if (options.split && (typeof options.split.send !== 'function' || typeof options.split.results !== 'function')) throw bad('`split` needs `send(batch)` and `results(data, batch)` functions');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw bad('`concurrency` must be a whole number, 1 or more');
  const inputs = options.inputs as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null | undefined;
  if (typeof inputs?.[Symbol.iterator] !== 'function' && typeof inputs?.[Symbol.asyncIterator] !== 'function') throw bad('`inputs` must be an array, an iterable or an async iterable');
}

/** The input's key, checked to be a non-empty string. */
function keyChecked<T>(keyOf: (input: T) => string, input: T, index: number): string {
  const key = keyOf(input);
  if (typeof key !== 'string' || key === '') throw new BulkError('bad-option', `key(input) gave ${key === '' ? 'an empty string' : typeof key} for input ${index}: every input needs a non-empty string key`);
  return key;
}

/** Records a key, refusing one seen before: the journal would not know which item it means. The key itself is not shown (it may identify a person). */
function claimKey(seen: Map<string, number>, key: string, index: number): void {
  const first = seen.get(key);
  if (first !== undefined) throw new BulkError('duplicate-key', `inputs ${first} and ${index} have the same key: keys must be unique (the journal knows items by them)`);
  seen.set(key, index);
}
