"""The claim page, the snapshot pages, and escaping of scraped markup."""

from __future__ import annotations

from kbfixture import XSS_IMG, XSS_SCRIPT, XSS_TITLE, assert_escaped

from kb.datasette.plugin import highlight

QB = "https://quantumbit.example/doubao-30-trillion"
EVIL = "https://evil.example/xss"


def test_highlight_uses_offsets_then_falls_back_to_finding_the_quote():
    s = "It costs $1 now, and $1 later."
    # offsets point at the second "$1"
    assert highlight(s, "$1", 121, 123, 100) == ("It costs $1 now, and ", "$1", " later.")
    # offsets that do not point at the quote: the first occurrence is used
    assert highlight(s, "$1", 5, 7, 0) == ("It costs ", "$1", " now, and $1 later.")
    assert highlight(s, "$1", None, None, None) == ("It costs ", "$1", " now, and $1 later.")
    assert highlight(s, "€5", None, None, None) == (s, "", "")


def test_claim_page_shows_sentence_quote_document_and_links(client, kb_file):
    _, ids = kb_file
    claim_id = ids["claims"][(QB, "30 trillion tokens per day")]
    r = client.get(f"/-/claim/{claim_id}")
    assert r.status_code == 200
    page = r.text
    assert ("<blockquote class=\"cw-claim-sentence\">ByteDance&#39;s Doubao platform processed "
            '<mark class="cw-quote">30 trillion tokens per day</mark> in May 2026.</blockquote>') in page
    assert "Doubao passes 30 trillion tokens a day" in page  # title
    assert "2026-05-20" in page and "QuantumBit" in page  # date, site
    assert f'class="cw-source-url" href="{QB}"' in page
    snapshot = ids["snapshots"][QB]
    assert f'class="cw-snapshot" href="/-/snapshot/{snapshot}"' in page
    assert f'href="/any-name/documents/{ids["documents"][QB]}"' in page


def test_missing_claim_is_a_404(client):
    assert client.get("/-/claim/999999").status_code == 404
    assert client.get("/-/snapshot/999999").status_code == 404


def test_snapshot_served_as_text_never_as_markup(client, kb_file):
    _, ids = kb_file
    snap = ids["snapshots"][EVIL]
    raw = client.get(f"/-/snapshot/{snap}/raw")
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "text/plain; charset=utf-8"
    assert raw.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in raw.headers["content-security-policy"]
    assert "<img src=x onerror=alert(2)>" in raw.text  # the stored bytes, verbatim, as text
    page = client.get(f"/-/snapshot/{snap}")
    assert page.status_code == 200
    assert_escaped(page.text, XSS_SCRIPT, "<img src=x onerror=alert(2)>")
    assert f'href="{EVIL}"' in page.text


def test_claim_page_escapes_scraped_markup(client, kb_file):
    _, ids = kb_file
    claim_id = ids["claims"][(EVIL, "12% growth")]
    r = client.get(f"/-/claim/{claim_id}")
    assert r.status_code == 200
    assert_escaped(r.text, XSS_IMG, XSS_SCRIPT, XSS_TITLE, "Evil <b>site</b>")
    assert "onerror=alert" not in r.text and "<script>alert" not in r.text
    assert '<mark class="cw-quote">12% growth</mark>' in r.text


def test_every_page_forbids_other_origins(client):
    r = client.get("/any-name/claims")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "http" not in csp
