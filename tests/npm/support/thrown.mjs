// What a call throws, for suites that check errors.

import assert from 'node:assert/strict';

/** Calls `f`, which must throw; returns what it threw. */
export function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected a throw');
}
