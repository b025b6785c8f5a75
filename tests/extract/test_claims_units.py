"""extract.claims: what a number measures - currencies, per-1K/1M price scaling, token
kinds, periods, and the metric (token_volume, price, growth, share, ratio, count, money,
other). Sentences written for these tests."""
import pytest

from extract.claims import extract_claims


def only(text):
    out = extract_claims(text)
    assert len(out) == 1, out
    return out[0]


def close(a, b):
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-12)


# --- currencies ---------------------------------------------------------------------
@pytest.mark.parametrize("text,value,unit", [
    ("Helio raised $250 million in its latest round.", 2.5e8, "USD"),
    ("Helio raised US$250 million in its latest round.", 2.5e8, "USD"),
    ("Helio raised USD 250 million in its latest round.", 2.5e8, "USD"),
    ("Helio raised €250 million in its latest round.", 2.5e8, "EUR"),
    ("Helio raised 250 million euros in its latest round.", 2.5e8, "EUR"),
    ("Helio raised 1.8 billion yuan in its latest round.", 1.8e9, "CNY"),
    ("Helio raised RMB 1.8 billion in its latest round.", 1.8e9, "CNY"),
    ("Helio raised £40 million in its latest round.", 4e7, "GBP"),
])
def test_currency_symbols_codes_and_words(text, value, unit):
    c = only(text)
    assert (c["metric"], c["unit"]) == ("money", unit)
    assert close(c["value"], value)


def test_yen_sign_is_yuan_in_a_chinese_context_and_yen_otherwise():
    c = only("In China, Baidu cut its API price to ¥4 per million tokens.")
    assert (c["unit"], c["value"]) == ("CNY", 4)
    c = only("In Tokyo, Sakura Labs cut its API price to ¥400 per million tokens.")
    assert (c["unit"], c["value"]) == ("JPY", 400)


def test_cents_are_hundredths():
    c = only("The cheapest tier charges 30 cents per million tokens.")
    assert (c["metric"], c["unit"], c["per"]) == ("price", "USD", "1M tokens")
    assert close(c["value"], 0.30)


# --- prices per token count ------------------------------------------------------------
@pytest.mark.parametrize("text,value", [
    ("Vela 2 costs $0.002 per 1K tokens.", 2.0),
    ("Vela 2 costs $0.002 per thousand tokens.", 2.0),
    ("Vela 2 costs $0.002/1K tokens.", 2.0),
    ("Vela 2 costs $2 per million tokens.", 2.0),
    ("Vela 2 costs $2/1M tokens.", 2.0),
    ("Vela 2 costs $2/million tokens.", 2.0),
    ("Vela 2 costs 0.000002 dollars per token.", 2.0),
])
def test_prices_are_scaled_to_per_million_tokens(text, value):
    c = only(text)
    assert (c["metric"], c["unit"], c["per"]) == ("price", "USD", "1M tokens")
    assert close(c["value"], value)


def test_less_than_a_cent_per_thousand_tokens():
    c = only("Batch jobs cost less than 1 cent per thousand tokens.")
    assert (c["metric"], c["qualifier"]) == ("price", "at_most")
    assert close(c["value"], 10.0)


@pytest.mark.parametrize("text,kind", [
    ("Orca charges $1.10 per million input tokens.", "input"),
    ("Orca charges $4.40 per million output tokens.", "output"),
    ("Orca charges $0.28 per million cached input tokens.", "input"),
    ("Orca charges $0.55 per million cache-read tokens.", "input"),
    ("Orca charges $2.00 per million tokens blended.", "blended"),
    ("Orca charges $1.10 per million tokens.", None),
])
def test_token_kinds(text, kind):
    c = only(text)
    assert c["metric"] == "price" and c["token_kind"] == kind


@pytest.mark.parametrize("text,per", [
    ("A research agent costs $4 per task on the premium tier.", "task"),
    ("Image generation is billed at $0.04 per image.", "image"),
    ("The team plan is $30 per seat per month.", "seat"),
])
def test_prices_per_other_things(text, per):
    c = only(text)
    assert (c["metric"], c["per"]) == ("price", per)


# --- token volumes and periods ------------------------------------------------------
@pytest.mark.parametrize("text,per", [
    ("Lumen processes 6 trillion tokens per day.", "day"),
    ("Lumen processes 6 trillion tokens a day.", "day"),
    ("Lumen processes 6 trillion tokens daily.", "day"),
    ("Lumen processes 6 trillion daily tokens.", "day"),
    ("Lumen processed 6 trillion tokens this week.", "week"),
    ("Lumen processes 6 trillion tokens/month.", "month"),
    ("Lumen processes 6 trillion tokens per minute.", "minute"),
    ("Lumen has processed 6 trillion tokens since launch.", None),
])
def test_token_volume_periods(text, per):
    c = only(text)
    assert (c["metric"], c["unit"], c["per"]) == ("token_volume", "tokens", per)


def test_elliptical_number_takes_the_unit_of_the_previous_sentence():
    out = extract_claims("Lumen processes 6 trillion tokens per day. Arden handles about 2 trillion.")
    assert [(c["metric"], c["value"], c["per"], c["qualifier"]) for c in out] == [
        ("token_volume", 6e12, "day", "exact"), ("token_volume", 2e12, "day", "approx")]


# --- growth -------------------------------------------------------------------------------
@pytest.mark.parametrize("text,value,unit,per", [
    ("Paid subscriptions grew 41% year-over-year.", 41, "%", "year"),
    ("Paid subscriptions grew 41% from a year earlier.", 41, "%", "year"),
    ("Paid subscriptions grew 12% month-over-month.", 12, "%", "month"),
    ("Paid subscriptions posted 9% week-over-week growth.", 9, "%", "week"),
    ("Paid subscriptions grew 40% in three months.", 40, "%", None),
    ("Paid subscriptions are up 3x year over year.", 3, "x", "year"),
    ("Average token prices dropped by over 80% in two years.", -80, "%", None),
    ("The new cache cuts inference costs 60%.", -60, "%", None),
    ("Shares jumped 18% on their first trading day.", 18, "%", None),
])
def test_growth(text, value, unit, per):
    c = only(text)
    assert (c["metric"], c["value"], c["unit"], c["per"]) == ("growth", value, unit, per)


def test_a_level_after_to_is_not_a_change():
    c = only("Its share of routed tokens fell to 14% in May.")
    assert (c["metric"], c["value"]) == ("share", 14)


# --- share, ratio, count, money, other -----------------------------------------------------
def test_share():
    c = only("Open-weight models now account for 38% of all tokens.")
    assert (c["metric"], c["value"], c["unit"]) == ("share", 38, "%")
    c = only("The startup reported a gross margin of 55%.")
    assert c["metric"] == "share"


@pytest.mark.parametrize("text,value", [
    ("Flagship output tokens cost 60x more than the budget model's.", 60),
    ("That is a 25x price gap.", 25),
    ("The new tier is one-third the price of the old one.", 1 / 3),
    ("Usage on Atlas is 3-to-1 versus Borealis.", 3),
])
def test_ratio(text, value):
    c = only(text)
    assert c["metric"] == "ratio" and c["unit"] == "x" and close(c["value"], value)


@pytest.mark.parametrize("text,value,unit", [
    ("Meridian now has 40 million weekly active users.", 4e7, "user"),
    ("The survey polled 2,300 respondents across Europe.", 2300, "respondent"),
    ("Over 12,000 companies build on the platform.", 12000, "company"),
    ("Its model hub was downloaded 900 million times last year.", 9e8, "download"),
])
def test_count_unit_is_the_counted_noun_singular(text, value, unit):
    c = only(text)
    assert (c["metric"], c["value"], c["unit"], c["per"]) == ("count", value, unit, None)


@pytest.mark.parametrize("text,value,unit", [
    ("Tern 3 is a 405B-parameter model.", 4.05e11, "parameter"),
    ("The cluster has 100,000 GPUs.", 1e5, "gpu"),
    ("It decodes at 180 tokens per second.", 180, "token/s"),
    ("It accepts prompts of up to 1M tokens.", 1e6, "token"),
    ("The pricing applies to prompts over 200K tokens.", 2e5, "token"),
    ("Tern 3 scored 91.2% on the reasoning benchmark.", 91.2, "%"),
])
def test_other_quantities(text, value, unit):
    c = only(text)
    assert c["unit"] == unit and close(c["value"], value)
    if unit != "tokens":
        assert c["metric"] == "other"


def test_money_with_a_recurring_period():
    c = only("The support bot bill comes to $1,200/month.")
    assert (c["metric"], c["value"], c["per"]) == ("money", 1200, "month")


# --- limits, thresholds and units written after a modifier (tests for claims-0.3) --------------
def test_token_limit_per_request_is_other_token():
    c = only("Chat models can now return up to 16,384 output tokens per request.")
    assert (c["metric"], c["value"], c["unit"], c["per"], c["qualifier"]) == ("other", 16384, "token", "request", "at_most")


def test_maximum_output_per_request_rises_to_n_tokens():
    c = only("Orca's maximum output per request rises to 32,768 tokens.")
    assert (c["metric"], c["value"], c["unit"], c["per"]) == ("other", 32768, "token", "request")


def test_tokens_per_request_without_limit_stay_volume():
    """Negative: an average request size is a token volume, not a limit."""
    c = only("A typical request uses 2,000 tokens per request on average.")
    assert c["metric"] == "token_volume"


def test_prompts_between_two_sizes_are_thresholds():
    out = extract_claims("For prompts between 64K and 256K tokens the price doubles.")
    got = [(c["metric"], c["value"], c["unit"]) for c in out]
    assert ("other", 64000, "token") in got and ("other", 256000, "token") in got


def test_gigawatts_after_a_decimal_are_not_a_version():
    c = only("The new campus is planned at 2.4 GW.")
    assert (c["metric"], c["value"], c["unit"]) == ("other", 2.4, "gigawatt")


def test_hyphenated_class_modifier_before_the_unit():
    c = only("Each pod holds 64 H200-class GPUs.")
    assert (c["metric"], c["value"], c["unit"]) == ("other", 64, "gpu")


def test_top_n_is_a_rank():
    assert extract_claims("Top 10 models by weekly tokens") == []


def test_verb_top_n_is_a_threshold():
    """Negative: 'will top 10 billion tokens' is a claim, at_least."""
    c = only("Usage will top 10 billion tokens this year.")
    assert (c["value"], c["qualifier"]) == (1e10, "at_least")


# --- latencies and leaderboard scores -----------------------------------------------------
def test_latency_in_seconds_is_a_claim():
    out = extract_claims("Time to first token is 0.8 seconds on Orca and 1.5 seconds on Pico.")
    assert [(c["metric"], c["value"], c["unit"]) for c in out] == [("other", 0.8, "second"), ("other", 1.5, "second")]


def test_latency_in_milliseconds_keeps_its_unit():
    c = only("Median latency on the new cluster is 350 ms.")
    assert (c["metric"], c["value"], c["unit"]) == ("other", 350, "millisecond")


def test_duration_in_seconds_without_latency_is_not_a_claim():
    """Negative: 'in 30 seconds' with no latency word is a duration."""
    assert extract_claims("The demo finished in 30 seconds.") == []


def test_leaderboard_score_after_at_and_on():
    out = extract_claims("Orca leads the arena at 1,388. Pico follows at 1,351. It also posts 1,290 on the vision leaderboard.")
    assert [(c["metric"], c["value"], c["unit"]) for c in out] == [
        ("other", 1388, "point"), ("other", 1351, "point"), ("other", 1290, "point")]


def test_bare_number_at_without_score_context_is_dropped():
    """Negative: 'at 1,200' with no score word nor score before states nothing."""
    assert extract_claims("The index opened at 1,200 on Monday.") == []


# --- a counted noun far back in the clause of a bare scaled number -------------------------
def test_token_noun_far_back_in_the_clause():
    c = only("Total tokens routed through Pico Router last month came to 3.2 trillion.")
    assert (c["metric"], c["value"], c["unit"]) == ("token_volume", 3.2e12, "tokens")


def test_token_noun_beats_an_earlier_money_figure():
    out = extract_claims("The market is worth $30 billion. Its token consumption, which analysts put at over 90 trillion a day, keeps rising.")
    assert [(c["metric"], c["value"]) for c in out] == [("money", 3e10), ("token_volume", 9e13)]


def test_bare_scaled_number_without_noun_still_inherits():
    """Negative: with no noun in its clause, a bare figure continues the figure before."""
    out = extract_claims("Orca processes 9 trillion tokens per day. Pico processes about 2 trillion.")
    assert [(c["metric"], c["value"], c["per"]) for c in out] == [
        ("token_volume", 9e12, "day"), ("token_volume", 2e12, "day")]
