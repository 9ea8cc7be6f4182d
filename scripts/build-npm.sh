#!/usr/bin/env bash
# Builds the npm package `eventlens` into pkg/ (ready for `npm pack ./pkg`), without wasm-pack:
#   1. the crate eventlens-wasm for wasm32 with the profile `npm-release` and WebAssembly SIMD
#      (which every current browser and Node 16.4+ run);
#   2. wasm-bindgen (the version Cargo.lock pins) for three targets: nodejs (CommonJS), bundler
#      and web (ES modules);
#   3. wasm-opt -O3 from npm's binaryen (Debian's older wasm-opt writes broken modules);
#   4. the TypeScript layer (crates/eventlens-wasm/npm/src) compiled to ES modules and CommonJS
#      with its declarations;
#   5. package.json (from crates/eventlens-wasm/npm/package.template.json), README and LICENSE.
#      Its `sideEffects` names the two modules whose top level does work (the bundler glue hands
#      the module to the bindings; the web entry installs its init check); with `false`,
#      webpack's production build drops the first and the package fails at its first call.
# Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
npm_src=crates/eventlens-wasm/npm
out=pkg
stage=target/npm-stage
wasm_opt=node_modules/.bin/wasm-opt
tsc=node_modules/.bin/tsc

locked=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
have=$(wasm-bindgen --version | cut -d' ' -f2)
if [ "$locked" != "$have" ]; then
  echo "build-npm: wasm-bindgen CLI is $have but Cargo.lock has $locked (run scripts/setup.sh)" >&2
  exit 1
fi
[ -x "$wasm_opt" ] && [ -x "$tsc" ] || { echo "build-npm: run npm ci (scripts/setup.sh) first" >&2; exit 1; }

# RUSTFLAGS reach only the wasm32 artifacts (build scripts run on the host without them), and
# the profile keeps them apart from every other build.
RUSTFLAGS="-C target-feature=+simd128" \
  cargo build --locked --profile npm-release --target wasm32-unknown-unknown -p eventlens-wasm
wasm=target/wasm32-unknown-unknown/npm-release/eventlens_wasm.wasm

rm -rf "$out" "$stage"
mkdir -p "$out" "$stage"
for target in nodejs bundler web; do
  wasm-bindgen --target "$target" --out-dir "$out/$target" "$wasm"
done
# wasm-bindgen writes the same module for every target: optimise it once when that holds.
"$wasm_opt" -O3 "$out/nodejs/eventlens_wasm_bg.wasm" -o "$stage/optimised.wasm"
for target in bundler web; do
  bg="$out/$target/eventlens_wasm_bg.wasm"
  if cmp -s "$bg" "$out/nodejs/eventlens_wasm_bg.wasm"; then
    cp "$stage/optimised.wasm" "$bg"
  else
    "$wasm_opt" -O3 "$bg" -o "$bg"
  fi
done
cp "$stage/optimised.wasm" "$out/nodejs/eventlens_wasm_bg.wasm"

# The TypeScript layer imports the raw bindings as ./eventlens_wasm.js; the web target's
# declarations are a superset of the others' (they add init).
cp "$npm_src"/src/*.ts "$stage/"
cp "$out/web/eventlens_wasm.d.ts" "$stage/"
ts_flags=(--strict --declaration --target es2022 --lib es2022,dom,esnext.disposable
  --noUnusedLocals --noUnusedParameters --rootDir "$stage")
# The modules every entry point shares (index and web are the entry points).
shared=(api bus internal ready)
sources=()
for f in "${shared[@]}"; do sources+=("$stage/$f.ts"); done
"$tsc" "${ts_flags[@]}" --module es2020 --moduleResolution bundler --outDir "$stage/esm" \
  "${sources[@]}" "$stage"/{index,web}.ts
"$tsc" "${ts_flags[@]}" --module commonjs --moduleResolution node10 --outDir "$stage/cjs" \
  "${sources[@]}" "$stage"/index.ts
for f in "${shared[@]}" index; do
  cp "$stage/cjs/$f.js" "$stage/cjs/$f.d.ts" "$out/nodejs/"
  cp "$stage/esm/$f.js" "$stage/esm/$f.d.ts" "$out/bundler/"
done
for f in "${shared[@]}"; do cp "$stage/esm/$f.js" "$stage/esm/$f.d.ts" "$out/web/"; done
cp "$stage/esm/web.js" "$out/web/index.js"
cp "$stage/esm/web.d.ts" "$out/web/index.d.ts"
# The package is "type": "module"; the nodejs build is CommonJS.
echo '{"type":"commonjs"}' > "$out/nodejs/package.json"

version=$(cargo metadata --locked --no-deps --format-version 1 |
  node -e 'const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
           process.stdout.write(m.packages.find(p => p.name === "eventlens-wasm").version)')
node -e 'const fs = require("fs");
         const p = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
         fs.writeFileSync(process.argv[2], JSON.stringify({ ...p, version: process.argv[3] }, null, 2) + "\n")' \
  "$npm_src/package.template.json" "$out/package.json" "$version"
# The README's known deviations are the engine's list (crates/eventlens/tests/known-deviations.json).
node -e 'const fs = require("fs");
         const [readme, list, to] = process.argv.slice(1);
         const items = JSON.parse(fs.readFileSync(list, "utf8"));
         const text = items.length === 0
           ? "None: every case of the conformance corpus gets the expected result (the cases the corpus marks as disputed aside)."
           : items.map((d) => `- \`${d.id}\`: ${d.reason}`).join("\n");
         const source = fs.readFileSync(readme, "utf8");
         if (!source.includes("<!-- known-deviations -->")) throw new Error("README lacks its deviations slot");
         fs.writeFileSync(to, source.replace("<!-- known-deviations -->", text))' \
  "$npm_src/README.md" crates/eventlens/tests/known-deviations.json "$out/README.md"
cp "$npm_src/LICENSE" "$out/"

raw=$(wc -c < "$out/web/eventlens_wasm_bg.wasm")
gz=$(gzip -9 -c "$out/web/eventlens_wasm_bg.wasm" | wc -c)
echo "build-npm: $out/ (eventlens $version): eventlens_wasm_bg.wasm $raw bytes, $gz gzipped"
