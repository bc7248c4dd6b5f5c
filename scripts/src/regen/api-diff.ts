/**
 * The one place that calls the OpenAPI diff library (api-smart-diff). It resolves `$ref`s,
 * follows shared schemas into every operation that uses them, and classifies each change as
 * breaking, non-breaking, deprecated or annotation from the server's point of view. What a
 * typed client needs on top of that lives in `describe.ts` and `model-diff.ts`.
 *
 * Two quirks are handled here: the library rewrites the documents it is given (so it gets
 * copies), and a few of its rules throw on `anyOf` branches that only list `required` and print
 * that to the console (those messages are collected instead; `classify.ts` reports them only when
 * a change was left unclassified).
 */
import { apiCompare, type Diff } from 'api-smart-diff';

export type { Diff } from 'api-smart-diff';

/** The library's changes between two parsed OpenAPI documents, and any messages it printed. */
export interface ApiDiff {
  diffs: Diff[];
  warnings: string[];
}

/** Compares two OpenAPI documents without touching them. */
export function diffDocuments(before: unknown, after: unknown): ApiDiff {
  const warnings: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  try {
    const { diffs } = apiCompare(structuredClone(before), structuredClone(after));
    return { diffs, warnings: [...new Set(warnings)] };
  } finally {
    console.error = original;
  }
}
