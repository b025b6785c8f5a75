#!/usr/bin/env bash
# Score the extractor on the independent held-out-style set in eval/heldout.
# usage (from anywhere; runs from the repo root): bash eval/run_heldout.sh [--verbose|--json]
# Activate the project's environment first (. .venv/bin/activate), as for /work/shared/eval/run.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
exec /work/shared/eval/run.sh eval/heldout/docs eval/heldout/gold.jsonl "$@"
