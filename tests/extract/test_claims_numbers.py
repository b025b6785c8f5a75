"""extract.claims: reading numbers (digits, words, scales, vague amounts, multipliers,
fractions), qualifiers, ranges and lists. Sentences written for these tests."""
import pytest

from extract.claims import extract_claims


def only(text):
    out = extract_claims(text)
    assert len(out) == 1, out
    return out[0]


def close(a, b):
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-12)


# --- digits with scale words and suffixes ---------------------------------------------
@pytest.mark.parametrize("text,value", [
    ("Qwen served 4.2 trillion tokens last week.", 4.2e12),
    ("Qwen served 4.2T tokens last week.", 4.2e12),
    ("Qwen served 850B tokens last week.", 8.5e11),
    ("Qwen served 1,040B tokens last week.", 1.04e12),
    ("Qwen served 100t tokens last week.", 1e14),
    ("Qwen served 7.5bn tokens last week.", 7.5e9),
    ("Qwen served 1.2 quadrillion tokens last year.", 1.2e15),
    ("Qwen served 3,400,000 tokens in its first hour.", 3.4e6),
    ("Qwen served 12 million tokens in its first hour.", 1.2e7),
])
def test_scales_and_suffixes(text, value):
    c = only(text)
    assert c["metric"] == "token_volume" and c["unit"] == "tokens"
    assert close(c["value"], value)


def test_k_suffix_is_thousand_in_a_context_window():
    c = only("The new model ships with a 256K context window.")
    assert (c["metric"], c["value"], c["unit"]) == ("other", 256000, "token")


# --- numbers in words -----------------------------------------------------------------
@pytest.mark.parametrize("text,metric,value,unit,qualifier", [
    ("Each agent run costs eight cents on the cheapest tier.", "price", 0.08, "USD", "exact"),
    ("One trillion tokens a day now flow through the router.", "token_volume", 1e12, "tokens", "exact"),
    ("Usage of coding agents grew a thousandfold in two years.", "growth", 1000, "x", "exact"),
    ("Inference demand rose tenfold after the launch.", "growth", 10, "x", "exact"),
    ("A single research agent can burn tens of millions of tokens.", "token_volume", 1e7, "tokens", "at_least"),
    ("The platform now hosts hundreds of thousands of developers.", "count", 1e5, "developer", "at_least"),
    ("Chatbots in the region attract millions of users.", "count", 1e6, "user", "at_least"),
    ("Background agents make a few billion calls per quarter.", "other", 1e9, "call", "at_least"),
    ("Its list price is one-fifth that of the incumbent model.", "ratio", 0.2, "x", "exact"),
])
def test_numbers_in_words(text, metric, value, unit, qualifier):
    c = only(text)
    assert (c["metric"], c["unit"], c["qualifier"]) == (metric, unit, qualifier)
    assert close(c["value"], value)


def test_multiplier_verbs_are_growth_factors():
    c = only("Weekly usage of the assistant tripled after the price cut.")
    assert (c["metric"], c["value"], c["unit"]) == ("growth", 3, "x")
    c = only("Monthly revenue doubled in the spring.")
    assert (c["metric"], c["value"], c["unit"]) == ("growth", 2, "x")


def test_more_than_double_another_thing_is_a_ratio_at_least():
    c = only("Alpha Cloud now ships more than double Beta Labs in weekly volume.")
    assert (c["metric"], c["value"], c["qualifier"]) == ("ratio", 2, "at_least")


def test_digit_class_words_are_vague_bounds():
    c = only("Search assistants are a single-digit share of traffic.")
    assert (c["metric"], c["value"], c["qualifier"]) == ("share", 10, "at_most")
    c = only("Analysts still see double-digit growth for cloud inference.")
    assert (c["metric"], c["value"], c["qualifier"]) == ("growth", 10, "at_least")


# --- qualifiers -----------------------------------------------------------------------
@pytest.mark.parametrize("text,qualifier", [
    ("Kestrel handles roughly 9 trillion tokens per day.", "approx"),
    ("Kestrel handles about 9 trillion tokens per day.", "approx"),
    ("Kestrel handles ~9 trillion tokens per day.", "approx"),
    ("Kestrel handles nearly 9 trillion tokens per day.", "approx"),
    ("Kestrel handles over 9 trillion tokens per day.", "at_least"),
    ("Kestrel handles more than 9 trillion tokens per day.", "at_least"),
    ("Kestrel handles at least 9 trillion tokens per day.", "at_least"),
    ("Kestrel handles under 9 trillion tokens per day.", "at_most"),
    ("Kestrel handles less than 9 trillion tokens per day.", "at_most"),
    ("Kestrel handles up to 9 trillion tokens per day.", "at_most"),
    ("Kestrel handles 9 trillion tokens per day.", "exact"),
])
def test_qualifiers(text, qualifier):
    c = only(text)
    assert c["qualifier"] == qualifier and c["value"] == 9e12


def test_plus_sign_is_at_least():
    c = only("The marketplace lists 300+ models from 60 providers.")
    assert (c["metric"], c["value"], c["unit"], c["qualifier"]) == ("count", 300, "model", "at_least")


# --- ranges -----------------------------------------------------------------------------
@pytest.mark.parametrize("text,low,high,unit", [
    ("Reasoning models cost 4-6x more than chat models.", 4, 6, "x"),
    ("Hosting costs run $2-$3 per million tokens.", 2, 3, "USD"),
    ("Annual growth is expected to land between 35% and 48%.", 35, 48, "%"),
    ("Frontier labs burn 8t-12t tokens per day.", 8e12, 12e12, "tokens"),
    ("Capex could reach $400-500 billion next year.", 4e11, 5e11, "USD"),
])
def test_ranges_are_two_claims(text, low, high, unit):
    out = extract_claims(text)
    assert [(c["qualifier"], c["unit"]) for c in out] == [("at_least", unit), ("at_most", unit)]
    assert close(out[0]["value"], low) and close(out[1]["value"], high)
    assert out[0]["quote"] == out[1]["quote"]


def test_from_to_is_not_a_range():
    out = extract_claims("Revenue climbed from $2.1 billion to $3.4 billion.")
    assert [c["qualifier"] for c in out] == ["exact", "exact"]
    assert [c["value"] for c in out] == [2.1e9, 3.4e9]


# --- lists --------------------------------------------------------------------------------
def test_input_output_price_list_with_slash():
    out = extract_claims("Nova Pro costs $0.80 input / $3.20 output per million tokens.")
    assert [(c["metric"], c["value"], c["token_kind"], c["per"]) for c in out] == [
        ("price", 0.8, "input", "1M tokens"), ("price", 3.2, "output", "1M tokens")]


def test_a_over_b_is_input_then_output():
    out = extract_claims("Nova Lite is listed at $0.06/$0.24 per million tokens.")
    assert [(c["value"], c["token_kind"]) for c in out] == [(0.06, "input"), (0.24, "output")]


def test_coordinated_quantities_share_their_period():
    out = extract_claims("Each request sends 800 input tokens and 200 output tokens per call.")
    assert [(c["value"], c["per"]) for c in out] == [(800, "call"), (200, "call")]


def test_qualifier_inside_brackets():
    out = extract_claims("Pro tier pricing applies (under 200K tokens of context).")
    assert [(c["value"], c["qualifier"]) for c in out] == [(200000, "at_most")]


# --- spoken numbers (transcripts) ------------------------------------------------------
@pytest.mark.parametrize("text,metric,value,unit", [
    ("This morning it is nine point two trillion tokens a day.", "token_volume", 9.2e12, "tokens"),
    ("Revenue was three hundred and forty million dollars.", "money", 3.4e8, "USD"),
    ("The launch price was three dollars and fifty cents per million tokens.", "price", 3.5, "USD"),
    ("Next year the fleet will reach a quarter of a million GPUs.", "other", 2.5e5, "gpu"),
    ("Revenue per seat is up two and a half times from a year ago.", "growth", 2.5, "x"),
    ("That's a ninety percent cut in the list price.", "growth", -90, "%"),
    ("The gap is an order of magnitude or more.", "ratio", 10, "x"),
])
def test_spoken_numbers(text, metric, value, unit):
    c = only(text)
    assert (c["metric"], c["unit"]) == (metric, unit)
    assert close(c["value"], value)


@pytest.mark.parametrize("text,metric,value", [
    ("A year ago, open models took less than a fifth of the router's weekly volume.", "share", 20),
    ("One in four respondents plans to switch providers.", "share", 25),
    ("Roughly half of the app's monthly users are students.", "share", 50),
    ("The cheaper tier costs one-tenth the price of the flagship.", "ratio", 0.1),
])
def test_fractions_of_a_whole_are_shares_and_comparisons_are_ratios(text, metric, value):
    c = only(text)
    assert c["metric"] == metric and close(c["value"], value)


def test_ordinal_words_are_not_fractions():
    assert extract_claims("The chatbot led the chart for a third week and a fifth time overall.") == []
    assert extract_claims("The launch slipped to the second half of the year.") == []


@pytest.mark.parametrize("text,qualifier", [
    ("Annualized revenue passed $2 billion in May.", "at_least"),
    ("Weekly volume topped 20 trillion tokens.", "at_least"),
])
def test_verbs_of_passing_are_at_least(text, qualifier):
    assert only(text)["qualifier"] == qualifier


# --- spoken ranges, hedges and 'or more' after the unit (claims-0.3) ---------------------------
def test_spoken_range_with_scale_on_the_high_end():
    out = extract_claims("Public API spend is forty to fifty billion dollars this year.")
    assert [(c["value"], c["unit"], c["qualifier"]) for c in out] == [
        (4e10, "USD", "at_least"), (5e10, "USD", "at_most")]


def test_spoken_or_range():
    out = extract_claims("A long coding session can use two or three million tokens.")
    assert [(c["value"], c["qualifier"]) for c in out] == [(2e6, "at_least"), (3e6, "at_most")]


def test_times_range_before_a_token_kind():
    out = extract_claims("Most providers price output at three to five times input.")
    assert [(c["metric"], c["value"], c["qualifier"]) for c in out] == [
        ("ratio", 3, "at_least"), ("ratio", 5, "at_most")]


def test_one_or_two_is_not_a_range_start():
    """Negative: 'one or two' ('a' / 'one' first) is left alone."""
    out = extract_claims("Pico shipped one or two minor updates.")
    assert out == []


def test_or_more_after_the_unit():
    c = extract_claims("Some reasoning models cost $90 per million output tokens or more.")[0]
    assert (c["value"], c["qualifier"]) == (90, "at_least")


@pytest.mark.parametrize("text,qual", [
    ("The gap is closer to 4x now.", "approx"),
    ("Plans start at 29 euros a month.", "at_least"),
])
def test_more_qualifier_phrases(text, qual):
    assert extract_claims(text)[0]["qualifier"] == qual


def test_token_kind_named_before_the_price():
    c = extract_claims("Agents cost a blended $0.40 per million tokens.")[0]
    assert (c["metric"], c["token_kind"]) == ("price", "blended")
    c = extract_claims("Cached input costs $0.02 per million tokens on Orca.")[0]
    assert c["token_kind"] == "input"
