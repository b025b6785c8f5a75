"""extract.claims: numbers that state nothing are not claims - years, dates, durations,
versions and model names, ordinals and ranks, phone numbers, page furniture, counts of
the article's own parts, operands of a worked calculation. Sentences written for these
tests; each names what it would wrongly produce."""
import pytest

from extract.claims import extract_claims


@pytest.mark.parametrize("text", [
    # years and dates
    "The lab was founded in 2019 and relaunched in 2024.",
    "The report was published on 2026-03-14 at 09:30 AM.",
    "The results came out on March 14, 2026, after a long delay.",
    "Screenshot 2025-11-02 at 10.41.07 PM",
    # durations
    "The rollout took 18 months and three engineering teams.",
    "The model led the chart for six straight weeks.",
    "Support is available 24/7 for enterprise customers.",
    # versions and model names
    "GPT-5.5 and Claude Opus 4.6 were both updated this spring.",
    "DeepSeek V3.2 replaced V3.1 on the default route.",
    "Kimi K2.5 and MiniMax M2.5 shipped the same day.",
    "Gemini 2.5 Pro and Llama 3.1 are available on the platform.",
    "The Pro-32k variant is deprecated.",
    "Huawei's Ascend 910C chips power the new cluster.",
    # ordinals, ranks and list positions
    "The model climbed to No. 3 on the weekly chart.",
    "It entered the top 20 for the first time.",
    "It finished 2nd behind the incumbent.",
    # phone numbers and page furniture
    "Call our desk at +1 (212) 555-0188 for licensing.",
    "8 min read · 3.4K views · 27 comments",
    # counts of the article itself
    "Five trends that will shape inference pricing",
    "Here are 12 things we learned at the developer conference.",
    # small counts of ordinary things
    "Two engineers built the prototype in three weeks.",
])
def test_not_a_claim(text):
    assert extract_claims(text) == []


def test_worked_calculation_keeps_results_not_bare_operands():
    out = extract_claims("A bot making 2,000 calls/day runs 2,000 × 30 = 60,000 calls/month.")
    assert [(c["value"], c["per"]) for c in out] == [(2000, "day"), (60000, "month")]


def test_year_next_to_a_real_figure_is_not_a_second_claim():
    out = extract_claims("In 2025, the startup booked $40 million in revenue.")
    assert [(c["metric"], c["value"]) for c in out] == [("money", 4e7)]


def test_version_number_before_a_price_is_not_a_claim():
    out = extract_claims("Claude Sonnet 4.6 costs $3 per million input tokens.")
    assert [(c["metric"], c["value"]) for c in out] == [("price", 3)]


def test_footnote_digit_glued_to_a_word_is_not_a_number():
    out = extract_claims("Labs serve 4t-6t tokens per day2 across their APIs.")
    assert [(c["value"], c["per"]) for c in out] == [(4e12, "day"), (6e12, "day")]


def test_figure_restated_in_brackets_counts_once():
    """'three-quarters (75%)': one claim, not two."""
    out = extract_claims("Three-quarters (75%) of respondents use two or more vendors.")
    assert [(c["metric"], c["value"]) for c in out] == [("share", 75)]


def test_different_figure_in_brackets_is_kept():
    """Negative: a bracketed figure with another value is a claim of its own."""
    out = extract_claims("Orca took 40% of tokens (up from 31%).")
    assert [c["value"] for c in out] == [40, 31]
