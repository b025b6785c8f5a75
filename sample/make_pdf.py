"""Generate the sample site's PDF report, sample/site/reports/token-economy-mid-2026.pdf.

Part of the bundled offline sample (see sample/README.md). The PDF is committed, so
nothing needs fpdf2 at run time; run this (with fpdf2 installed, a test/dev
dependency) only after changing the text below:

    python sample/make_pdf.py

The text is invented for the sample; its figures agree with the sample articles and
leaderboard files, and sample/expected_claims.jsonl lists its claims. Only Latin-1
characters are used, so the core Helvetica font suffices and the text layer extracts
cleanly.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

OUT = Path(__file__).resolve().parent / "site" / "reports" / "token-economy-mid-2026.pdf"
TITLE = "The Token Economy at Mid-Year 2026"
SUBTITLE = "Volumes, prices and margins in the market for AI inference"
AUTHORS = "Hannah Brooks and Ivo Petrov"
PUBLISHER = "Lattice Research"
CREATED = datetime(2026, 7, 31, 9, 0, 0, tzinfo=timezone.utc)

SUMMARY = [
    "The world's largest AI platforms now process tokens on a scale that was hard to "
    "imagine two years ago. Google handled about 980 trillion tokens a month in mid-2025; "
    "by May 2026 its volume had reached 1.24 quadrillion tokens a month.",
    "ByteDance's Doubao reported 72 trillion tokens per day in May 2026, more than four "
    "times its volume a year earlier.",
    "On the open API market, OpenRouter processed a record 11.8 trillion tokens on June 22, "
    "and Chinese models accounted for 46% of that day's volume.",
    "Prices keep falling. The cheapest widely used models now cost less than $0.50 per "
    "million output tokens, and the median list price of the twenty most used models fell "
    "41% in the twelve months to June.",
]

SECTIONS = [
    ("1. Volumes", [
        "We track token volumes reported by platforms and model vendors. Our estimate of "
        "global daily inference across all public APIs and consumer apps is 210 trillion "
        "tokens per day as of June 2026, up from about 60 trillion a year earlier.",
        "That is growth of roughly 3.5x in a year. China accounts for about 58% of the "
        "total, largely because of consumer video and chat apps.",
        "The table below lists the largest volumes disclosed by the platforms themselves.",
    ], ("Reported token volumes, mid-2026",
        ("Platform", "Tokens per day (trillions)", "Date"),
        [("Google (all surfaces)", "41.3", "May 2026"),
         ("ByteDance Doubao", "72.0", "May 2026"),
         ("OpenAI API", "11.5", "June 2026"),
         ("OpenRouter", "11.8", "June 22, 2026")])),
    ("2. Prices", [
        "List prices for frontier models have held up better than those for small models. "
        "Claude Opus 5 launched in July at $15 per million input tokens and $75 per million "
        "output tokens, the same as its predecessor.",
        "Gemini 3.6 Flash costs $0.30 per million input tokens and $2.50 per million output "
        "tokens, while Kimi K3 charges $0.60 and $2.50. On output tokens, Claude Opus 5 "
        "costs 30 times as much as Gemini 3.6 Flash.",
        "Chinese providers quote prices in yuan: Doubao Seed 2.5 Pro costs 0.8 yuan per "
        "million input tokens, and Kimi K3 costs 4.3 yuan per million input tokens on "
        "Moonshot's own platform.",
    ], None),
    ("3. Revenue and margins", [
        "We estimate that model API revenue reached $46 billion in 2025 and will grow to "
        "about $58 billion in 2026.",
        "Anthropic's annualized revenue passed $25 billion in June, and OpenAI's reached "
        "about $38 billion.",
        "Funding remains abundant: AI model developers raised $112 billion in the first half "
        "of 2026, and Chinese labs raised 41 billion yuan.",
        "Gross margins on inference range from 20% to 60%, depending on hardware and pricing.",
    ], None),
    ("4. Outlook", [
        "We expect daily token volumes to double again by mid-2027, while average prices per "
        "token fall by about 40%.",
        "The biggest uncertainty is power: announced data-centre projects for AI add up to "
        "more than 45 gigawatts worldwide.",
        "This report is for information only and is not investment advice.",
    ], None),
]


class Report(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 10, f"{PUBLISHER} - {TITLE} - page {self.page_no()} of {{nb}}",
                  align="C")


def paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def heading(pdf: FPDF, text: str, size: int = 16) -> None:
    pdf.set_font("Helvetica", "B", size)
    pdf.multi_cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def build() -> bytes:
    pdf = Report(format="A4")
    pdf.set_title(TITLE)
    pdf.set_author(f"{AUTHORS}, {PUBLISHER}")
    pdf.set_subject(SUBTITLE)
    pdf.set_keywords("tokens, inference, prices, OpenRouter, sample")
    pdf.set_creator("claimwatch sample/make_pdf.py")
    pdf.set_creation_date(CREATED)
    pdf.set_lang("en")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)

    pdf.add_page()
    pdf.set_font("Helvetica", "B", 24)
    pdf.multi_cell(0, 12, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    pdf.multi_cell(0, 8, SUBTITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, f"{PUBLISHER} | July 2026 | {AUTHORS}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    heading(pdf, "Summary")
    for text in SUMMARY:
        paragraph(pdf, text)

    for title, paragraphs, table in SECTIONS:
        pdf.add_page()
        heading(pdf, title)
        for text in paragraphs:
            paragraph(pdf, text)
        if table:
            caption, header, rows = table
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(0, 6, caption, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            pdf.set_font("Helvetica", "", 10)
            with pdf.table(col_widths=(60, 50, 40), text_align=("LEFT", "RIGHT", "LEFT"),
                           first_row_as_headings=True) as t:
                for row in (header, *rows):
                    r = t.row()
                    for cell in row:
                        r.cell(cell)
    return bytes(pdf.output())


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"wrote {OUT}")
