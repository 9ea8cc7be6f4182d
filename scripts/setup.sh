#!/usr/bin/env bash
# Installs what building and testing eventlens needs, skipping whatever is already present:
# the wasm target, trunk and wasm-bindgen-cli (pinned), Chromium and its driver, npm tooling, the
# aarch64 target with qemu-user and a cross linker, and for the Python package a project venv
# (.venv) with its build tools and engines, and Java 17.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.129

have() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "setup: installing chromium and chromium-driver"
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi

# Java 17 for PySpark 4 (the Python package's Spark tests), when no Java 17 or newer is present.
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then
  echo "setup: installing openjdk-17-jre-headless"
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi

# The Python package: maturin and zig build the manylinux2014 wheel; pyarrow, pandas (below 3,
# which PySpark 4 does not fully support), PySpark, DuckDB, Polars and pytest test it.
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv 2>/dev/null || {
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    python3 -m venv .venv
  }
fi
PY_REQUIREMENTS=(maturin ziglang pyarrow 'pandas<3' pyspark duckdb polars pytest)
# shellcheck disable=SC2207
py_missing=($(.venv/bin/python scripts/py-missing.py "${PY_REQUIREMENTS[@]}"))
if [ "${#py_missing[@]}" -gt 0 ]; then
  echo "setup: installing into .venv: ${py_missing[*]}"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "${py_missing[@]}"
fi

# The engine's tests for aarch64 (its NEON scanner) run under qemu-user, linked by a cross gcc.
if ! command -v qemu-aarch64 >/dev/null 2>&1 || ! command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 \
  || [ ! -e /usr/aarch64-linux-gnu/lib/libc.so ]; then
  echo "setup: installing qemu-user, gcc-aarch64-linux-gnu and libc6-dev-arm64-cross"
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross >/dev/null
fi

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup target list --installed | grep -qx aarch64-unknown-linux-gnu || rustup target add aarch64-unknown-linux-gnu
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

# The two cargo installs take about 11 minutes on 2 cores; run them side by side. trunk is built
# without LTO to halve its build time (it works the same).
pids=()
if ! have trunk "trunk $TRUNK_VERSION"; then
  echo "setup: building trunk $TRUNK_VERSION"
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked trunk --version "$TRUNK_VERSION" & pids+=($!)
fi
if ! have wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  echo "setup: building wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install --locked wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" & pids+=($!)
fi
for p in "${pids[@]}"; do wait "$p"; done

# npm tooling: wasm-opt (binaryen 132; Debian's older wasm-opt writes broken modules),
# playwright-core (drives the system Chromium), axe-core (the browser tests' accessibility checks)
# and TypeScript (checks the package's types).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# Trunk.toml runs cargo offline (so trunk never reaches for the network mid-build): fetch every
# crate of the lockfile, native and wasm, now.
cargo fetch --locked

# The wasm-bindgen CLI must be the version the lockfile resolves.
grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | grep -qF "\"$WASM_BINDGEN_VERSION\"" || {
  if grep -q '^name = "wasm-bindgen"$' Cargo.lock; then
    echo "setup: Cargo.lock's wasm-bindgen differs from the CLI $WASM_BINDGEN_VERSION" >&2
    exit 1
  fi
}
echo "setup: ready"
