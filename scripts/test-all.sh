#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, the engine and CLI (with the conformance
# corpus in ../shared/conformance), the wasm bindings, the npm package and the playground in
# headless Chromium. Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\n== %s\n' "$*"; }

step "formatting"
cargo fmt --all --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings
# The npm bindings' bus (the module of `eventlens/bus`) is behind a feature the workspace leaves off.
cargo clippy -p eventlens-wasm --features bus --all-targets --locked -- -D warnings

step "engine and CLI tests (conformance corpus included)"
cargo test --workspace --locked
cargo test -p eventlens-wasm --features bus --locked

step "npm package: build pkg/, then its suites on the packed tarball (Node, tsc, Chromium)"
scripts/build-npm.sh
node tests/npm/run.mjs

step "playground: release build with Trunk (dist/), then its browser tests in headless Chromium (accessibility with axe-core)"
# Trunk.toml makes cargo run offline: fetch the crates of the wasm build first.
cargo fetch --locked
trunk build --release
node --test tests/e2e/
