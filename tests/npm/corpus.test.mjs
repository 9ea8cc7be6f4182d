// The npm suites' corpus loader (support/corpus.mjs): files in authority order, texts as the
// native CLI takes them, and a malformed case or a missing directory refused with its file and line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFilesIn, loadCorpus } from './support/corpus.mjs';

/** Runs `body` with a fresh directory holding `files` (name to text), removed afterwards. */
function withCorpus(files, body) {
  const dir = mkdtempSync(join(tmpdir(), 'eventlens-corpus-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const line = (id, extra = '') => `{"id": "${id}", "pattern": {"z": [1e0], "a": ["x"]}, "event": {"z": 1}${extra}, "expect": "match"}`;

test('files come in authority order and texts keep their keys and numbers', () => {
  withCorpus(
    {
      'zeta.jsonl': line('z'),
      'event-ruler.jsonl': `${line('e1')}\n\n${line('e2', ', "event_raw": "{\\"z\\": 1.0}"')}\n`,
      'localstack.jsonl': line('l'),
      'README.md': 'not a corpus file',
    },
    (dir) => {
      assert.deepEqual(corpusFilesIn(dir), ['localstack', 'event-ruler', 'zeta']);
      const cases = loadCorpus('event-ruler', dir);
      assert.deepEqual(
        cases.map((c) => [c.id, c.lineNumber, c.pattern, c.event]),
        [
          ['e1', 1, '{"z":[1e0],"a":["x"]}', '{"z":1}'],
          ['e2', 3, '{"z":[1e0],"a":["x"]}', '{"z": 1.0}'],
        ],
      );
    },
  );
});

test('a malformed case or a missing directory says where and why', () => {
  withCorpus({}, (dir) => {
    assert.throws(() => corpusFilesIn(join(dir, 'absent')), /absent: cannot read the corpus directory/);
    assert.throws(() => corpusFilesIn(dir), /no \*\.jsonl corpus files/);
  });
  for (const [text, why] of [
    ['{', 'not a JSON line'],
    ['[1]', 'not a JSON object'],
    ['{"pattern": {}, "expect": "match"}', 'no `id`'],
    ['{"id": "x", "pattern": {}, "expect": "matches"}', '`expect` is "matches"'],
    ['{"id": "x", "expect": "match"}', 'no `pattern`'],
    ['{"id": "x", "pattern": {}, "expect": "match", "disputed": 1}', '`disputed` must be true or false'],
    [`${line('a')}\n${line('a')}`, 'id "a" is also the id of line 2'],
  ]) {
    withCorpus({ 'f.jsonl': `${line('ok')}\n${text}\n` }, (dir) => {
      const at = text.includes('\n') ? 3 : 2;
      assert.throws(() => loadCorpus('f', dir), (e) => e.message.startsWith(`${join(dir, 'f.jsonl')}:${at}: ${why}`));
    });
  }
});
