"""extract.document: URL normalisation, sniffing and dispatch, plain text, and input errors."""

import random

import pytest

from extract.document import (
    Document,
    canonical_url,
    load_file,
    parse_bytes,
    parse_html,
    parse_text,
    sniff,
)
from extract.errors import DocumentError

PAGE = (b"<!DOCTYPE html><html lang='en'><head><title>Quarterly tokens</title></head><body>"
        b"<article><h1>Quarterly tokens</h1><p>The platform served 4.2 trillion tokens in the "
        b"quarter, up 60% from the quarter before, according to its operator.</p></article>"
        b"</body></html>")


# --------------------------------------------------------------------------- canonical_url

@pytest.mark.parametrize("url, expected", [
    # scheme and host: http and https are one article, host case and default ports ignored
    ("HTTP://Example.COM:80/News/Story", "https://example.com/News/Story"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("//example.com/a", "https://example.com/a"),
    ("https://example.com.", "https://example.com/"),
    # fragments and trailing slashes
    ("https://example.com/a/b/#comments", "https://example.com/a/b"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/", "https://example.com/"),
    # tracking parameters go, the rest are sorted
    ("https://example.com/p?utm_source=x&utm_medium=y&utm_campaign=z", "https://example.com/p"),
    ("https://example.com/p?id=7&fbclid=abc&gclid=d&mc_cid=1&mc_eid=2&ref=tw&ocid=msn",
     "https://example.com/p?id=7"),
    ("https://example.com/p?b=2&a=1&c=3", "https://example.com/p?a=1&b=2&c=3"),
    ("https://example.com/p?q=a%20b", "https://example.com/p?q=a%20b"),
    # AMP variants
    ("https://www.example.com/2026/05/story/amp/", "https://www.example.com/2026/05/story"),
    ("https://www.example.com/2026/05/story/amp", "https://www.example.com/2026/05/story"),
    ("https://example.com/news/story.amp.html", "https://example.com/news/story.html"),
    ("https://example.com/story?amp=1", "https://example.com/story"),
    ("https://example.com/story?amp", "https://example.com/story"),
    ("https://amp.example.com/story", "https://example.com/story"),
    ("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/story/amp/",
     "https://www.example.com/story"),
    ("https://example.com/amplify/", "https://example.com/amplify"),  # not an AMP segment
    # escapes: upper-cased, unreserved ones decoded
    ("https://example.com/%7euser/a%2fb", "https://example.com/~user/a%2Fb"),
    # not http(s): unchanged
    ("mailto:desk@example.com", "mailto:desk@example.com"),
])
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected
    assert canonical_url(expected) == expected  # normalising twice changes nothing


def test_canonical_url_variants_of_one_article_agree():
    variants = [
        "http://www.example.com/2026/05/token-prices/",
        "https://www.example.com/2026/05/token-prices?utm_source=rss#top",
        "https://WWW.EXAMPLE.COM/2026/05/token-prices/amp/",
        "https://www.example.com/2026/05/token-prices?amp=1&fbclid=xyz",
    ]
    assert len({canonical_url(v) for v in variants}) == 1


# --------------------------------------------------------------------------- sniffing

def test_sniff_by_content_not_label():
    assert sniff(b"%PDF-1.7\n...", "text/html") == "pdf"
    assert sniff(PAGE) == "html"
    assert sniff(b"<html><body><p>x</p></body></html>", "text/plain") == "html"
    assert sniff(b"Plain words, 40% of them.\n") == "text"
    assert sniff(b"<p>fragment</p>", "text/html") == "html"
    assert sniff(b"\x89PNG\r\n\x1a\n" + bytes(100)) == "binary"
    assert sniff(b"abc\x00\x01\x02def" * 10) == "binary"
    # a text that mentions the PDF header, or starts like a binary signature, stays text
    assert sniff(b"The %PDF-1.7 header marks a PDF file.\n") == "text"
    assert sniff(b"MZ Holdings said revenue rose 5%.\n") == "text"
    assert sniff(b"\n  %PDF-1.4\n1 0 obj\n%%EOF\n") == "pdf"


def test_parse_html_refuses_binary():
    with pytest.raises(DocumentError, match="binary data"):
        parse_html(b"\x89PNG\r\n\x1a\n" + bytes(300))


def test_parse_bytes_dispatches_on_content():
    assert parse_bytes(PAGE).kind == "html"
    assert parse_bytes(PAGE, content_type="text/plain").kind == "html"
    assert parse_bytes(b"Tokens per day: 140 trillion.\n", content_type="text/html").kind == "text"
    doc = parse_bytes(PAGE, content_type="text/html; charset=utf-8", url="http://Example.com/q/?utm_x=1")
    assert doc.canonical_url == "https://example.com/q"
    assert doc.text.splitlines() == [
        "Quarterly tokens",
        "The platform served 4.2 trillion tokens in the quarter, up 60% from the quarter before, "
        "according to its operator.",
    ]


# --------------------------------------------------------------------------- plain text

def test_text_passes_through_with_newlines_normalised(tmp_path):
    original = "  Leading space stays.\r\nA price of $0.42 per million.\rLast line\r\n\r\n"
    path = tmp_path / "note.txt"
    path.write_bytes(original.encode("utf-8"))
    doc = load_file(path)
    assert doc.kind == "text"
    assert doc.text == original.replace("\r\n", "\n").replace("\r", "\n")
    assert doc.title is None and doc.pages is None and doc.page_of(3) is None


def test_text_bom_dropped_and_declared_charset_honoured():
    assert parse_text("\ufeffHello 5%".encode("utf-8")).text == "Hello 5%"
    assert parse_bytes("Caf\u00e9 costs \u20ac4".encode("cp1252"),
                       content_type="text/plain; charset=windows-1252").text == "Caf\u00e9 costs \u20ac4"


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(DocumentError, match=r"not UTF-8 text \(byte 0xe9 at offset 3\)"):
        parse_bytes("Caf\u00e9 prices".encode("cp1252"), content_type="text/plain")


# --------------------------------------------------------------------------- files and errors

def test_load_file_sniffs_content_not_extension(tmp_path):
    disguised = tmp_path / "page.txt"
    disguised.write_bytes(PAGE)
    assert load_file(disguised).kind == "html"
    fragment = tmp_path / "fragment.html"
    fragment.write_text("<div><p>Revenue grew 35% to $2 billion in the year, the company said in "
                        "its annual report.</p></div>", encoding="utf-8")
    doc = load_file(fragment)
    assert doc.kind == "html" and doc.text.startswith("Revenue grew 35%")


@pytest.mark.parametrize("content, message", [
    (b"", "empty input"),
    (b"  \n\t\n", "no text"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary data"),
    (random.Random(7).randbytes(4096), "binary data"),
])
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "input.bin"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        load_file(path)


def test_size_limit_is_a_parameter(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Forty percent.\n" * 200)  # 3,000 bytes
    assert load_file(path).kind == "text"
    with pytest.raises(DocumentError, match="too large"):
        load_file(path, max_bytes=1_000)
    with pytest.raises(DocumentError, match="too large"):
        parse_bytes(path.read_bytes(), max_bytes=1_000)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        load_file(tmp_path / "absent.html")
    with pytest.raises(DocumentError, match="is a directory"):
        load_file(tmp_path)


def test_error_messages_are_one_line(tmp_path):
    for content in (b"", bytes(range(256)), "na\u00efve".encode("latin-1")):
        path = tmp_path / "x.txt"
        path.write_bytes(content)
        with pytest.raises(DocumentError) as info:
            load_file(path)
        assert "\n" not in str(info.value) and str(info.value)


# --------------------------------------------------------------------------- Document

def test_page_of():
    doc = Document(text="a" * 30, kind="pdf", pages=[0, 10, 25])
    assert [doc.page_of(i) for i in (0, 9, 10, 24, 25, 29)] == [1, 1, 2, 2, 3, 3]
    assert doc.page_of(-1) is None
    assert Document(text="abc").page_of(1) is None
