/**
 * FIXED_NOW: a documented way to run the bot and the CLIs at a fixed date and time for rehearsals
 * and tests, refused with a real bot identity (MicrosoftAppId) and in production.
 */
import assert from 'node:assert/strict';
import { clockFor, StartingAtClock, systemClock } from '../../src/app/clock.js';
import { localDate } from '../../src/domain/local-time.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems.map((p) => `${p.name}: ${p.reason}`);
  }
  return [];
}

describe('FIXED_NOW (rehearsal clock)', () => {
  it('when FIXED_NOW is set in local mode, then the clock starts there and runs on', () => {
    const config = loadConfig({ FIXED_NOW: '2026-12-24T08:30:00+01:00' });
    assert.equal(config.fixedNow?.toISOString(), '2026-12-24T07:30:00.000Z');
    let real = 1_000_000;
    const clock = new StartingAtClock(config.fixedNow!, () => real);
    assert.equal(clock.now().toISOString(), '2026-12-24T07:30:00.000Z');
    real += 90_000;
    assert.equal(clock.now().toISOString(), '2026-12-24T07:31:30.000Z');
    assert.equal(localDate(clockFor(config).now()), '2026-12-24');
  });

  it('when FIXED_NOW is not set, then the system clock is used', () => {
    assert.equal(clockFor(loadConfig({})), systemClock);
  });

  it('when MicrosoftAppId is set too, then FIXED_NOW is refused', () => {
    const list = problems({
      FIXED_NOW: '2026-12-24T08:30:00+01:00',
      MicrosoftAppId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      MicrosoftAppPassword: 'x',
      MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
    assert.deepEqual(list, ['FIXED_NOW: is for rehearsals and tests only and is refused when MicrosoftAppId is set']);
  });

  it('when NODE_ENV is production, then FIXED_NOW is refused', () => {
    assert.deepEqual(problems({ FIXED_NOW: '2026-12-24', NODE_ENV: 'production' }), ['FIXED_NOW: is for rehearsals and tests only and is refused when NODE_ENV is production']);
  });

  for (const bad of ['24.12.2026', '2026-12-24T08:30', '2026-02-30', 'tomorrow']) {
    it(`when FIXED_NOW is "${bad}", then it is refused with an example`, () => {
      const [p] = problems({ FIXED_NOW: bad });
      assert.match(p ?? '', /^FIXED_NOW: must be a date-time like 2026-12-07T09:00:00\+01:00/);
    });
  }
});
