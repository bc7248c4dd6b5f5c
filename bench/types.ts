/** The shape every benchmark module returns, so `npm run bench` can assemble bench/RESULTS.md. */

/** One section of bench/RESULTS.md. */
export interface BenchSection {
  /** Section heading, e.g. "Runtime: per-request cost on loopback". */
  title: string;
  /** A Markdown table (header row, separator row, rows). */
  table: string;
  /** Lines printed under the table: method, targets met or missed, caveats. */
  notes?: string[];
}

/** Options every benchmark accepts. */
export interface BenchOptions {
  /** One tiny iteration, for the smoke test: proves the benchmark runs, measures nothing meaningful. */
  quick: boolean;
}

/** A benchmark module's entry point. */
export type Bench = (options: BenchOptions) => Promise<BenchSection>;
