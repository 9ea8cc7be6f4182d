#!/usr/bin/env bash
# Differential test of eventlens against LocalStack's EventBridge pattern engine (not part of CI).
# Sets up .venv-oracle (ignored by git) from PyPI, builds the CLI in target/oracle (a target
# folder of its own, so it never waits on or blocks other builds) and runs diff.py.
#
# Usage: scripts/oracle/run.sh [--seed N] [--cases N] [--examples K] [--json FILE]
# Triage of the disagreements it reports: docs/oracle-triage.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=.venv-oracle
if ! "$venv/bin/python" -c "import localstack.utils.event_matcher" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r scripts/oracle/requirements.txt
fi
CARGO_TARGET_DIR=target/oracle cargo build --release --quiet -p eventlens-cli
exec "$venv/bin/python" scripts/oracle/diff.py --bin target/oracle/release/eventlens "$@"
