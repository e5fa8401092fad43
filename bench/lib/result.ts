/**
 * How a benchmark hands its figures to `bench/run.ts`: one line per measured figure,
 * `BENCH_RESULT {json}` on stdout, next to the bench's own human-readable lines.
 *
 * A figure is always compared with a baseline measured in the SAME run (never with a number
 * from another machine or day): `ratio = figure / baseline`, and the target is a bound on that
 * ratio (`≤ 2` for "cost does not grow with history", `≥ 0.5` for "at least half the throughput").
 */
export interface BenchResult {
  /** Short, unique within the bench, e.g. `write p50 (200,000 requests vs empty)`. */
  name: string;
  figure: number;
  baseline: number;
  /** Unit of figure and baseline, e.g. `ms`, `turns/s`. */
  unit: string;
  target: { op: '<=' | '>='; ratio: number };
  /**
   * The baseline is a fixed limit (e.g. 3,000 ms to ready), not a figure measured in this run; the
   * target is then `figure / limit ≤ 1` (or ≥ 1). The table shows it as "limit …".
   */
  limit?: boolean;
  /** Why the figure could not be measured (figure NaN): the row is printed as failing with this reason. */
  error?: string;
}

export interface ReportedResult extends BenchResult {
  ratio: number;
  met: boolean;
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

export function judge(r: BenchResult): ReportedResult {
  const ratio = r.figure / r.baseline;
  const met = r.error === undefined && Number.isFinite(ratio) && (r.target.op === '<=' ? ratio <= r.target.ratio : ratio >= r.target.ratio);
  return { ...r, ratio, met };
}

/** Prints the result line (and returns the judged result for the bench's own summary). */
export function reportResult(r: BenchResult): ReportedResult {
  const judged = judge(r);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(judged)}\n`);
  return judged;
}

/** Parses the result lines out of a bench's stdout. */
export function parseResults(stdout: string): ReportedResult[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith(RESULT_PREFIX))
    .map((l) => JSON.parse(l.slice(RESULT_PREFIX.length)) as ReportedResult);
}
