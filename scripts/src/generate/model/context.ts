/**
 * What every model module reads from and reports to: the loaded spec, the problems found so far
 * (each with its file, line and JSON pointer), and `$ref` resolution that reports a ref it cannot
 * follow at the pointer it is given. Yields the `ModelContext` the other modules take first.
 */
import type { LoadedSpec } from '../load.js';
import { followRefs } from '../pointer.js';
import type { Problem } from '../problems.js';
import type { OpenApiDocument, Ref } from '../spec-types.js';

/** The spec being read and the problems found in it, in the order they were found. */
export interface ModelContext {
  readonly spec: LoadedSpec;
  readonly doc: OpenApiDocument;
  readonly problems: Problem[];
  /** Records a problem at a JSON pointer of the spec (its line is looked up). */
  problem(pointer: string, message: string): void;
  /** Follows a value's `$ref`s; a ref that cannot be followed is a problem at `at`, and gives undefined. */
  resolve<T>(value: T | Ref, at: string): T | undefined;
}

/** A context for one spec, with no problems yet. */
export function createContext(spec: LoadedSpec): ModelContext {
  const problems: Problem[] = [];
  const problem = (pointer: string, message: string): void => {
    problems.push({ file: spec.file, pointer, line: spec.lineOf(pointer), message });
  };
  const resolve = <T>(value: T | Ref, at: string): T | undefined => {
    const { value: resolved, problem: wrong } = followRefs(spec.doc, value);
    if (wrong) problem(at, wrong);
    return resolved as T | undefined;
  };
  return { spec, doc: spec.doc, problems, problem, resolve };
}
