"""extract.document.parse_pdf on PDFs generated here with fpdf2: paragraphs joined,
headings, bullets and table rows kept apart, page offsets, metadata, and errors."""

import random
from datetime import datetime, timezone

import pytest
from fpdf import FPDF

from extract.document import load_file, parse_bytes, parse_pdf
from extract.errors import DocumentError

WRAPPED = ("The routing platforms in our sample processed a combined 12.8 trillion tokens in the first "
           "week of April 2026, up from about 1.9 trillion a year earlier. That is growth of nearly "
           "570%, or close to seven times the volume, and coding assistants account for roughly 45% "
           "of that traffic.")
SECOND = ("Weekly volume on the largest platform alone passed 8 trillion tokens in March, while the "
          "blended price per million tokens fell by about 80% over the same twelve months.")
TABLE = [("Model", "Input ($/1M tokens)", "Output ($/1M tokens)"),
         ("GPT-4o", "$2.50", "$10.00"),
         ("DeepSeek V3.2", "$0.28", "$0.42")]


class Report(FPDF):
    """A report with a running header and page numbers, as real ones have."""

    def header(self):
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, "Lattice Metrics - Token Economics 2026", new_x="LMARGIN", new_y="NEXT")
        self.ln(6)

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 10, f"Page {self.page_no()}", align="C")


def paragraph(pdf, text, size=11, style=""):
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")


def line(pdf, text, indent=0.0):
    pdf.set_x(pdf.l_margin + indent)
    pdf.cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")


def report_pdf() -> bytes:
    pdf = Report()
    pdf.set_title("Token Economics Report 2026")
    pdf.set_author("Lattice Metrics")
    pdf.set_creation_date(datetime(2026, 5, 3, 8, 30, tzinfo=timezone.utc))
    pdf.set_lang("en-GB")
    pdf.add_page()
    paragraph(pdf, "Token Economics Report 2026", size=18, style="B")
    pdf.ln(3)
    paragraph(pdf, WRAPPED)
    pdf.ln(3)
    paragraph(pdf, SECOND)
    pdf.ln(3)
    paragraph(pdf, "Prices", size=14, style="B")
    pdf.set_font("Helvetica", "", 11)
    line(pdf, "- Output tokens cost three to five times more than input tokens.")
    line(pdf, "- Cache reads are billed at 10% of the normal input rate.")
    pdf.ln(4)
    with pdf.table() as table:
        for cells in TABLE:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(4)
    paragraph(pdf, "After the table, a closing note says prices are quoted in US dollars.")
    pdf.add_page()
    paragraph(pdf, "Outlook", size=14, style="B")
    paragraph(pdf, SECOND.replace("Weekly", "Next year, weekly"))
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def report():
    return parse_pdf(report_pdf())


def test_report_lines(report):
    assert report.kind == "pdf"
    assert report.text.split("\n") == [
        "Token Economics Report 2026",
        WRAPPED,
        SECOND,
        "Prices",
        "- Output tokens cost three to five times more than input tokens.",
        "- Cache reads are billed at 10% of the normal input rate.",
        *("| " + " | ".join(cells) + " |" for cells in TABLE),
        "After the table, a closing note says prices are quoted in US dollars.",
        "Outlook",
        SECOND.replace("Weekly", "Next year, weekly"),
    ]


def test_report_pages(report):
    assert len(report.pages) == 2 and report.pages[0] == 0
    assert report.text[report.pages[1]:].startswith("Outlook\n")
    assert report.page_of(report.text.index("12.8 trillion")) == 1
    assert report.page_of(report.text.index("Next year")) == 2
    assert report.page_of(len(report.text) - 1) == 2


def test_report_metadata(report):
    assert report.title == "Token Economics Report 2026"
    assert report.author == "Lattice Metrics"
    assert report.published_at == "2026-05-03T08:30:00+00:00"
    assert report.language == "en"
    assert report.site_name is None


def test_running_header_and_page_numbers_dropped(report):
    assert "Lattice Metrics - Token Economics" not in report.text
    assert "Page 1" not in report.text and "Page 2" not in report.text


def test_numbered_headings_at_page_tops_are_not_running_headers():
    pdf = Report()
    for n in (1, 2, 3):
        pdf.add_page()
        paragraph(pdf, f"Section {n}: usage", size=14, style="B")
        paragraph(pdf, f"Usage on platform {n} rose {n * 10}% in the quarter.")
    lines = parse_pdf(bytes(pdf.output())).text.split("\n")
    assert lines == [text for n in (1, 2, 3)
                     for text in (f"Section {n}: usage", f"Usage on platform {n} rose {n * 10}% in the quarter.")]


def typeset_pdf() -> bytes:
    """Lines broken by hand as a typesetter would: hyphenation, first-line indents, no
    space between paragraphs, a hanging bullet, and a paragraph running over a page."""
    pdf = Report()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    line(pdf, "Spending on inference rose sharply as the price of a million tokens fell by", 8)
    line(pdf, "roughly 80% over the year. The survey attributes the rise to new agent work-")
    line(pdf, "loads that call a model many times per task, and to long inputs from GPT-")
    line(pdf, "4o users. Open-weight models gained share; their volume rose 40% in the year.")
    line(pdf, "A second paragraph starts without extra space above it, only an indent. Open-", 8)
    line(pdf, "weight models also took 12 of the top 20 slots, and most were fine-tuned.")
    line(pdf, "- Routing simple requests to small models keeps the monthly bill down by more")
    line(pdf, "half for most customers in the sample.", 2.5)
    line(pdf, "A short paragraph of its own.", 8)
    pdf.set_y(-40)
    line(pdf, "The outlook section has one long sentence that wraps across the page boundary and", 8)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    line(pdf, "the reader still gets it as one line, with the page offset inside that line.")
    line(pdf, "Last words on the second page.", 8)
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def typeset():
    return parse_pdf(typeset_pdf())


def test_wrapped_lines_and_careful_dehyphenation(typeset):
    lines = typeset.text.split("\n")
    assert lines[0] == (
        "Spending on inference rose sharply as the price of a million tokens fell by roughly 80% over the "
        "year. The survey attributes the rise to new agent workloads that call a model many times per task, "
        "and to long inputs from GPT-4o users. Open-weight models gained share; their volume rose 40% in "
        "the year.")
    # "Open-" / "weight": the compound is attested elsewhere, so the hyphen stays
    assert lines[1] == ("A second paragraph starts without extra space above it, only an indent. Open-weight "
                        "models also took 12 of the top 20 slots, and most were fine-tuned.")
    assert lines[2] == ("- Routing simple requests to small models keeps the monthly bill down by more "
                        "half for most customers in the sample.")
    assert lines[3] == "A short paragraph of its own."


def test_paragraph_across_a_page_break(typeset):
    lines = typeset.text.split("\n")
    assert lines[-2] == ("The outlook section has one long sentence that wraps across the page boundary and "
                         "the reader still gets it as one line, with the page offset inside that line.")
    assert lines[-1] == "Last words on the second page."
    assert typeset.text[typeset.pages[1]:].startswith("the reader still gets it")
    assert "Page 1" not in typeset.text


def two_column_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    left = "Left column: " + " ".join(f"In region {i} usage rose {i + 10}% this year." for i in range(8))
    right = "Right column: " + " ".join(f"Provider {i} cut prices by {i + 20}% in May." for i in range(8))
    for x, text in ((10, left), (110, right)):
        pdf.set_xy(x, 20)
        pdf.multi_cell(85, 5, text, new_x="LEFT", new_y="NEXT")
    return bytes(pdf.output()), left, right


def test_two_columns_are_read_one_after_the_other():
    body, left, right = two_column_pdf()
    assert parse_pdf(body).text.split("\n") == [left, right]


def test_table_without_ruling_lines():
    pdf = FPDF()
    pdf.add_page()
    paragraph(pdf, "Prices per million tokens for the models in the survey, in US dollars.")
    pdf.ln(3)
    paragraph(pdf, "Published prices, May 2026")
    rows = [*TABLE, ("Gemini 2.5 Flash with a long name that wraps", "$0.30", "$2.50")]
    with pdf.table(borders_layout="NONE", col_widths=(50, 30, 30)) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(3)
    paragraph(pdf, "Output tokens cost more than input tokens at every provider.")
    assert parse_pdf(bytes(pdf.output())).text.split("\n") == [
        "Prices per million tokens for the models in the survey, in US dollars.",
        "Published prices, May 2026",
        *("| " + " | ".join(cells) + " |" for cells in rows),
        "Output tokens cost more than input tokens at every provider.",
    ]


def test_three_columns_of_prose_are_not_a_table():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 9)
    columns = [" ".join(f"In market {c}{i} the usage of models rose by {i + 5}% over the year." for i in range(5))
               for c in "ABC"]
    for k, text in enumerate(columns):
        pdf.set_xy(10 + 64 * k, 20)
        pdf.multi_cell(58, 4.5, text, new_x="LEFT", new_y="NEXT")
    assert parse_pdf(bytes(pdf.output())).text.split("\n") == columns


# --------------------------------------------------------------------------- errors

def vector_only_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_line_width(1)
    pdf.line(20, 20, 180, 200)
    pdf.rect(30, 30, 100, 50)
    pdf.ellipse(50, 120, 60, 40, style="F")
    return bytes(pdf.output())


def encrypted_pdf(user_password) -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Locked figure: revenue rose 42% to $3 billion.")
    return bytes(pdf.output())


def test_no_text_layer_is_a_clear_error():
    with pytest.raises(DocumentError, match="PDF has no text layer"):
        parse_pdf(vector_only_pdf())


def test_encrypted_pdf_needing_a_password():
    with pytest.raises(DocumentError, match=r"^encrypted PDF \(password required\)$"):
        parse_pdf(encrypted_pdf("reader-secret"))


def test_pdf_restricted_only_by_an_owner_password_is_read():
    assert parse_pdf(encrypted_pdf(None)).text == "Locked figure: revenue rose 42% to $3 billion."


def hand_made_pdf(content: bytes, font: bytes) -> bytes:
    """A one-page PDF written object by object (for what fpdf2 will not produce)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        font,
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unmapped /DW 500"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_text_in_glyphs_without_unicode_mapping():
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /Unmapped /Encoding /Identity-H"
            b" /DescendantFonts [6 0 R] >>")
    body = hand_made_pdf(b"BT /F1 12 Tf 72 720 Td <00110022003300440055> Tj ET", font)
    with pytest.raises(DocumentError, match="PDF text is unreadable"):
        parse_pdf(body)


@pytest.mark.parametrize("cut", [lambda b: b"%PDF-1.7\n%%garbage\n", lambda b: b[: len(b) // 2]])
def test_broken_pdf(cut):
    with pytest.raises(DocumentError, match="^broken PDF"):
        parse_bytes(cut(report_pdf()))


def test_damaged_pdfs_give_a_document_or_a_document_error():
    rng = random.Random(11)
    good = report_pdf()
    outcomes = set()
    for _ in range(40):
        damaged = bytearray(good)
        for _ in range(rng.randrange(1, 12)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            parse_pdf(bytes(damaged))
            outcomes.add("read")
        except DocumentError as err:
            assert "\n" not in str(err)
            outcomes.add("error")
    assert outcomes == {"read", "error"}


def test_pdf_found_by_content(tmp_path):
    path = tmp_path / "report.html"  # a misleading name
    path.write_bytes(report_pdf())
    doc = load_file(path)
    assert doc.kind == "pdf" and doc.text.startswith("Token Economics Report 2026\n")
