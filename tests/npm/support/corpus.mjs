// The shared conformance corpus (../shared/conformance/*.jsonl, read in place), with each case's
// pattern and event as the exact texts the native engine is given: the npm suites' one loader
// (the Rust suites' is the crate eventlens-conformance). The case format is described in
// tests/conformance/README.md. A malformed case or a missing directory throws, naming the file
// and line.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonc from 'jsonc-parser';
import { repoRoot } from './package.mjs';

/** Where the corpus is: EVENTLENS_CONFORMANCE_DIR, else ../shared/conformance. */
export const corpusDir = process.env.EVENTLENS_CONFORMANCE_DIR ?? join(repoRoot, '../shared/conformance');

/** The corpus files by authority, highest first; other files follow, by name. */
const AUTHORITY = ['localstack', 'aws-docs', 'event-ruler'];

/** The outcomes a case can expect. */
const OUTCOMES = ['match', 'no-match', 'invalid-pattern', 'invalid-event'];

/** The names (without `.jsonl`) of the corpus files in `dir`, in authority order. */
export function corpusFilesIn(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new Error(`${dir}: cannot read the corpus directory (${e.message}); set EVENTLENS_CONFORMANCE_DIR`);
  }
  const files = names.filter((n) => n.endsWith('.jsonl')).map((n) => n.slice(0, -'.jsonl'.length));
  if (files.length === 0) throw new Error(`${dir}: no *.jsonl corpus files`);
  const rank = (name) => (AUTHORITY.includes(name) ? AUTHORITY.indexOf(name) : AUTHORITY.length);
  return files.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The corpus files, by name, in authority order. */
export const corpusFiles = corpusFilesIn(corpusDir);

/** Why the parsed corpus line `fields` is not a case, or `undefined` when it is one. */
function fault(fields) {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return 'not a JSON object';
  if (fields.id === undefined) return 'no `id`';
  if (typeof fields.id !== 'string') return '`id` must be a string';
  if (fields.expect === undefined) return 'no `expect`';
  if (!OUTCOMES.includes(fields.expect)) return `\`expect\` is ${JSON.stringify(fields.expect)}, not one of ${OUTCOMES.join(', ')}`;
  if (fields.pattern === undefined && fields.pattern_raw === undefined) return 'no `pattern` (nor `pattern_raw`)';
  for (const raw of ['pattern_raw', 'event_raw']) {
    if (fields[raw] !== undefined && typeof fields[raw] !== 'string') return `\`${raw}\` must be a string`;
  }
  for (const flag of ['disputed', 'eventbridge_only']) {
    if (fields[flag] !== undefined && typeof fields[flag] !== 'boolean') return `\`${flag}\` must be true or false`;
  }
  return undefined;
}

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
 * One case per non-blank line of corpus file `file` (in `dir`): `{ file, id, line, lineNumber,
 * pattern, event }`, the texts taken as the native CLI's `check` takes them (`pattern_raw` /
 * `event_raw` verbatim, else the JSON value's text). Throws `path:line: why` for a line that is
 * not a case, and for an id used twice.
 */
export function loadCorpus(file, dir = corpusDir) {
  const path = join(dir, `${file}.jsonl`);
  const cases = [];
  const seen = new Map();
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let fields;
      try {
        fields = JSON.parse(line);
      } catch (e) {
        throw new Error(`${path}:${i + 1}: not a JSON line: ${e.message}`);
      }
      const why = fault(fields) ?? (seen.has(fields.id) ? `id ${JSON.stringify(fields.id)} is also the id of line ${seen.get(fields.id)}` : undefined);
      if (why !== undefined) throw new Error(`${path}:${i + 1}: ${why}`);
      seen.set(fields.id, i + 1);
      const tree = jsonc.parseTree(line);
      const field = (name) => tree.children.find((p) => p.children[0].value === name)?.children[1];
      const text = (rawName, valueName) => {
        const raw = field(rawName);
        if (raw?.type === 'string') return raw.value;
        const value = field(valueName);
        return value === undefined ? undefined : compact(value, line);
      };
      cases.push({ file, id: fields.id, line, lineNumber: i + 1, pattern: text('pattern_raw', 'pattern'), event: text('event_raw', 'event') });
    });
  return cases;
}
