#!/usr/bin/env bash
# Runs every test of the project: formatting, lints, the engine, bus and CLI (with the conformance
# corpus in ../shared/conformance), the engine again for aarch64 under qemu-user, the wasm
# bindings, the npm package, the playground in headless Chromium, and the Python package (Spark,
# DuckDB, Polars). Run scripts/setup.sh first.
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
# The engine's linear-time benchmark needs its `internals` feature, which the workspace leaves off.
cargo clippy -p eventlens --features internals --all-targets --locked -- -D warnings
# The fuzz targets (their own workspace, run with cargo-fuzz on nightly) still build on the engine.
cargo clippy --manifest-path fuzz/Cargo.toml --all-targets --locked -- -D warnings
# The engine's aarch64 code (the NEON scanner), which the native lints do not see.
cargo clippy -p eventlens --target aarch64-unknown-linux-gnu --all-targets --locked -- -D warnings

step "engine, bus and CLI tests (conformance corpus included)"
cargo test --workspace --locked
cargo test -p eventlens-wasm --features bus --locked

step "engine tests for aarch64 (the NEON scanner) under qemu-user, optimized (profile qemu-test)"
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu" \
  cargo test -p eventlens --target aarch64-unknown-linux-gnu --profile qemu-test --locked

step "npm package: build pkg/, then its suites on the packed tarball (Node, tsc, Chromium)"
scripts/build-npm.sh
node tests/npm/run.mjs

step "playground: release build with Trunk (dist/), then its browser tests in headless Chromium (accessibility with axe-core)"
# Trunk.toml makes cargo run offline: fetch the crates of the wasm build first.
cargo fetch --locked
trunk build --release
node --test tests/e2e/

step "Python package: the manylinux2014 wheel (maturin, zig) into target/wheels, installed in .venv, then pytest"
rm -f target/wheels/eventlens-*.whl
PATH="$PWD/.venv/bin:$PATH" maturin build --release --locked --zig --compatibility manylinux2014 \
  -m crates/eventlens-py/Cargo.toml --out target/wheels
.venv/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps target/wheels/eventlens-*.whl
# The engine tests compared with `eventlens replay` use the CLI that `cargo test` built.
pytest_status=0
EVENTLENS_BIN="$PWD/target/debug/eventlens" .venv/bin/python -m pytest -p no:cacheprovider -q tests/python || pytest_status=$?
case "$pytest_status" in
  0) ;;
  5) echo "pytest collected no tests" >&2; exit 1 ;;
  *) echo "pytest failed (exit status $pytest_status)" >&2; exit "$pytest_status" ;;
esac
