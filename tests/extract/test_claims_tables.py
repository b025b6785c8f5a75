"""extract.claims: pipe-table rows take unit, metric, per and token kind from their column
header; the first cell is the row's subject. Tables written for these tests."""
from extract.claims import extract_claims

PRICES = """Provider prices this month
| Model | Input ($/1M tokens) | Output ($/1M tokens) | Context |
|---|---|---|---|
| Orca 2 | $1.10 | $4.40 | 128K |
| Pico Mini | $0.05 | $0.20 | 32K |
"""


def test_price_table_columns():
    out = extract_claims(PRICES)
    rows = [(c["subject"], c["metric"], c["value"], c["unit"], c["per"], c["token_kind"]) for c in out]
    assert rows == [
        ("Orca 2", "price", 1.1, "USD", "1M tokens", "input"),
        ("Orca 2", "price", 4.4, "USD", "1M tokens", "output"),
        ("Orca 2", "other", 128000, "token", None, None),
        ("Pico Mini", "price", 0.05, "USD", "1M tokens", "input"),
        ("Pico Mini", "price", 0.2, "USD", "1M tokens", "output"),
        ("Pico Mini", "other", 32000, "token", None, None),
    ]
    assert all(c["sentence"].startswith("| ") for c in out)


def test_table_without_separator_row_and_per_thousand_header():
    text = "| Model | Price per 1K input tokens (USD) |\n| Vela | 0.002 |\n"
    out = extract_claims(text)
    assert [(c["subject"], c["metric"], c["value"], c["per"], c["token_kind"]) for c in out] == [
        ("Vela", "price", 2.0, "1M tokens", "input")]


def test_volume_table_with_scale_in_header_and_date_column():
    text = ("| Platform | Weekly tokens (trillions) | Share | Week |\n"
            "|---|---|---|---|\n"
            "| Routerly | 4.5 | 31% | 2026-W10 |\n")
    out = extract_claims(text)
    assert [(c["subject"], c["metric"], c["value"], c["unit"], c["per"], c["as_of"]) for c in out] == [
        ("Routerly", "token_volume", 4.5e12, "tokens", "week", "2026-W10"),
        ("Routerly", "share", 31, "%", None, "2026-W10"),
    ]


def test_versus_column_gives_a_ratio_subject():
    text = "| Company | Revenue ($B) | vs Orbit |\n| Zephyr | $12.5 | 5x |\n"
    out = extract_claims(text)
    assert [(c["metric"], c["value"], c["unit"], c["subject"]) for c in out] == [
        ("money", 12.5e9, "USD", "Zephyr"), ("ratio", 5, "x", "Zephyr vs Orbit")]


def test_text_after_a_table_is_read_as_prose_again():
    out = extract_claims(PRICES + "Orca 2 grew 40% month-over-month.\n")
    last = out[-1]
    assert (last["metric"], last["value"], last["per"], last["subject"]) == ("growth", 40, "month", "Orca 2")


def test_table_without_pipes_reads_rows_by_the_header_measure():
    text = ("Platform Weekly Tokens (billions) vs Routerly Date\n"
            "Orbit 840 4.2x June 2026\n"
            "Zephyr 200 1x June 2026\n"
            "Orbit leads the field.")
    out = extract_claims(text)
    assert [(c["subject"], c["metric"], c["value"], c["per"], c["as_of"]) for c in out] == [
        ("Orbit", "token_volume", 8.4e11, "week", "June 2026"),
        ("Orbit vs Routerly", "ratio", 4.2, None, "June 2026"),
        ("Zephyr", "token_volume", 2e11, "week", "June 2026"),
        ("Zephyr vs Routerly", "ratio", 1, None, "June 2026"),
    ]


def test_a_single_bare_line_is_not_a_table():
    text = "Platform Weekly Tokens (billions)\nOrbit 840\nOrbit leads the field."
    assert extract_claims(text) == []


def test_multi_column_table_without_pipes_maps_cells_right_to_left():
    text = ("Model Maker Input ($/1M tokens) Output ($/1M tokens) Context window\n"
            "Orca 2 Orca Labs 1.10 4.40 128K\n"
            "Pico Mini Pico AI 0.05 — 32K\n"
            "Prices exclude tax.")
    out = extract_claims(text)
    assert [(c["subject"], c["metric"], c["value"], c["unit"], c["token_kind"]) for c in out] == [
        ("Orca 2 Orca Labs", "price", 1.1, "USD", "input"),
        ("Orca 2 Orca Labs", "price", 4.4, "USD", "output"),
        ("Orca 2 Orca Labs", "other", 128000, "token", None),
        ("Pico Mini Pico AI", "price", 0.05, "USD", "input"),
        ("Pico Mini Pico AI", "other", 32000, "token", None),
    ]


def test_ranked_rows_signed_changes_and_column_periods():
    text = ("Rank Model Weekly tokens (trillions) Change vs prior week\n"
            "1 Orca 2 2.9 +6%\n"
            "2 Pico Mini 1.1 -4%\n")
    out = extract_claims(text)
    assert [(c["subject"], c["metric"], c["value"], c["per"]) for c in out] == [
        ("Orca 2", "token_volume", 2.9e12, "week"), ("Orca 2", "growth", 6, "week"),
        ("Pico Mini", "token_volume", 1.1e12, "week"), ("Pico Mini", "growth", -4, "week"),
    ]


def test_scores_speeds_and_split_parameter_cells():
    text = ("Model Arena score Parameters (total / active) Output speed (tokens/s)\n"
            "Orca 2 1412 1.2T / 40B 88\n"
            "Pico Mini 1301 undisclosed 140\n")
    out = extract_claims(text)
    assert [(c["value"], c["unit"]) for c in out if c["subject"] == "Orca 2"] == [
        (1412, "point"), (1.2e12, "parameter"), (4e10, "parameter"), (88, "token/s")]
    assert [(c["value"], c["unit"]) for c in out if c["subject"] == "Pico Mini"] == [(1301, "point"), (140, "token/s")]


def test_column_header_with_a_quarter_gives_the_time():
    text = "| Provider | Share Q1 2026 (%) |\n| Orca Labs | 38.5 |\n"
    out = extract_claims(text)
    assert [(c["metric"], c["value"], c["as_of"]) for c in out] == [("share", 38.5, "Q1 2026")]


# --- loose (pipe-less) headers: a bracketed column after a measure phrase -----------------
LOOSE_BENCH = """Results
Model Elo score GPQA (%) Throughput (tokens/s) Latency (s)
Orca Max 1310 71.5 140 0.52
Pico Mini 1275 64.0 210 0.31
"""


def test_loose_header_splits_a_measure_from_the_bracketed_column_after_it():
    """'Elo score GPQA (%)' is two columns: points, then a benchmark percentage (a score,
    not a share); 'Latency (s)' is seconds."""
    out = extract_claims(LOOSE_BENCH)
    rows = [(c["subject"], c["metric"], c["value"], c["unit"]) for c in out]
    assert rows == [
        ("Orca Max", "other", 1310, "point"), ("Orca Max", "other", 71.5, "%"),
        ("Orca Max", "other", 140, "token/s"), ("Orca Max", "other", 0.52, "second"),
        ("Pico Mini", "other", 1275, "point"), ("Pico Mini", "other", 64.0, "%"),
        ("Pico Mini", "other", 210, "token/s"), ("Pico Mini", "other", 0.31, "second"),
    ]


def test_loose_header_time_after_measure_stays_with_it():
    """Negative: 'Share Q3 2025 (%)' is one column (the time qualifies the share)."""
    from extract.claims.tables import _measure_columns
    assert _measure_columns("Vendor Share Q3 2025 (%) Share Q2 2025 (%)") == [
        "Share Q3 2025 (%)", "Share Q2 2025 (%)"]


def test_percent_column_without_benchmark_name_is_a_share():
    """Negative: a plain '(%)' column after a share measure stays a share."""
    text = "| Vendor | Share (%) |\n|---|---|\n| Orca | 41.5 |\n"
    out = extract_claims(text)
    assert [(c["metric"], c["value"], c["unit"]) for c in out] == [("share", 41.5, "%")]


def test_count_columns_take_any_counted_noun_of_the_header():
    text = ("| Operator | Data centres | Regions | Enterprise clients |\n|---|---|---|---|\n"
            "| Vantara | 14 | 9 | 1,250 |\n| Nimbus | 6 | 3 | 410 |\n")
    out = [(c["subject"], c["metric"], c["value"], c["unit"]) for c in extract_claims(text)]
    assert out == [
        ("Vantara", "count", 14, "data center"), ("Vantara", "count", 9, "region"), ("Vantara", "count", 1250, "client"),
        ("Nimbus", "count", 6, "data center"), ("Nimbus", "count", 3, "region"), ("Nimbus", "count", 410, "client"),
    ]


def test_gpu_column_is_other_gpu():
    text = "| Lab | GPUs |\n|---|---|\n| Orca | 24,000 |\n"
    assert [(c["metric"], c["value"], c["unit"]) for c in extract_claims(text)] == [("other", 24000, "gpu")]


def test_header_without_counted_noun_reads_nothing_as_a_count():
    """Negative: a header naming no counted thing gives no count."""
    text = "| Lab | Founded | Notes |\n|---|---|---|\n| Orca | 2019 | seed stage |\n"
    assert [c for c in extract_claims(text) if c["metric"] == "count"] == []


def test_scale_and_tokens_in_the_header_bracket():
    text = "| Model | Volume (B tokens) |\n|---|---|\n| Orca Max | 812 |\n"
    assert [(c["metric"], c["value"], c["unit"]) for c in extract_claims(text)] == [("token_volume", 8.12e11, "tokens")]


def test_name_column_after_a_rank_column_gives_the_subject_and_this_week_the_period():
    text = "| Rank | App | Tokens this week |\n|---|---|---|\n| 1 | Reef Code | 412B |\n| 2 | Pico Agent | 301B |\n"
    out = [(c["subject"], c["value"], c["per"]) for c in extract_claims(text)]
    assert out == [("Reef Code", 4.12e11, "week"), ("Pico Agent", 3.01e11, "week")]


def test_cell_with_its_own_unit_under_a_plain_header():
    text = "| Provider | Processed |\n|---|---|\n| Kestrel | 640T tokens/month |\n"
    out = [(c["subject"], c["metric"], c["value"], c["per"]) for c in extract_claims(text)]
    assert out == [("Kestrel", "token_volume", 6.4e14, "month")]


def test_bare_cell_under_a_plain_header_is_not_read():
    """Negative: a number with no unit under a header naming no measure states nothing."""
    text = "| Provider | Notes |\n|---|---|\n| Kestrel | 640 |\n"
    assert extract_claims(text) == []
