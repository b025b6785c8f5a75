"""Command line: print the numeric claims of plain-text files.

usage: python -m extract.claims [--jsonl] [--published YYYY-MM-DD] FILE...

One JSON object per claim and line, with `doc` = the path given and exactly the
CLAIMS.md fields. A file that cannot be read gets a one-line error on stderr.
"""
from __future__ import annotations

import argparse
import json
import sys

from . import FIELDS, ClaimExtractor


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extract.claims", description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", help="UTF-8 text files")
    ap.add_argument("--jsonl", action="store_true", help="one JSON claim per line (the default)")
    ap.add_argument("--published", default=None, help="publication date (ISO) for relative times")
    a = ap.parse_args(argv)
    ex = ClaimExtractor()
    status = 0
    for path in a.files:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError as e:
            print(f"error: cannot read {path}: {e.strerror or e}", file=sys.stderr)
            status = 1
            continue
        for c in ex.extract(text, a.published):
            row = {"doc": path, **{k: c[k] for k in FIELDS}}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
