"""extract.document.parse_html: main text one block per line, metadata, charsets, errors."""

import re
from pathlib import Path

import lxml.html
import pytest

from extract.document import load_file, parse_html
from extract.errors import DocumentError

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = FIXTURES / "article.html"


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def article():
    return load_file(ARTICLE)


@pytest.fixture(scope="module")
def source():
    return lxml.html.parse(str(ARTICLE)).getroot()


# --------------------------------------------------------------------------- the article fixture

def test_article_metadata(article):
    assert article.kind == "html"
    assert article.title == "Token Prices Fell 80% in a Year. Usage Grew Faster."
    assert article.author == "Maria Okafor"
    assert article.published_at == "2026-05-03T08:30:00+00:00"
    # <link rel=canonical> with its utm parameters and trailing slash normalised away
    assert article.canonical_url == "https://www.circuitledger.example/2026/05/token-prices-usage"
    assert article.site_name == "Circuit Ledger"
    assert article.language == "en"
    assert article.pages is None


def test_every_paragraph_is_one_intact_line(article, source):
    lines = article.text.split("\n")
    paragraphs = source.xpath("//div[contains(@class,'post-body')]//p[not(ancestor::aside)]")
    assert len(paragraphs) > 20
    for p in paragraphs:
        assert squash(p.text_content()) in lines


def test_headings_list_items_and_faq_questions_are_lines(article, source):
    lines = article.text.split("\n")
    body = source.xpath("//div[contains(@class,'post-body')]")[0]
    expected = [squash(el.text_content()) for el in body.iter("h2", "h3", "li")
                if not el.xpath("ancestor::aside")]
    assert "How much have token prices fallen?" in expected
    for text in expected:
        assert text in lines
    # the headline is the first line, once
    assert lines[0] == squash(source.xpath("//h1")[0].text_content())
    assert lines.count(lines[0]) == 1


def test_tables_are_pipe_rows_header_first(article, source):
    lines = article.text.split("\n")
    for table in source.iter("table"):
        rows = ["| " + " | ".join(squash(c.text_content()) for c in tr.xpath("th|td")) + " |"
                for tr in table.iter("tr")]
        start = lines.index(rows[0])
        assert lines[start:start + len(rows)] == rows
    header = lines.index("| Model | Input ($/1M tokens) | Output ($/1M tokens) |")
    assert lines[header + 1] == "| GPT-4o | $2.50 | $10.00 |"
    assert lines[header - 1] == "Published API prices, May 2026"  # the caption, as a plain line


def test_boilerplate_is_gone(article, source):
    furniture = source.xpath(
        "//*[@id='cookie-consent' or contains(@class,'site-header') or contains(@class,'share')"
        " or contains(@class,'related') or contains(@class,'newsletter') or @id='comments'"
        " or contains(@class,'site-footer') or contains(@class,'tags') or contains(@class,'breadcrumbs')]")
    assert len(furniture) >= 9
    for el in furniture:
        for piece in el.xpath(".//text()"):
            piece = squash(piece)
            if len(piece) > 12:
                assert piece not in article.text, piece


def test_text_is_clean(article):
    lines = article.text.split("\n")
    assert all(line == line.strip() and line for line in lines)  # no blank-line noise
    assert "**" not in article.text and "|---" not in article.text
    assert not any(line.startswith(("#", "- ", "* ")) for line in lines)
    assert "  " not in article.text


# --------------------------------------------------------------------------- other page shapes

def page(body, head=""):
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


PARAGRAPH = ("Accelerator makers say their order books are full until the end of 2027, with lead "
             "times of about 40 weeks for the largest systems.")


def test_headline_outside_the_article_is_added_first():
    html = page(f"<header class='hero'><h1>Chips sold out through 2027</h1></header>"
                f"<main><div class='content'><p>{PARAGRAPH}</p><p>{PARAGRAPH.upper()}</p></div></main>",
                head="<title>Chips sold out through 2027 | Fab Weekly</title>")
    assert parse_html(html).text.split("\n") == ["Chips sold out through 2027", PARAGRAPH, PARAGRAPH.upper()]


def test_logo_h1_and_title_alone_are_not_headlines():
    html = page(f"<header><h1 class='logo'>Fab Weekly</h1></header><article><p>{PARAGRAPH}</p></article>",
                head="<title>Order books | Fab Weekly</title><meta property='og:site_name' content='Fab Weekly'>")
    assert parse_html(html).text == PARAGRAPH


def test_table_only_page_keeps_its_rows():
    html = page("<nav><a href='/'>Home</a> <a href='/models'>Models</a></nav><h1>Weekly token leaderboard</h1>"
                "<table><tr><th>Rank</th><th>Model</th><th>Tokens (weekly)</th></tr>"
                "<tr><td>1</td><td>Hy3 preview</td><td>3.74T</td></tr>"
                "<tr><td>2</td><td>Kimi K2.6</td><td>1.78T</td></tr></table>")
    assert parse_html(html).text.split("\n") == [
        "Weekly token leaderboard",
        "| Rank | Model | Tokens (weekly) |",
        "| 1 | Hy3 preview | 3.74T |",
        "| 2 | Kimi K2.6 | 1.78T |",
    ]


def test_line_breaks_inside_paragraphs():
    html = page("<article><p>Revenue reached $4.5 billion.<br>Margins were 61% in the quarter, and the"
                "<br>company expects growth to continue next year.</p>"
                "<p>Wrapped   source\n   text    with\tspaces stays one line of a sentence.</p></article>")
    assert parse_html(html).text.split("\n") == [
        "Revenue reached $4.5 billion.",
        "Margins were 61% in the quarter, and the company expects growth to continue next year.",
        "Wrapped source text with spaces stays one line of a sentence.",
    ]


def test_nested_lists_details_and_definition_lists():
    html = page("<article><h2>Plans and limits</h2><ul><li>Free tier: 100 requests per day<ul>"
                "<li>Limited to small models</li></ul></li><li>Pro tier: $20 per month</li></ul>"
                "<details><summary>Is there a free trial?</summary><p>Yes, for 14 days.</p></details>"
                "<dl><dt>What is a token?</dt><dd>About four characters of English text.</dd></dl>"
                "<p>Inline <strong>bold</strong>, <em>emphasis</em>, <a href='/x'>a link</a> and "
                "<code>code</code> stay in the sentence.</p></article>")
    assert parse_html(html).text.split("\n") == [
        "Plans and limits", "Free tier: 100 requests per day", "Limited to small models",
        "Pro tier: $20 per month", "Is there a free trial?", "Yes, for 14 days.",
        "What is a token?", "About four characters of English text.",
        "Inline bold, emphasis, a link and code stay in the sentence.",
    ]


def test_structure_recovered_when_trafilatura_keeps_only_loose_paragraphs():
    # the real container's class reads as furniture to trafilatura ("newsletter"), which
    # then recovers the paragraphs alone: headings, list and FAQ must come back
    html = page(
        "<div class='masthead'><a href='/'>Compute Notes</a> &middot; <a href='/archive'>Archive</a></div>"
        "<div class='newsletter-body'><h1>Why inference bills keep growing</h1>"
        "<p>Agents call a model dozens of times for each task, so a task can use 150,000 tokens where a "
        "chat used 2,000.</p><p>That is a 75x difference, and it explains most of the growth in spend we "
        "see across our readers' companies this year.</p>"
        "<h2>The cost of one task</h2><p>At list prices the same task costs very different amounts:</p>"
        "<ul><li>Large frontier model: about $1.90</li><li>Mid-size model: about $0.40</li>"
        "<li>Small open-weight model: about $0.03</li></ul>"
        "<p>Caching the shared part of the prompt cuts the first figure by more than half.</p>"
        "<div class='sponsor'>Sponsored: reach 20,000 engineering leads with one ad</div>"
        "<h2>FAQ</h2><dl><dt>Does caching always help?</dt><dd>Only when prompts share a long prefix.</dd></dl>"
        "<div class='share-row'><a href='#x'>Share</a> &middot; <span>9 replies</span></div></div>")
    assert parse_html(html).text.split("\n") == [
        "Why inference bills keep growing",
        "Agents call a model dozens of times for each task, so a task can use 150,000 tokens where a chat "
        "used 2,000.",
        "That is a 75x difference, and it explains most of the growth in spend we see across our readers' "
        "companies this year.",
        "The cost of one task", "At list prices the same task costs very different amounts:",
        "Large frontier model: about $1.90", "Mid-size model: about $0.40",
        "Small open-weight model: about $0.03",
        "Caching the shared part of the prompt cuts the first figure by more than half.",
        "FAQ", "Does caching always help?", "Only when prompts share a long prefix.",
    ]


def test_view_counts_and_read_times_are_dropped():
    html = page(f"<article><h1>Order books are full for chip makers</h1><p>6 min read</p>"
                f"<p>14,203 views</p><p>27 comments</p><p>{PARAGRAPH}</p></article>")
    assert parse_html(html).text.split("\n") == ["Order books are full for chip makers", PARAGRAPH]


@pytest.mark.parametrize("html", [
    page("<nav><a href='/'>Home</a></nav><script>var x = 1;</script>", head="<title>Home</title>"),
    page("   "),
    "<html></html>",
])
def test_pages_without_text_are_errors(html):
    with pytest.raises(DocumentError, match="no extractable text|no text"):
        parse_html(html)


# --------------------------------------------------------------------------- charsets

WESTERN = ("The caf\u00e9 chain said its assistant now costs \u20ac3.50 a month \u2014 \u201croughly\u201d "
           "20% more than last year \u2013 while na\u00efve rivals stayed at \u00a32.")
CHINESE = ("\u636e\u91cf\u5b50\u4f4d\u7edf\u8ba1\uff0c\u4e2d\u56fd\u6bcf\u5929\u7684\u8bcd\u5143\u8c03\u7528"
           "\u91cf\u8d85\u8fc7140\u4e07\u4ebf\uff0c\u6bd4\u4e24\u5e74\u524d\u589e\u957f\u4e86\u4e00\u5343\u500d\u3002")


@pytest.mark.parametrize("text, codec, meta, header", [
    (WESTERN, "cp1252", "<meta charset='windows-1252'>", None),
    (WESTERN, "cp1252", "<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>", None),
    (WESTERN, "cp1252", "", None),  # undeclared
    (WESTERN, "cp1252", "<meta charset='utf-8'>", "windows-1252"),  # the HTTP header wins
    (CHINESE, "gbk", "<meta charset='gb2312'>", None),
    (CHINESE, "gb18030", "", None),  # undeclared
    (CHINESE, "gbk", "", "GBK"),
    (WESTERN, "utf-8", "", None),
])
def test_charsets(text, codec, meta, header):
    body = page(f"<article><p>{text}</p></article>", head=meta).encode(codec)
    assert parse_html(body, encoding=header).text == text


def test_utf8_bom_and_xml_declaration():
    body = b"\xef\xbb\xbf<?xml version='1.0' encoding='utf-8'?>" + page(f"<p>{WESTERN}</p>").encode()
    assert parse_html(body).text == WESTERN


# --------------------------------------------------------------------------- metadata fallbacks

BODY = f"<article><p>{PARAGRAPH}</p></article>"


def test_opengraph_and_meta_tags():
    doc = parse_html(page(BODY, head=(
        "<meta property='og:title' content='Order books full'>"
        "<meta property='og:site_name' content='Fab Weekly'>"
        "<meta property='og:url' content='http://fabweekly.example/2026/order-books/?utm_source=x'>"
        "<meta property='article:published_time' content='2026-04-30T09:15:00Z'>"
        "<meta name='author' content='Lee Chang'>"
        "<meta http-equiv='content-language' content='en-US'>")), url="https://fabweekly.example/feed-item")
    assert (doc.title, doc.site_name, doc.author) == ("Order books full", "Fab Weekly", "Lee Chang")
    assert doc.canonical_url == "https://fabweekly.example/2026/order-books"
    assert doc.published_at == "2026-04-30T09:15:00+00:00"
    assert doc.language == "en"


def test_jsonld_publisher_byline_and_plain_dates():
    doc = parse_html(page(
        "<p class='byline'>By <a rel='author' href='/a/kim'>Dana Kim</a></p>" + BODY,
        head="<title>Order books are full - Fab Weekly</title>"
             "<meta name='date' content='May 3, 2026'>"
             "<link rel='canonical' href='/2026/05/order-books/'>"
             "<script type='application/ld+json'>{\"@type\": \"WebPage\", "
             "\"publisher\": {\"@type\": \"Organization\", \"name\": \"Fab Weekly Media\"},}</script>"),
        url="https://fabweekly.example/feed/123")
    assert doc.title == "Order books are full"
    assert doc.author == "Dana Kim"
    assert doc.published_at == "2026-05-03"
    assert doc.canonical_url == "https://fabweekly.example/2026/05/order-books"  # relative, resolved
    assert doc.site_name == "Fab Weekly Media"


def test_no_date_is_none_not_the_copyright_year():
    doc = parse_html(page(BODY + "<footer><p>\u00a9 2026 Fab Weekly. All rights reserved.</p></footer>"),
                     url="https://fabweekly.example/story")
    assert doc.published_at is None
    assert doc.canonical_url == "https://fabweekly.example/story"  # the fetch URL
    assert doc.language is None and doc.author is None


def test_malformed_urls_do_not_break_parsing():
    doc = parse_html(page(BODY, head="<link rel='canonical' href='http://[bad/x'>"), url="http://[::1")
    assert doc.text == PARAGRAPH and doc.canonical_url == "http://[::1"


def test_date_in_url_found_by_htmldate():
    doc = parse_html(page(BODY), url="https://fabweekly.example/2026/03/14/order-books")
    assert doc.published_at == "2026-03-14"
