/**
 * The journal of a bulk run: a JSON-lines file. The first line names the operation; then, per
 * item, a `sent` line written before its request goes out and a line with its outcome once known.
 * Lines are written synchronously, so a run killed at any point leaves every outcome it learned
 * on disk. A re-run reads the file back: what succeeded is skipped, what was sent without a
 * recorded answer is uncertain (it may have gone through), everything else is sent again.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { BulkError } from './errors.js';

/** The states a journal records per item. */
export type JournalState = 'sent' | 'unsent' | 'ok' | 'vendor-error' | 'gave-up' | 'failed';

/** One item's line: key (or keys, for a batch), state, and for outcomes the HTTP status, whether it may have been sent, and what the run chose to keep of a success. */
export interface JournalEntry {
  k: string | string[];
  s: JournalState;
  st?: number;
  /** A gave-up item the vendor may have acted on (timeout, connection lost mid-request). */
  ms?: true;
  d?: unknown;
}

/** The last state of each key in an existing journal. */
export type JournalIndex = Map<string, JournalEntry>;

const FORMAT = 'careapis-bulk-journal';

/** An open journal: append entries; close when the run ends. */
export interface Journal {
  /** The file. */
  readonly path: string;
  /** What an earlier run recorded, by key. */
  readonly previous: JournalIndex;
  /** Appends one line (synchronously: it is on disk, or in the OS's cache, when this returns). */
  write(entry: JournalEntry): void;
  /** Closes the file. */
  close(): void;
}

/**
 * Opens (or creates) the journal at `path` for `operation`. Throws {@link BulkError}
 * `journal-mismatch` when the file is the journal of another operation or not a journal at all,
 * and `journal-corrupt` when a line other than the last cannot be read (a last line cut short by
 * a kill is ignored).
 */
export function openJournal(path: string, operation: string): Journal {
  const previous: JournalIndex = new Map();
  const exists = existsSync(path);
  if (exists) readInto(path, operation, previous);
  const fd = openSync(path, 'a');
  const put = (value: unknown): void => {
    writeSync(fd, `${JSON.stringify(value)}\n`);
  };
  if (!exists) put({ format: FORMAT, version: 1, operation, created: new Date().toISOString() });
  let closed = false;
  return {
    path,
    previous,
    write: (entry) => {
      if (!closed) put(entry);
    },
    close: () => {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}

/** Reads an existing journal into `index`, checking that it belongs to `operation`. */
function readInto(path: string, operation: string, index: JournalIndex): void {
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') return;
  // Every complete line ends with a newline: what follows the last one is '' or a line a kill cut short, and is dropped.
  const complete = text.split('\n').slice(0, -1);
  const header = parse(complete[0] ?? '');
  if (!header || header.format !== FORMAT) {
    throw new BulkError('journal-mismatch', `${path} is not a bulk journal (its first line is not a careapis journal header): give a new file, or the journal of an earlier run of this operation`);
  }
  if (header.operation !== operation) {
    throw new BulkError('journal-mismatch', `${path} is the journal of operation "${String(header.operation)}", not "${operation}": a journal belongs to one operation; give another file`);
  }
  for (const [n, line] of complete.slice(1).entries()) {
    if (line === '') continue;
    const entry = parse(line) as JournalEntry | undefined;
    if (!entry || (typeof entry.k !== 'string' && !Array.isArray(entry.k)) || typeof entry.s !== 'string') {
      throw new BulkError('journal-corrupt', `${path}: line ${n + 2} is not a journal entry; the file was edited or is damaged`);
    }
    for (const key of Array.isArray(entry.k) ? entry.k : [entry.k]) index.set(key, entry);
  }
}

/** A line as JSON, or undefined. */
function parse(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
