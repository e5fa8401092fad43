/** Port of named counters (readable numbers such as `MA-2026-00001`). Write-only: reading one advances it. */
export interface SequenceWriter {
  /** Next value of a named counter (1 for a new name), e.g. "request-2026". Gapless within committed transactions. */
  nextSequence(name: string): Promise<number>;
}
