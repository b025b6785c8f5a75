#!/usr/bin/env bash
# Score the extractor on the unseen evaluation set in eval/unseen (lead only; see eval/unseen/README.md).
# usage (from anywhere; runs from the repo root): bash eval/run_unseen.sh [--verbose|--json]
# Activate the project's environment first (. .venv/bin/activate), as for /work/shared/eval/run.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
exec bash /work/shared/eval/run.sh eval/unseen/docs eval/unseen/gold.jsonl "$@"
