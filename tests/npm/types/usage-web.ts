// Uses the browser entry `eventlens/web` (init, initSync and the same API) as a TypeScript
// project would; checked by `tsc --noEmit` like usage.ts.

import init, { initSync, matches, RuleSet, validate } from 'eventlens/web';
import type { Explanation, WasmSource } from 'eventlens/web';

export async function start(bytes: Uint8Array): Promise<boolean> {
  const loaded: Promise<void> = init();
  await loaded;
  await init(new URL('https://example.invalid/eventlens_wasm_bg.wasm'));
  const source: WasmSource = bytes;
  await init(source);
  initSync(bytes);
  // @ts-expect-error: null is not a module source
  await init(null);
  const rules = new RuleSet();
  rules.add('r', { a: ['1'] });
  const names: string[] = rules.matches({ a: '1' });
  const why: Explanation | undefined = undefined;
  void [names, why, validate({ a: ['1'] }).ok];
  return matches({ a: ['1'] }, '{"a": "1"}');
}
