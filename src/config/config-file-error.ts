/**
 * The error of a configuration FILE (policy, staff directory, desk inventory): names the file,
 * the path inside it and the problem, for every problem found (not only the first).
 */
export interface FileProblem {
  /** Path inside the file, e.g. `versions[0].rules.quota.maxShareOfHours`; '' for the whole file. */
  path: string;
  problem: string;
  /** 1-based line in the file, when known. */
  line?: number;
  column?: number;
}

export class ConfigFileError extends Error {
  readonly code = 'CONFIG_FILE_INVALID' as const;

  constructor(
    readonly file: string,
    readonly problems: FileProblem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'));
    this.name = 'ConfigFileError';
  }
}

/** `policies/x.yaml: versions[0].rules.quota.maxShareOfHours: must be at most 1 (got 1.5) (line 12)` */
export function formatProblem(file: string, p: FileProblem): string {
  const where = p.path ? `${file}: ${p.path}` : file;
  const line = p.line === undefined ? '' : p.column === undefined ? ` (line ${p.line})` : ` (line ${p.line}, column ${p.column})`;
  return `${where}: ${p.problem}${line}`;
}

export function isConfigFileError(e: unknown): e is ConfigFileError {
  return e instanceof ConfigFileError;
}
