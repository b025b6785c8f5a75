"""Speed of extract.document (not a test): HTML articles/s and PDF pages/s on one core.

HTML: the article fixture (a ~1,400-word news page with navigation, cookie banner,
tables, comments) through `parse_html`, the whole path from bytes to Document, and
trafilatura alone on the same page for comparison. PDF: a generated 20-page report
through `parse_pdf`. Target: the HTML-to-claims path runs at 50 articles/s in total,
so `parse_html` should stay well above that (a few ms per article).

usage: python bench/bench_document.py [--seconds S]
"""

import argparse
import time
from pathlib import Path

from extract.document import parse_html, parse_pdf

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "tests" / "extract" / "fixtures" / "article.html"


def rate(func, seconds: float) -> float:
    """Calls per CPU second of func() (CPU time, so other work on the machine does not
    count), after one warm-up call."""
    func()
    calls, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        func()
        calls += 1
    return calls / (time.process_time() - start)


def report_pdf(pages: int = 20) -> bytes:
    from fpdf import FPDF

    sentence = ("On the largest platform weekly volume passed {n} trillion tokens, up {p}% from the "
                "month before, while the blended price per million tokens fell to ${c}. ")
    pdf = FPDF()
    for page in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 8, f"Section {page + 1}: usage and prices", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for k in range(6):
            text = "".join(sentence.format(n=page + k, p=10 + k, c=k / 4) for _ in range(3))
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    return bytes(pdf.output())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()

    body = ARTICLE.read_bytes()
    doc = parse_html(body, url="https://www.circuitledger.example/2026/05/token-prices-usage/")
    words = len(doc.text.split())
    html_rate = rate(lambda: parse_html(body, url="https://www.circuitledger.example/a"), args.seconds)
    import trafilatura

    page = body.decode("utf-8")
    traf_rate = rate(lambda: trafilatura.bare_extraction(page, fast=True, include_comments=False),
                     args.seconds)
    print(f"parse_html: {html_rate:.0f} articles/s ({1000 / html_rate:.1f} ms each, "
          f"{words} words of main text, {html_rate * words / 1000:.0f}k words/s)")
    print(f"trafilatura.bare_extraction alone (fast mode): {traf_rate:.0f} articles/s")

    pdf = report_pdf()
    pages = len(parse_pdf(pdf).pages)
    pdf_rate = rate(lambda: parse_pdf(pdf), args.seconds)
    print(f"parse_pdf: {pdf_rate * pages:.0f} pages/s ({pages}-page report, "
          f"{1000 / pdf_rate:.0f} ms each)")


if __name__ == "__main__":
    main()
