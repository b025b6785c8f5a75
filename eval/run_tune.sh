#!/usr/bin/env bash
# Score the extractor on the tuning set in eval/tune (12 documents, hand-written gold).
# usage (from anywhere; runs from the repo root): bash eval/run_tune.sh [--verbose|--json]
# Activate the project's environment first (. .venv/bin/activate), as for /work/shared/eval/run.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
exec bash /work/shared/eval/run.sh eval/tune/docs eval/tune/gold.jsonl "$@"
