/**
 * Time enters the application here and nowhere else. The domain receives `today` as a local
 * calendar date of the organisation's time zone (Europe/Berlin) and timestamps as ISO strings;
 * `localDate` / `localDateTime` (src/domain/local-time.ts) turn an instant into those.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at `start` and runs on with real time (FIXED_NOW): operators rehearse a
 * date (the first day of a new agreement, a Christmas week) with reminders and deadlines moving
 * as they would. Only outside production; config.ts refuses it with an app id.
 */
export class StartingAtClock implements Clock {
  private readonly offset: number;
  constructor(
    start: Date,
    private readonly real: () => number = () => Date.now(),
  ) {
    this.offset = start.getTime() - this.real();
  }
  now(): Date {
    return new Date(this.real() + this.offset);
  }
}

/** The clock of a configuration: FIXED_NOW when set, else the system clock. */
export function clockFor(config: { fixedNow?: Date }): Clock {
  return config.fixedNow ? new StartingAtClock(config.fixedNow) : systemClock;
}

/** A clock for tests that only moves when told to. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(date: Date): void {
    this.current = new Date(date.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
