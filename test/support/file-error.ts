import assert from 'node:assert/strict';
import { ConfigFileError } from '../../src/config/config-file-error.js';

/** The ConfigFileError `fn` throws (fails the test when it throws something else or nothing). */
export function fileError(fn: () => unknown): ConfigFileError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigFileError, String(e));
    return e;
  }
  assert.fail('expected a ConfigFileError');
}
