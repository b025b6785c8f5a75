"""extract.claims: changes and comparisons written as percentages or verbs - the sign of
'by N%' from the clause's verb, 'negative N%', 'halved', 'N% of <another thing's price>'
as a ratio, ranges whose ends are of one kind, 'one in N'. Sentences written for these
tests."""
import pytest

from extract.claims import extract_claims


def rows(text):
    return [(c["metric"], round(c["value"], 6), c["unit"], c["qualifier"]) for c in extract_claims(text)]


# --- 'by N%': the change verb may be far back in the clause ---------------------------------
@pytest.mark.parametrize("text,value,qual", [
    ("Helio will reduce fees on its older vision models by up to 60% next month.", -60, "at_most"),
    ("Orca trimmed what it charges enterprise buyers of its search API by as much as 35%.", -35, "at_most"),
    ("We lowered our monthly cloud invoice by 25% after moving to spot capacity.", -25, "exact"),
    ("Pico raised the list prices of its hosted agents by 15% in May.", 15, "exact"),
])
def test_by_percent_takes_sign_from_the_clause_verb(text, value, qual):
    assert rows(text) == [("growth", value, "%", qual)]


def test_by_percent_without_change_verb_is_not_growth():
    """Negative: 'by 30%' with no change verb in its clause is not made a growth."""
    out = rows("Tickets resolved by 30% of the agents were escalated.")
    assert all(r[0] != "growth" for r in out)


# --- narrowed: a decline ------------------------------------------------------------------
def test_narrowed_is_a_decline_and_the_amount_after_it_is_separate():
    out = rows("Helio's quarterly loss narrowed 12% to 80 million euros.")
    assert out == [("growth", -12, "%", "exact"), ("money", 80000000, "EUR", "exact")]


def test_percent_range_needs_ends_of_one_kind():
    """'20% to 35%' is a range; '12% to 80 million' is not."""
    assert rows("Cache discounts run 20% to 35% across vendors.")[0][1:] == (20, "%", "at_least")


# --- negative percentages -----------------------------------------------------------------
def test_negative_margin():
    out = rows("Orca's operating margin was negative 14% in the quarter.")
    assert out == [("share", -14, "%", "exact")]


def test_negative_word_elsewhere_does_not_flip():
    """Negative: 'negative' that does not sit right before the number changes nothing."""
    out = rows("Despite negative press, Orca kept a gross margin of 52%.")
    assert out == [("share", 52, "%", "exact")]


# --- halved: a multiple like doubled ----------------------------------------------------------
def test_halved_is_growth_half_x():
    assert rows("Pico halved its per-seat price in April.") == [("growth", 0.5, "x", "exact")]


# --- N% of another thing's price/rate/score: a ratio -------------------------------------------
@pytest.mark.parametrize("text,value,qual", [
    ("Archived reads are billed at 20% of the standard storage rate.", 0.2, "exact"),
    ("Pico Mini reaches 90% of Orca Max's benchmark score.", 0.9, "exact"),
    ("The new tier costs less than 8% of its predecessor's price.", 0.08, "at_most"),
    ("Helio charged about 3% of what rivals asked.", 0.03, "approx"),
])
def test_percent_of_a_comparand_is_a_ratio(text, value, qual):
    assert rows(text) == [("ratio", value, "x", qual)]


@pytest.mark.parametrize("text", [
    "About 40% of the revenue came from China.",
    "Roughly 30% of developers use two providers.",
])
def test_percent_of_a_whole_stays_a_share(text):
    """Negative: a part of a whole (revenue, developers) is a share."""
    assert rows(text)[0][0] == "share"


def test_percent_after_a_percent_ratio_in_the_same_list_is_a_ratio():
    out = rows("Cached reads cost 10% of the standard rate on Orca and 25% on Pico.")
    assert out == [("ratio", 0.1, "x", "exact"), ("ratio", 0.25, "x", "exact")]


# --- one in N: a share, whatever verb follows -----------------------------------------------
def test_one_in_n_is_a_share_even_before_a_growth_verb():
    assert rows("One in four startups expects its API bill to grow this year.") == [("share", 25, "%", "exact")]


# --- a percentage per period is a rate of change ----------------------------------------------
def test_percent_a_week_is_growth_per_week():
    out = extract_claims("Even at 3% a month, Pico's traffic doubles within two years.")
    assert (out[0]["metric"], out[0]["value"], out[0]["per"]) == ("growth", 3, "month")


def test_percent_of_monthly_active_users_is_not_a_rate():
    """Negative: 'monthly active' after a percentage names the users, not a period."""
    out = extract_claims("About 12% monthly active users pay for the app.")
    assert all(c["metric"] != "growth" for c in out)


def test_growth_rate_cooled_to_n_percent_stays_growth():
    out = rows("Orca's monthly revenue growth has slowed to about 4% since March.")
    assert out == [("growth", 4, "%", "approx")]


def test_level_fell_to_n_percent_is_a_share():
    """Negative: 'fell to 14%' without a growth-rate noun is the new level."""
    assert rows("Orca's market share fell to 14% in May.")[0][:3] == ("share", 14, "%")


def test_from_n_percent_to_m_percent_are_levels():
    out = rows("Pico's slice of enterprise spend slipped from 30% to 24% in a year.")
    assert [r[:3] for r in out] == [("share", 30, "%"), ("share", 24, "%")]


def test_margin_of_n_percent_on_something_is_a_share():
    out = rows("Hosts report gross margins of 40-60% on inference.")
    assert [r[:3] for r in out] == [("share", 40, "%"), ("share", 60, "%")]


def test_elliptical_decline_keeps_its_sign():
    out = rows("Output prices fell 30%; input prices, 12%.")
    assert [r[:3] for r in out] == [("growth", -30, "%"), ("growth", -12, "%")]


def test_elliptical_rise_stays_positive():
    """Negative: after a rise, the elliptical figure is not negated."""
    out = rows("Output prices rose 30%; input prices, 12%.")
    assert [r[:3] for r in out] == [("growth", 30, "%"), ("growth", 12, "%")]


# --- multiples compared with the past are growth --------------------------------------------
def test_double_the_figure_from_last_month_is_growth():
    out = extract_claims("Pico logged 3 billion calls in May, double the figure from last December.")
    got = [(c["metric"], c["value"], c["unit"]) for c in out]
    assert ("growth", 2, "x") in got


def test_twice_as_many_as_last_april_is_growth_per_year():
    out = extract_claims("That is twice as many as last April.")
    assert [(c["metric"], c["value"], c["per"]) for c in out] == [("growth", 2, "year")]


def test_ten_times_its_volume_in_a_past_year_is_growth():
    out = rows("Helio now serves 9 billion tokens a day, roughly ten times its volume in early 2024.")
    assert ("growth", 10, "x", "approx") in out


def test_double_another_thing_is_a_ratio():
    """Negative: a multiple of another thing, not of the past, is a ratio."""
    out = rows("Orca's context window is double that of Pico.")
    assert out == [("ratio", 2, "x", "exact")]


# --- fractions as parts of a whole or as declines --------------------------------------------
def test_fraction_after_copula_is_a_share():
    assert rows("Coding agents are well over half now.") == [("share", 50, "%", "at_least")]


def test_the_remaining_fraction_is_a_share():
    out = rows("Labs keep about 30% of revenue, clouds about 50% and resellers the remaining fifth.")
    assert out[-1] == ("share", 20, "%", "exact")


def test_remaining_ordinal_is_not_a_fraction():
    """Negative: 'the remaining second half' style ordinals and 'other third party' are not fractions."""
    out = rows("The other third party vendors declined to comment.")
    assert out == []


def test_cut_costs_by_roughly_half_is_a_decline():
    out = rows("Its new attention kernel cut long-context serving costs by roughly half.")
    assert out == [("growth", -50, "%", "approx")]


def test_fraction_of_another_valuation_is_a_ratio():
    out = rows("Pico is valued at roughly one-thirtieth of Orca's latest $300 billion mark.")
    assert out[0] == ("ratio", round(1 / 30, 6), "x", "approx")


def test_fraction_of_a_volume_stays_a_share():
    """Negative: without a valuation verb, 'a fifth of X's tokens' is a share."""
    assert rows("Pico handles a fifth of Orca's tokens.")[0][:3] == ("share", 20, "%")


def test_twelfths_are_fractions():
    out = rows("Pico input is roughly one-twelfth the price of Orca's.")
    assert out == [("ratio", round(1 / 12, 6), "x", "approx")]


# --- a multiple over the past is growth, a multiple of another thing is a ratio ---------

def test_multiple_of_what_it_was_is_growth():
    out = extract_claims("Daily API traffic is now six times what it was in February.")
    assert [(c["metric"], c["value"], c["unit"]) for c in out] == [("growth", 6, "x")]


def test_multiple_higher_than_at_launch_is_growth():
    out = extract_claims("Weekly active developers are 4x higher than at launch.")
    assert [(c["metric"], c["value"], c["unit"]) for c in out] == [("growth", 4, "x")]


def test_double_the_figure_in_a_month_is_growth():
    out = extract_claims("Kestrel served 2.4 trillion tokens in August, double the figure in July.")
    assert ("growth", 2, "x") in [(c["metric"], c["value"], c["unit"]) for c in out]


def test_multiple_than_another_thing_stays_a_ratio():
    """Negative: a comparison between two named things stays a ratio."""
    out = extract_claims("Flash-Lite is 12x cheaper than Orion Pro on output tokens.")
    assert [(c["metric"], c["value"]) for c in out] == [("ratio", 12)]


# --- verbs and nouns of change beyond rose/fell -------------------------------------------

def _mvu(text):
    return [(c["metric"], round(c["value"], 2), c["unit"]) for c in extract_claims(text)]


def test_leapt_is_growth():
    assert _mvu("Cloud inference revenue leapt 64% in the quarter.") == [("growth", 64, "%")]


def test_swelled_by_is_growth():
    assert _mvu("Spending on agent platforms swelled by 38% after the launch.") == [("growth", 38, "%")]


def test_slumped_is_negative_growth():
    assert _mvu("Spot GPU rental prices slumped 45% over the winter.") == [("growth", -45, "%")]


def test_noun_of_change_after_percent():
    assert _mvu("Harbor reported a 27% uptick in paid seats.") == [("growth", 27, "%")]
    assert _mvu("Chip stocks suffered a 9% slide on Tuesday.") == [("growth", -9, "%")]


def test_fold_after_new_rise_verb_is_growth():
    assert _mvu("Agent traffic on the marketplace mushroomed 15-fold.") == [("growth", 15, "x")]


def test_up_by_a_fraction_is_growth():
    assert _mvu("Paid subscriptions were up by a third in May.") == [("growth", 33.33, "%")]


def test_fraction_of_a_whole_stays_a_share():
    """Negative: 'a third of X' is a part of X, not a change."""
    assert _mvu("A third of the requests came from coding agents.") == [("share", 33.33, "%")]


# --- ratio precision: a percentage or multiple of the same thing over time is not a ratio ---

def test_percent_of_what_someone_spends_is_a_share():
    assert _mvu("Roughly 35% of what hospitals spend on software now goes to AI tools.") == [("share", 35, "%")]


def test_percent_of_what_a_rival_charges_stays_a_ratio():
    """Negative: a percentage of another provider's price compares two prices."""
    assert _mvu("The lite tier costs 4% of what Orion charged at launch.") == [("ratio", 0.04, "x")]


def test_percent_of_a_whole_with_a_rate_later_is_a_share():
    assert _mvu("Batch jobs made up 22% of the tokens billed at discount rates.") == [("share", 22, "%")]


def test_multiple_of_current_levels_is_growth():
    assert _mvu("Analysts expect agent traffic to reach 8x current levels by 2028.") == [("growth", 8, "x")]


def test_multiple_of_last_years_total_is_growth():
    assert _mvu("Harbor's token volume is set to hit 3x last year's total.") == [("growth", 3, "x")]


def test_improved_by_a_multiple_is_growth():
    assert _mvu("Decode speed improved 2.5x after the kernel rewrite.") == [("growth", 2.5, "x")]


def test_fraction_of_an_earlier_level_is_growth():
    assert _mvu("List prices are now a tenth of where they were in 2023.") == [("growth", 0.1, "x")]
    assert _mvu("Serving costs fell to one-twentieth of 2024 levels.") == [("growth", 0.05, "x")]


def test_fraction_of_a_whole_with_a_time_later_stays_a_share():
    """Negative: 'a fifth of X's volume ... last week' is a part of a whole."""
    out = extract_claims("A fifth of Harbor's volume came from Brazil last week.")
    assert [(c["metric"], round(c["value"], 2), c["subject"]) for c in out] == [("share", 20, "Brazil")]


def _mvup(text):
    return [(c["metric"], round(c["value"], 2), c["unit"], c["per"], c["subject"]) for c in extract_claims(text)]


def test_year_on_year_sets_the_period():
    assert _mvup("Cloud revenue rose 31% year-on-year.") == [("growth", 31, "%", "year", "Cloud revenue")]
    assert _mvup("Paid seats climbed 9% over the previous quarter.")[0][3] == "quarter"


def test_increased_by_a_factor_is_growth():
    assert _mvup("GPU shipments increased by a factor of four.")[0][:3] == ("growth", 4, "x")


def test_factor_of_without_change_verb_stays_a_ratio():
    """Negative: 'differ by a factor of' compares two things."""
    assert _mvup("The two list prices differ by a factor of about 40.")[0][:3] == ("ratio", 40, "x")


def test_grown_by_percent_word_is_growth():
    assert _mvup("API revenue has grown by 250 percent since March.")[0][:3] == ("growth", 250, "%")


def test_multiple_verb_as_quote_takes_the_noun_before_as_subject():
    assert _mvup("Downloads nearly quadrupled.") == [("growth", 4, "x", None, "Downloads")]
    out = _mvup("Kestrel listed in May. The stock more than doubled on its first day.")
    assert out == [("growth", 2, "x", None, "Kestrel")]


def test_multiple_each_year_or_by_a_future_year_is_growth():
    assert _mvup("Frontier labs now use 10x more compute each year.")[0][:4] == ("growth", 10, "x", "year")
    assert _mvup("Agent traffic is expected to be 50x larger by 2030.")[0][:3] == ("growth", 50, "x")


def test_multiple_of_the_figure_in_a_past_month_is_growth():
    assert _mvup("Weekly users hit 6 times the number recorded in January.")[0][:3] == ("growth", 6, "x")


def test_fraction_of_a_possessor_alone_is_a_ratio():
    out = _mvup("Harbor's revenue run-rate is roughly a third of Orca's.")
    assert out[0][:3] == ("ratio", 0.33, "x")


def test_multiple_cheaper_than_another_thing_with_by_stays_a_ratio():
    """Negative: 'by most measures' is no future date."""
    assert _mvup("Flash is 20x cheaper than Orion by most measures.")[0][:3] == ("ratio", 20, "x")
