#!/usr/bin/env bash
# Builds the npm package `eventlens` into pkg/ (ready for `npm pack ./pkg`), without wasm-pack:
#   1. the crate eventlens-wasm for wasm32 with the profile `npm-release` and WebAssembly SIMD
#      (which every current browser and Node 16.4+ run), twice: the main module (no feature:
#      patterns and rule sets, without the bus crate's code) and the bus module (feature `bus`,
#      for the entry `eventlens/bus`);
#   2. wasm-bindgen (the version Cargo.lock pins) on each for three targets: nodejs (CommonJS),
#      bundler and web (ES modules);
#   3. wasm-opt -O3 from npm's binaryen (Debian's older wasm-opt writes broken modules);
#   4. the TypeScript layer (crates/eventlens-wasm/npm/src) compiled to ES modules and CommonJS
#      with its declarations;
#   5. package.json (from crates/eventlens-wasm/npm/package.template.json), README and LICENSE.
#      Its `sideEffects` names the modules whose top level does work (the bundler glues hand their
#      module to the bindings; the web entries install their init checks); with `false`,
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
# the profile keeps them apart from every other build. Cargo keeps both feature sets' artifacts
# in the one target dir, so each build after the first relinks only what changed; the file cargo
# writes is the same for both, so each is copied away before the next build.
rm -rf "$out" "$stage"
mkdir -p "$out" "$stage"
for module in core bus; do
  features=()
  [ "$module" = bus ] && features=(--features bus)
  RUSTFLAGS="-C target-feature=+simd128" \
    cargo build --locked --profile npm-release --target wasm32-unknown-unknown -p eventlens-wasm \
    "${features[@]}"
  cp target/wasm32-unknown-unknown/npm-release/eventlens_wasm.wasm "$stage/$module.wasm"
done

# Runs wasm-bindgen on module $1 (written as $2.js, $2_bg.wasm, …) for every target, then
# wasm-opt -O3. wasm-bindgen writes the same .wasm for every target: it is optimised once when
# that holds.
bind() {
  local wasm=$stage/$1.wasm name=$2 target bg
  for target in nodejs bundler web; do
    wasm-bindgen --target "$target" --out-dir "$out/$target" --out-name "$name" "$wasm"
  done
  "$wasm_opt" -O3 "$out/nodejs/${name}_bg.wasm" -o "$stage/$name.optimised.wasm"
  for target in bundler web; do
    bg="$out/$target/${name}_bg.wasm"
    if cmp -s "$bg" "$out/nodejs/${name}_bg.wasm"; then
      cp "$stage/$name.optimised.wasm" "$bg"
    else
      "$wasm_opt" -O3 "$bg" -o "$bg"
    fi
  done
  cp "$stage/$name.optimised.wasm" "$out/nodejs/${name}_bg.wasm"
}
# The two run at once: wasm-opt is most of the time, and the machine has cores to spare.
bind core eventlens_wasm &
core_pid=$!
bind bus eventlens_bus
wait "$core_pid"

# The TypeScript layer imports the raw bindings as ./eventlens_wasm.js (the main module) and
# ./eventlens_bus.js (the bus's); the web target's declarations are a superset of the others'
# (they add init).
cp "$npm_src"/src/*.ts "$stage/"
cp "$out/web/eventlens_wasm.d.ts" "$out/web/eventlens_bus.d.ts" "$stage/"
ts_flags=(--strict --declaration --target es2022 --lib es2022,dom,esnext.disposable
  --noUnusedLocals --noUnusedParameters --rootDir "$stage")
# The modules the entry points share (index and bus are the Node and bundler entry points, web
# and web-bus the browser ones).
shared=(api errors internal ready suite)
sources=()
for f in "${shared[@]}"; do sources+=("$stage/$f.ts"); done
"$tsc" "${ts_flags[@]}" --module es2020 --moduleResolution bundler --outDir "$stage/esm" \
  "${sources[@]}" "$stage"/{index,bus,web,web-bus,jest}.ts
"$tsc" "${ts_flags[@]}" --module commonjs --moduleResolution node10 --outDir "$stage/cjs" \
  "${sources[@]}" "$stage"/{index,bus,jest}.ts
# `eventlens/jest` (the matcher for Jest and Vitest, which run in Node) has no web build.
for f in "${shared[@]}" index bus jest; do
  cp "$stage/cjs/$f.js" "$stage/cjs/$f.d.ts" "$out/nodejs/"
  cp "$stage/esm/$f.js" "$stage/esm/$f.d.ts" "$out/bundler/"
done
for f in "${shared[@]}" bus web-bus; do cp "$stage/esm/$f.js" "$stage/esm/$f.d.ts" "$out/web/"; done
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
# The README's known deviations are the engine's list (tests/conformance/known-deviations.json).
node -e 'const fs = require("fs");
         const [readme, list, to] = process.argv.slice(1);
         const items = JSON.parse(fs.readFileSync(list, "utf8"));
         const text = items.length === 0
           ? "None: every case of the conformance corpus gets the expected result (the cases the corpus marks as disputed aside)."
           : items.map((d) => `- \`${d.id}\`: ${d.reason}`).join("\n");
         const source = fs.readFileSync(readme, "utf8");
         if (!source.includes("<!-- known-deviations -->")) throw new Error("README lacks its deviations slot");
         fs.writeFileSync(to, source.replace("<!-- known-deviations -->", text))' \
  "$npm_src/README.md" tests/conformance/known-deviations.json "$out/README.md"
cp "$npm_src/LICENSE" "$out/"

for name in eventlens_wasm eventlens_bus; do
  raw=$(wc -c < "$out/web/${name}_bg.wasm")
  gz=$(gzip -9 -c "$out/web/${name}_bg.wasm" | wc -c)
  echo "build-npm: $out/ (eventlens $version): ${name}_bg.wasm $raw bytes, $gz gzipped"
done
