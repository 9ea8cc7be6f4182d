// (a) Every case of the conformance corpus through the installed package, which must give the
// native engine's results (verdict, and for refused input the same message and location) by
// every route: validate, matches, compile().matches, explain().matched and a RuleSet. Both ways
// of reading events are compared: as a rule on a bus does, and with the TestEventPattern API's
// envelope check (`testEventPattern: true` against `eventlens check --test-event-pattern`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { importPackage } from './support/package.mjs';
import { corpusFiles, loadCorpus } from './support/corpus.mjs';
import { nativeCheck } from './support/native.mjs';

const lib = await importPackage();

/** The native verdict as an outcome: result, and for refusals the message with its location. */
function nativeOutcome(verdict) {
  // With --test-event-pattern, AWS's one message is in `error` and ours in `detail`.
  const error = verdict.result === 'invalid-event' ? (verdict.detail ?? verdict.error) : verdict.error;
  return error === undefined ? { result: verdict.result } : { result: verdict.result, error };
}

/** Runs one route of the package, turning its errors into outcomes. */
function outcome(route) {
  try {
    return { result: route() ? 'match' : 'no-match' };
  } catch (e) {
    if (e instanceof lib.PatternError) return { result: 'invalid-pattern', error: e.message };
    if (e instanceof lib.EventError) {
      return { result: 'invalid-event', error: `${e.message} (line ${e.line}, column ${e.column})` };
    }
    throw e;
  }
}

/** The outcome of every route of the package for one case. */
function packageOutcomes(c, options) {
  const checked = lib.validate(c.pattern);
  return {
    validate: checked.ok ? 'valid' : { result: 'invalid-pattern', error: checked.errors[0].message },
    matches: outcome(() => lib.matches(c.pattern, c.event, options)),
    compile: outcome(() => {
      const pattern = lib.compile(c.pattern);
      try {
        return pattern.matches(c.event, options);
      } finally {
        pattern.free();
      }
    }),
    explain: outcome(() => lib.explain(c.pattern, c.event, options).matched),
    ruleSet: outcome(() => {
      const rules = new lib.RuleSet();
      try {
        rules.add(c.id, c.pattern);
        const names = rules.matches(c.event, options);
        assert.ok(names.length === 0 || (names.length === 1 && names[0] === c.id), `RuleSet answered ${names}`);
        return names.length === 1;
      } finally {
        rules.free();
      }
    }),
  };
}

for (const file of corpusFiles) {
  for (const testEventPattern of [false, true]) {
    test(`${file} corpus${testEventPattern ? ' with the TestEventPattern envelope check' : ''}`, () => {
      const cases = loadCorpus(file);
      assert.ok(cases.length > 0, `${file} is empty`);
      for (const c of cases) assert.ok(c.pattern !== undefined && c.event !== undefined, `${c.id} lacks a text`);
      const exactLines = cases.map((c) => JSON.stringify({ id: c.id, pattern_raw: c.pattern, event_raw: c.event }));
      const native = nativeCheck(exactLines, { testEventPattern });
      // The texts given to both engines are the corpus's own: the CLI reading the original lines
      // agrees with the CLI reading our texts, case by case, message for message.
      assert.deepEqual(nativeCheck(cases.map((c) => c.line), { testEventPattern }), native);

      const differences = [];
      const tally = {};
      cases.forEach((c, i) => {
        assert.equal(native[i].id, c.id);
        const expected = nativeOutcome(native[i]);
        tally[expected.result] = (tally[expected.result] ?? 0) + 1;
        const { validate, ...routes } = packageOutcomes(c, { testEventPattern });
        const wanted = { validate: expected.result === 'invalid-pattern' ? expected : 'valid' };
        for (const route of Object.keys(routes)) wanted[route] = expected;
        for (const [route, result] of Object.entries({ validate, ...routes })) {
          if (!isDeepStrictEqual(result, wanted[route])) {
            differences.push(`${c.id} via ${route}: ${JSON.stringify(result)}, native ${JSON.stringify(wanted[route])}`);
          }
        }
      });
      assert.deepEqual(differences, [], `${differences.length} differences from the native engine`);
      console.log(`${file}${testEventPattern ? ' (envelope check)' : ''}: ${cases.length} cases agree`, tally);
    });
  }
}
