/**
 * `eventlens/jest`: the matcher `toMatchEventPattern` for Jest and Vitest.
 *
 * ```js
 * import { matchers } from 'eventlens/jest';
 * expect.extend(matchers);
 * expect(event).toMatchEventPattern(pattern);
 * expect(other).not.toMatchEventPattern(pattern);
 * ```
 *
 * A failure's message holds the explanation: each condition of the combination closest to
 * matching (or of the match), whether it held and why.
 *
 * @module
 */

import type { EventInput, Explanation, PatternInput } from './api.js';
import { explain } from './api.js';

/** What Jest and Vitest give a matcher as `this` (the part used here). */
interface MatcherContext {
  isNot?: boolean;
}

/** What a matcher returns to Jest and Vitest. */
interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** The conditions of the explanation's first combination, failed ones first, one per line. */
function conditions(x: Explanation): string {
  const best = x.combinations[x.best];
  if (best === undefined) return '  (the pattern has no conditions)';
  const lines = [...best.conditions]
    .sort((a, b) => Number(a.held) - Number(b.held))
    .map((c) => `  ${c.held ? '✔' : '✘'} ${c.reason}${c.suggestion ? ` (hint: ${c.suggestion})` : ''}`);
  if (best.note) lines.push(`  ✘ ${best.note}`);
  if (x.combinations.length > 1) {
    lines.unshift(`  combination ${x.best + 1} of ${x.combinations.length} ${best.matched ? 'matched' : 'came closest'}:`);
  }
  return lines.join('\n');
}

/** The matchers, for `expect.extend(matchers)`. */
export const matchers = {
  /**
   * Passes when the event (an object or its JSON text) matches the pattern (an object or its
   * JSON text); an invalid pattern or event fails with the engine's error.
   */
  toMatchEventPattern(this: MatcherContext, event: EventInput, pattern: PatternInput): MatcherResult {
    const x = explain(pattern, event);
    const verb = this.isNot ? 'not to match' : 'to match';
    return {
      pass: x.matched,
      message: () =>
        `expect(event).${this.isNot ? 'not.' : ''}toMatchEventPattern(pattern)\n\n` +
        `Expected the event ${verb} the pattern, but it ${x.matched ? 'does' : 'does not'}:\n${conditions(x)}\n\n` +
        `Pattern: ${x.patternText}\nEvent: ${x.eventText}`,
    };
  },
};

/** The matcher's signature on `expect(event)`. */
export interface EventPatternMatchers<R = unknown> {
  /** Asserts that the event matches `pattern` (its failure message explains why not). */
  toMatchEventPattern(pattern: PatternInput): R;
}

// The matcher on `expect`: Jest's global one (@types/jest) and Vitest's, whose assertions extend
// the same global `jest.Matchers`.
declare global {
  namespace jest {
    interface Matchers<R, T = {}> extends EventPatternMatchers<R> {}
  }
}
