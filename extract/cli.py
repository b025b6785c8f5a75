"""`python -m extract`: numeric claims of HTML, PDF and text files as JSON lines.

The command-line face of the extract stage, used by the evaluation script
(eval/run.sh) and by people checking one page: each FILE goes through
`extract.document.load_file` (or stdin for `-`) and `extract.claims.extract_claims`,
and each claim is printed as one JSON object with the CLAIMS.md fields in order.
A file that cannot be read gets one line on stderr, `extract: <path>: <reason>`,
and the other files are still processed.
"""

from __future__ import annotations

import argparse
import json
import sys

from extract.claims import FIELDS
from extract.document import MAX_BYTES, Document, load_file, parse_bytes
from extract.errors import DocumentError

EXTRA_FIELDS = ("start", "end", "sentence_start", "as_of_norm")

DESCRIPTION = """\
Print the numeric claims of HTML, PDF and plain-text files, one JSON object per
line with the fields of eval/CLAIMS.md: doc (the path as given), sentence, quote,
metric, value, unit, per, token_kind, qualifier, subject, as_of, attributed_to.

What a file is comes from its content (a PDF named .html is read as a PDF).
HTML loses its page furniture (menus, cookie banners, comments); PDFs have their
wrapped lines joined; plain text (UTF-8) is used as it is, so the offsets of
--full refer to the file's own characters (newlines normalised to \\n)."""

EPILOG = """\
exit status: 0 when every file was read, 1 when any file failed (each failure is
one line on stderr: "extract: <path>: <reason>"), 2 for a usage error.

examples:
  python -m extract --jsonl article.html report.pdf notes.txt
  python -m extract --text page.html        # see the text claims are read from
  cat notes.txt | python -m extract -"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m extract", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="HTML, PDF or UTF-8 text file; - reads stdin")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--jsonl", action="store_true",
                     help="one JSON claim per line (the default output)")
    out.add_argument("--text", action="store_true",
                     help="print each document's extracted text instead of claims")
    parser.add_argument("--full", action="store_true",
                        help="add start, end, sentence_start, as_of_norm and page to each claim")
    parser.add_argument("--max-mb", type=float, default=MAX_BYTES / 1e6, metavar="MB",
                        help="refuse files larger than this (default: %(default).0f)")
    return parser


def read_document(path: str, max_bytes: int) -> Document:
    """The document at `path` ("-" is stdin); raises DocumentError."""
    if path == "-":
        body = sys.stdin.buffer.read(max_bytes + 1)
        return parse_bytes(body, content_type="text/plain", max_bytes=max_bytes)
    return load_file(path, max_bytes=max_bytes)


def claim_rows(doc: Document, path: str, full: bool = False) -> list[dict]:
    """CLAIMS.md rows (doc first, fields in contract order) for one document."""
    from extract.claims import extract_claims

    rows = []
    for claim in extract_claims(doc.text, published=doc.published_at):
        row = {"doc": path}
        row.update((key, claim.get(key)) for key in FIELDS)
        if full:
            row.update((key, claim.get(key)) for key in EXTRA_FIELDS)
            start = claim.get("start")
            row["page"] = doc.page_of(start) if isinstance(start, int) else None
        rows.append(row)
    return rows


def _fail(path: str, reason: str) -> None:
    reason = " ".join(str(reason).split()) or "unreadable"
    print(f"extract: {path}: {reason}", file=sys.stderr, flush=True)


def _quiet_libraries() -> None:
    """pdfminer, trafilatura and htmldate log warnings about odd inputs; with no logging
    configured Python prints them to stderr, where each failure must be one line."""
    import logging

    for name in ("pdfminer", "pdfplumber", "trafilatura", "htmldate", "charset_normalizer", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _quiet_libraries()
    if args.max_mb <= 0:
        build_parser().error("--max-mb must be positive")
    max_bytes = int(args.max_mb * 1e6)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")
    status = 0
    for path in args.files:
        try:
            doc = read_document(path, max_bytes)
            if args.text:
                out.write(doc.text.rstrip("\n") + "\n")
                continue
            rows = claim_rows(doc, path, args.full)
        except DocumentError as err:
            _fail(path, str(err))
            status = 1
            continue
        except (KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as err:  # a bug must not hide the other files' claims
            _fail(path, f"internal error: {type(err).__name__}: {err}")
            status = 1
            continue
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
    return status


def run() -> None:
    """Entry point of `python -m extract`: exit with main()'s status, quietly on a closed pipe."""
    try:
        code = main()
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 1
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
