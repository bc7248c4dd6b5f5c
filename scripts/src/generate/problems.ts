/** Generation problems: what is wrong, in which file, at which line and JSON pointer. */

/** One thing wrong with a spec. */
export interface Problem {
  /** Spec file, relative to the repo root. */
  file: string;
  /** 1-based line, when known. */
  line?: number | undefined;
  /** JSON pointer inside the document, when known. */
  pointer?: string | undefined;
  /** What is wrong, in one sentence. */
  message: string;
}

/** Thrown when one or more specs cannot be generated. */
export class SpecError extends Error {
  override name = 'SpecError';
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.problems = problems;
  }
}

/** `specs/x.yaml:12 (#/paths/~1a/get): message` */
export function formatProblem(p: Problem): string {
  const where = `${p.file}${p.line ? `:${p.line}` : ''}`;
  return `${where}${p.pointer !== undefined ? ` (#${p.pointer})` : ''}: ${p.message}`;
}

export { escapeSegment, pointerSegments } from './pointer.js';
