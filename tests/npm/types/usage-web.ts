// Uses the browser entries `eventlens/web` and `eventlens/web/bus` (init, initSync and the same
// API) as a TypeScript project would; checked by `tsc --noEmit` like usage.ts.

import init, { initSync, matches, PatternError, RuleSet, validate } from 'eventlens/web';
import type { Explanation, WasmSource } from 'eventlens/web';
import initBus, { Bus, BusConfigError, initSync as initBusSync, putEvents } from 'eventlens/web/bus';

export async function start(bytes: Uint8Array): Promise<boolean> {
  const loaded: Promise<void> = init();
  await loaded;
  await init(new URL('https://example.invalid/eventlens_wasm_bg.wasm'));
  const source: WasmSource = bytes;
  await init(source);
  initSync(bytes);
  // @ts-expect-error: null is not a module source
  await init(null);
  await initBus();
  initBusSync(bytes);
  const rules = new RuleSet({ validation: 'structure' });
  rules.add('r', { a: ['1'] });
  const names: string[] = rules.matches({ a: '1' });
  const why: Explanation | undefined = undefined;
  const bus = new Bus([{ Name: 'r', EventPattern: { a: ['1'] } }], { region: 'eu-west-1' });
  const failed: number = bus.putEvents([{ Source: 's', DetailType: 'd', Detail: '{}' }]).response.FailedEntryCount;
  const once: string | null = putEvents('[]', '[]').entries[0].eventId;
  const nested: PatternError | null = new BusConfigError({
    message: 'm',
    reason: 'r',
    location: '[0].EventPattern',
    line: null,
    column: null,
    span: null,
    fieldText: null,
    patternError: null,
    source: '[]',
  }).patternError;
  void [names, why, validate({ a: ['1'] }).ok, failed, once, nested];
  return matches({ a: ['1'] }, '{"a": "1"}');
}
