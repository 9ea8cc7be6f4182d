// The shared conformance corpus (../shared/conformance/*.jsonl, read in place), with each case's
// pattern and event as the exact texts the native engine is given.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonc from 'jsonc-parser';
import { repoRoot } from './package.mjs';

/** Where the corpus is: EVENTLENS_CONFORMANCE_DIR, else ../shared/conformance. */
export const corpusDir = process.env.EVENTLENS_CONFORMANCE_DIR ?? join(repoRoot, '../shared/conformance');

/** The corpus files, by name. */
export const corpusFiles = ['localstack', 'aws-docs', 'event-ruler'];

/**
 * The compact JSON text of a syntax-tree node of `text`, as the native CLI writes a corpus value
 * (serde_json with `preserve_order` and `arbitrary_precision`): keys in order and duplicates kept,
 * number literals verbatim, strings escaped as JSON.stringify and serde_json both escape them.
 * `JSON.parse` cannot do this: it drops duplicate keys, reorders integer-like keys and rounds
 * numbers.
 */
function compact(node, text) {
  switch (node.type) {
    case 'object':
      return `{${node.children
        .map(({ children: [key, value] }) => `${JSON.stringify(key.value)}:${compact(value, text)}`)
        .join(',')}}`;
    case 'array':
      return `[${node.children.map((item) => compact(item, text)).join(',')}]`;
    case 'string':
      return JSON.stringify(node.value);
    default:
      return text.slice(node.offset, node.offset + node.length);
  }
}

/**
 * One case per corpus line: `{ file, id, line, pattern, event }`, the texts taken as the native
 * CLI's `check` takes them (`pattern_raw` / `event_raw` verbatim, else the JSON value's text).
 */
export function loadCorpus(file) {
  const lines = readFileSync(join(corpusDir, `${file}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.map((line) => {
    const tree = jsonc.parseTree(line);
    const field = (name) => tree.children.find((p) => p.children[0].value === name)?.children[1];
    const text = (rawName, valueName) => {
      const raw = field(rawName);
      if (raw?.type === 'string') return raw.value;
      const value = field(valueName);
      return value === undefined ? undefined : compact(value, line);
    };
    const { id } = JSON.parse(line);
    return { file, id, line, pattern: text('pattern_raw', 'pattern'), event: text('event_raw', 'event') };
  });
}
