// (c) Every span the package gives slices the ORIGINAL JavaScript strings exactly: the UTF-16
// span with String.prototype.slice, the byte span on the UTF-8 encoding, both naming the same
// text, and that text being what the report says it is. Non-ASCII, emoji (two UTF-16 units, four
// bytes), line breaks and lone surrogates; then every case of the conformance corpus.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importPackage } from './support/package.mjs';
import { corpusFiles, loadCorpus } from './support/corpus.mjs';

const lib = await importPackage();

/** The part of `text` a span names, by UTF-16 units; the byte span must name the same part. */
function sliced(text, span) {
  const { bytes, utf16 } = span;
  assert.ok(0 <= utf16.start && utf16.start <= utf16.end && utf16.end <= text.length, JSON.stringify(span));
  const part = text.slice(utf16.start, utf16.end);
  assert.equal(Buffer.from(text).subarray(bytes.start, bytes.end).toString(), part, JSON.stringify(span));
  return part;
}

/** JSON.parse, or `undefined` for text that is not JSON. */
function parsed(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Checks every span of an explanation against the texts; returns how many there were. */
function checkSpans(x) {
  const p = x.patternText;
  const e = x.eventText;
  let count = 0;
  for (const combination of x.combinations) {
    for (const b of combination.branches) {
      assert.equal(sliced(p, b.orSpan), '"$or"');
      assert.equal(typeof parsed(sliced(p, b.branchSpan)), 'object');
      count += 2;
    }
    for (const c of combination.conditions) {
      assert.ok(Array.isArray(parsed(sliced(p, c.patternSpan))), `matcher list of ${c.path}`);
      const key = parsed(sliced(p, c.keySpan));
      assert.ok(c.path === key || c.path.endsWith(`.${key}`), `key ${key} of ${c.path}`);
      count += 2;
      for (const m of c.matchers) {
        assert.deepEqual(parsed(sliced(p, m.span)), parsed(m.text), `matcher ${m.text}`);
        count += 1;
      }
      for (const v of c.values) {
        const at = sliced(e, v.span);
        // Numbers beyond a double's range or precision compare by their text.
        if (!v.value.includes('?')) assert.deepEqual(parsed(at), parsed(v.value), `value at ${v.path}`);
        count += 1;
      }
    }
  }
  return count;
}

test('explain spans slice non-ASCII and emoji texts exactly', () => {
  const pattern = `{
  "😀 emoji": ["🦀 crab", {"prefix": "日本"}],
  "détail": {"naïve": [{"equals-ignore-case": "ÉTÉ"}], "n": [{"numeric": [">", 0]}]},
  "$or": [{"ß": ["straße"]}, {"x": [{"wildcard": "*🎉*"}]}]
}`;
  const event = `{"id": "€1", "😀 emoji": ["nope", "日本語", "🦀 crab"],\r\n "détail": {"naïve": "été", "n": [0, 7]},\n "x": "a🎉b", "ß": "strasse"}`;
  const x = lib.explain(pattern, event);
  assert.equal(x.matched, true);
  assert.equal(x.patternText, pattern);
  assert.equal(x.eventText, event);
  assert.ok(checkSpans(x) >= 20);
  const best = x.combinations[x.best];
  assert.equal(best.matched, true);
  const crab = best.conditions.find((c) => c.path === '😀 emoji');
  assert.deepEqual(crab.values.map((v) => sliced(event, v.span)), ['"nope"', '"日本語"', '"🦀 crab"']);
  assert.deepEqual(crab.matchers.map((m) => sliced(pattern, m.span)), ['"🦀 crab"', '{"prefix": "日本"}']);
  const chosen = crab.values.filter((v) => v.chosen);
  assert.equal(chosen.length, 1);
  // Byte and UTF-16 offsets really differ here, so a mix-up could not pass unnoticed.
  assert.notEqual(chosen[0].span.bytes.start, chosen[0].span.utf16.start);
  const n = best.conditions.find((c) => c.path === 'détail.n');
  assert.deepEqual(n.values.map((v) => [sliced(event, v.span), v.matched]), [['0', false], ['7', true]]);
  const wildcard = best.branches[0];
  assert.equal(sliced(pattern, wildcard.branchSpan), '{"x": [{"wildcard": "*🎉*"}]}');
  assert.equal(best.conditions.find((c) => c.path === 'x').reason, '`x` is "a🎉b", which matches {"wildcard": "*🎉*"}');
});

test('a compiled pattern explains with the same spans', () => {
  const p = lib.compile({ 'ключ': ['значение'] });
  const x = p.explain({ 'ключ': 'значение', '😀': 1 });
  assert.equal(x.matched, true);
  assert.equal(checkSpans(x), 4);
  assert.equal(sliced(x.eventText, x.combinations[0].conditions[0].values[0].span), '"значение"');
  p.free();
});

test('error spans, lines and columns index the original strings', () => {
  const pattern = '{\n  "😀": ["a"],\n  "é": []\n}';
  const e = lib.validate(pattern).errors[0];
  assert.equal(sliced(pattern, e.span), '[]');
  assert.deepEqual([e.line, e.column], [3, 8]);

  const event = '{"😀😀": "x",\n "b": tru}';
  try {
    lib.matches({ b: [true] }, event);
    assert.fail('the event is not JSON');
  } catch (err) {
    assert.ok(err instanceof lib.EventError);
    assert.equal(err.line, 2);
    // The column counts UTF-16 units from the start of its line, and agrees with the span.
    const lineStart = event.indexOf('\n') + 1;
    assert.equal(err.column - 1, err.span.utf16.start - lineStart);
    sliced(event, err.span);
  }
});

test('a lone surrogate keeps later spans aligned', () => {
  // UTF-8 cannot hold a lone surrogate: it crosses into WebAssembly as U+FFFD, which is one
  // UTF-16 unit too, so offsets after it still index the original string.
  const event = '{"a": "\ud800x", "b": "y😀"}';
  const x = lib.explain({ b: ['y😀'] }, event);
  assert.equal(x.matched, true);
  const [value] = x.combinations[0].conditions[0].values;
  assert.equal(event.slice(value.span.utf16.start, value.span.utf16.end), '"y😀"');
});

test('every span of every corpus case slices its texts', () => {
  let cases = 0;
  let spans = 0;
  for (const file of corpusFiles) {
    for (const c of loadCorpus(file)) {
      let x;
      try {
        x = lib.explain(c.pattern, c.event);
      } catch (e) {
        if (e instanceof lib.PatternError || e instanceof lib.EventError) {
          sliced(e.source, e.span);
          continue;
        }
        throw e;
      }
      assert.equal(x.patternText, c.pattern);
      spans += checkSpans(x);
      cases += 1;
    }
  }
  assert.ok(cases > 1000 && spans > 5000, `${cases} cases, ${spans} spans`);
  console.log(`${cases} explained corpus cases, ${spans} spans checked`);
});
