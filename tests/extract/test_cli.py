"""`python -m extract` as a subprocess: claims of HTML, PDF and text files as JSON lines,
one-line errors for bad inputs, exit statuses."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
FIELDS = ["doc", "sentence", "quote", "metric", "value", "unit", "per", "token_kind", "qualifier",
          "subject", "as_of", "attributed_to"]
EXTRA = ["start", "end", "sentence_start", "as_of_norm", "page"]


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "extract", *map(str, args)], cwd=ROOT, input=stdin,
        capture_output=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )


def rows(result):
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def two_page_pdf(path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, "The routing platforms processed a combined 12.8 trillion tokens in the first week "
                         "of April 2026, up from about 1.9 trillion a year earlier.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.multi_cell(0, 6, "API revenue across the nine providers reached $14.6 billion on an annualised "
                         "basis in April.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def drawing_pdf(path):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 60, style="F")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    bad = {
        "empty": tmp / "empty.txt",
        "binary": tmp / "garbage.bin",
        "latin1": tmp / "legacy.txt",
        "huge": tmp / "huge.txt",
        "no_text_pdf": drawing_pdf(tmp / "drawing.pdf"),
        "broken_pdf": tmp / "broken.pdf",
        "missing": tmp / "absent.html",
        "directory": tmp / "folder",
    }
    bad["empty"].write_bytes(b"")
    bad["binary"].write_bytes(bytes(range(256)) * 64)
    bad["latin1"].write_bytes("Caf\u00e9 revenue rose 12%.\n".encode("latin-1"))
    with open(bad["huge"], "wb") as f:  # 50 MB, sparse: the size check comes before reading
        f.seek(50_000_000)
        f.write(b"\n")
    bad["directory"].mkdir()
    whole = two_page_pdf(tmp / "whole.pdf").read_bytes()
    bad["broken_pdf"].write_bytes(whole[: len(whole) // 2])
    good = {"html": FIXTURES / "article.html", "text": FIXTURES / "note.txt",
            "pdf": two_page_pdf(tmp / "report.pdf")}
    return good, bad


def test_good_files(inputs):
    good, _ = inputs
    result = run("--jsonl", good["html"], good["text"], good["pdf"])
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    out = rows(result)
    assert all(list(row) == FIELDS for row in out)
    by_doc = {path: [r for r in out if r["doc"] == str(path)] for path in good.values()}
    assert all(by_doc.values()), "every file gave claims"
    # the doc is the path as given; the table row of the HTML page reads its header
    table = [r for r in by_doc[good["html"]] if r["sentence"] == "| GPT-4o | $2.50 | $10.00 |"]
    assert {(r["value"], r["token_kind"]) for r in table} == {(2.5, "input"), (10.0, "output")}
    assert any(r["value"] == 1.28e13 for r in by_doc[good["pdf"]])
    # the wrapped PDF paragraph reached the claim extractor as one sentence
    assert any(r["sentence"].startswith("The routing platforms") and r["sentence"].endswith("a year earlier.")
               for r in by_doc[good["pdf"]])


def test_text_offsets_point_into_the_file(inputs):
    good, _ = inputs
    result = run("--full", good["text"])
    assert result.returncode == 0, result.stderr
    text = good["text"].read_text(encoding="utf-8")
    out = rows(result)
    assert out and all(list(row) == FIELDS + EXTRA for row in out)
    for row in out:
        assert text[row["start"]:row["end"]] == row["quote"]
        assert text[row["sentence_start"]:].startswith(row["sentence"])
        assert row["page"] is None


def test_full_gives_pdf_pages(inputs):
    good, _ = inputs
    out = rows(run("--full", good["pdf"]))
    pages = {row["quote"]: row["page"] for row in out}
    assert any("12.8 trillion" in q and p == 1 for q, p in pages.items())
    assert any("14.6 billion" in q and p == 2 for q, p in pages.items())


def test_bad_inputs_one_line_each_and_the_rest_still_processed(inputs):
    good, bad = inputs
    paths = [bad["empty"], bad["binary"], good["text"], bad["latin1"], bad["huge"],
             bad["no_text_pdf"], bad["broken_pdf"], bad["missing"], bad["directory"], good["html"]]
    result = run("--jsonl", *paths)
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == len(bad)
    reasons = {}
    for line in lines:
        prefix, path, reason = line.split(": ", 2)
        assert prefix == "extract" and reason
        reasons[path] = reason
    expected = {
        "empty": "empty input", "binary": "binary data", "latin1": "not UTF-8 text",
        "huge": "too large", "no_text_pdf": "no text layer", "broken_pdf": "broken PDF",
        "missing": "no such file",
        "directory": "is a directory",
    }
    for key, words in expected.items():
        assert words in reasons[str(bad[key])], (key, reasons[str(bad[key])])
    docs = {row["doc"] for row in rows(result)}
    assert docs == {str(good["text"]), str(good["html"])}


def test_stdin_text():
    text = "Weekly volume passed 8 trillion tokens in March.\n"
    result = run("-", stdin=text.encode())
    assert result.returncode == 0, result.stderr
    out = rows(result)
    assert out and {row["doc"] for row in out} == {"-"}
    assert out[0]["sentence"] == text.strip()


def test_text_option_prints_the_document(inputs):
    good, _ = inputs
    result = run("--text", good["pdf"])
    assert result.returncode == 0
    assert result.stdout.decode().splitlines() == [
        "The routing platforms processed a combined 12.8 trillion tokens in the first week of April 2026, "
        "up from about 1.9 trillion a year earlier.",
        "API revenue across the nine providers reached $14.6 billion on an annualised basis in April.",
    ]


@pytest.mark.parametrize("args", [[], ["--jsonl"], ["--no-such-option", "x.txt"], ["--max-mb", "0", "x.txt"]])
def test_usage_errors(args):
    result = run(*args)
    assert result.returncode == 2
    assert b"usage: python -m extract" in result.stderr
    assert b"Traceback" not in result.stderr


def test_help():
    result = run("--help")
    assert result.returncode == 0
    out = result.stdout.decode()
    for words in ("--jsonl", "--full", "exit status", "extract: <path>: <reason>", "doc (the path as given)"):
        assert words in out
