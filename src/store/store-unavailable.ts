/**
 * The store cannot be reached (database down, connection cut, failover in progress). Nothing of
 * the failed transaction was written — or, when `outcomeUnknown`, the connection broke while the
 * commit was on its way and the database decided alone (it is atomic: all or nothing). Turns
 * answer with the friendly "bitte gleich noch einmal" text; the store reconnects by itself.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    message: string,
    readonly outcomeUnknown = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
