"""extract.claims: the public API contract (fields, offsets, sentences, batch use), time
normalisation, robustness on any input, and the `python -m extract.claims` command."""
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from extract.claims import EXTRACTOR_VERSION, FIELDS, ClaimExtractor, extract_claims
from extract.claims.timex import find_times, normalise_time

TEXT = ("Quasar AI now processes 3.5 trillion tokens per day.\n"
        "Its API costs $0.90 per million input tokens, according to Tally Research.\n")


def test_fields_and_offsets():
    out = extract_claims(TEXT)
    assert len(out) == 2
    for c in out:
        assert set(c) == set(FIELDS) | {"start", "end", "sentence_start", "as_of_norm"}
        assert TEXT[c["start"]:c["end"]] == c["quote"]
        assert TEXT[c["sentence_start"]:c["sentence_start"] + len(c["sentence"])] == c["sentence"]
    assert out[0]["sentence"] == "Quasar AI now processes 3.5 trillion tokens per day."
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION


def test_sentences_break_at_newlines_and_never_join_lines():
    text = "Heading with 40 million users\nBody line says 12 million developers joined"
    out = extract_claims(text)
    assert [c["sentence"] for c in out] == ["Heading with 40 million users",
                                           "Body line says 12 million developers joined"]


def test_abbreviations_do_not_split_sentences():
    out = extract_claims("The U.S. market hit $40 billion vs. $25 billion in China.")
    assert len({c["sentence"] for c in out}) == 1 and len(out) == 2


def test_extract_many_matches_extract():
    ex = ClaimExtractor()
    texts = [TEXT, "", "Nothing here.", "Helio raised $250 million."]
    assert list(ex.extract_many(texts)) == [ex.extract(t) for t in texts]
    pubs = ["2026-05-03", None, None, None]
    many = list(ex.extract_many(["Usage doubled last week: 9 trillion tokens."] * 2, published=pubs[:2]))
    assert many[0][0]["as_of_norm"] == "2026-W17" and many[1][0]["as_of_norm"] is None


@pytest.mark.parametrize("expr,published,iso", [
    ("May 2026", None, "2026-05"),
    ("early 2024", None, "2024"),
    ("mid-2026", None, "2026"),
    ("2026", None, "2026"),
    ("Q3 2025", None, "2025-Q3"),
    ("Q3", "2026-08-01", "2026-Q3"),
    ("H1 2024", None, "2024-H1"),
    ("the first half of 2024", None, "2024-H1"),
    ("the week of March 9-15, 2026", None, "2026-W11"),
    ("the first week of April 2026", None, "2026-W14"),
    ("March 3, 2026", None, "2026-03-03"),
    ("2026-05-03", None, "2026-05-03"),
    ("April", "2026-06-10", "2026-04"),
    ("November", "2026-06-10", "2025-11"),
    ("last week", "2026-03-18", "2026-W11"),
    ("this month", "2026-05-20", "2026-05"),
    ("last month", "2026-01-15", "2025-12"),
    ("this quarter", "2026-05-20", "2026-Q2"),
    ("last quarter", "2026-02-01", "2025-Q4"),
    ("yesterday", "2026-05-03", "2026-05-02"),
    ("this year", "2026-05-03", "2026"),
    ("last month", None, None),
    ("Between 2020 and 2023", None, None),
    ("not a time", None, None),
])
def test_normalise_time(expr, published, iso):
    assert normalise_time(expr, published) == iso


def test_find_times_skips_durations():
    assert [t[2] for t in find_times("Over the next two years, in five months, by 2027.")] == ["2027"]
    assert [t[2] for t in find_times("Costs fell in May and may fall again in June 2026.")] == ["May", "June 2026"]


@pytest.mark.parametrize("text", [
    "", " ", "\n\n", "|", "| | |\n|---|", "$", "5", "%%%", "\x00\x01 $5 \x02", "🚀 10x 🚀",
    "１２３ trillion", "\u202e$5 billion\u202c", "—" * 500, "(" * 200 + "5%", "a" * 50000,
    "1," * 3000, "$" * 2000 + "9", "between 5% and", "per per / / $", "9" * 500 + " tokens",
])
def test_any_input_does_not_raise(text):
    out = extract_claims(text)
    for c in out:
        assert text[c["start"]:c["end"]] == c["quote"]


def test_random_and_binary_input_does_not_raise():
    rng = random.Random(11)
    alphabet = "0123456789$%x.,-–—/|:;()+~ \n\r\x00TBMKtrillion'’\"“”€¥£ofperday"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 100)))
        for c in extract_claims(text):
            assert text[c["start"]:c["end"]] == c["quote"]
    assert isinstance(extract_claims(bytes(range(256))), list)
    assert extract_claims(None) == []


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "extract.claims", *args], capture_output=True,
                          text=True, cwd=cwd)


def test_cli_prints_one_json_claim_per_line(tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text(TEXT, encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    res = run_cli("--jsonl", str(doc), cwd=root)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["doc"] for r in rows] == [str(doc), str(doc)]
    assert all(list(r) == ["doc", *FIELDS] for r in rows)
    assert rows[1]["attributed_to"] == "Tally Research"


def test_cli_names_a_missing_file_in_one_line(tmp_path):
    root = Path(__file__).resolve().parents[2]
    missing = tmp_path / "nope.txt"
    res = run_cli("--jsonl", str(missing), cwd=root)
    assert res.returncode == 1
    assert res.stderr.strip().count("\n") == 0 and str(missing) in res.stderr
    assert "Traceback" not in res.stderr


def test_pipeline_runs_without_the_per_line_fallback():
    """The per-line fallback hides component errors: the pipeline itself must not raise."""
    ex = ClaimExtractor()
    text = TEXT + ("| Model | Input ($/1M tokens) |\n| Orca | $1 |\nPlatform Weekly Tokens (billions) Date\n"
                   "Orbit 840 June 2026\nZephyr 200 June 2026\nThe remaining 30 billion comes from others.\n")
    doc = ex.nlp(text)
    assert len(doc._.claims) >= 5


def test_doc_is_split_on_whitespace_and_keeps_sentence_starts():
    """The claim components read the text themselves: the Doc is tokenized on whitespace
    only (no affix rules), and its tokens still carry the claim sentences' starts."""
    ex = ClaimExtractor()
    text = "Orca served 2 trillion tokens a day (up 40%). It doesn't say more.\nU.S. users: 5 million."
    doc = ex.nlp(text)
    assert [t.text for t in doc][:4] == ["Orca", "served", "2", "trillion"]
    assert "(up" in [t.text for t in doc]
    starts = [t.idx for t in doc if t.is_sent_start]
    assert starts == [s.start for s in doc._.claim_sents]
    vals = [(c["metric"], c["value"]) for c in ex.extract(text)]
    assert ("token_volume", 2e12) in vals and ("growth", 40) in vals
