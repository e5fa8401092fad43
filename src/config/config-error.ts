/** A wrong environment: one `NAME: reason` line per wrong variable, all of them at once. */
export interface EnvProblem {
  name: string;
  reason: string;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID' as const;

  constructor(readonly problems: EnvProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}; see .env.example):\n` +
        problems.map((p) => `${p.name}: ${p.reason}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof ConfigError;
}
