"""extract.claims: the period (`per`) of growth rates and amounts, and hedged qualifiers -
the period phrase nearest the number wins, one-period phrases ('in a year', 'over the past
12 months', 'on the week', 'weekly pace'), 'a year ago' is not a period, per-token only
for prices, 'something like'/'maybe'/'on the order of' are approx, table 'WoW change'
columns. Sentences written for these tests."""
import pytest

from extract.claims import extract_claims


def pers(text):
    return [(c["metric"], c["value"], c["per"]) for c in extract_claims(text)]


def test_nearest_period_phrase_wins():
    out = pers("Orca's revenue rose 12% quarter over quarter and 80% year over year.")
    assert out == [("growth", 12, "quarter"), ("growth", 80, "year")]


@pytest.mark.parametrize("text,per", [
    ("Pico's traffic grew about 3x in a year.", "year"),
    ("Usage rose 55% over the past 12 months.", "year"),
    ("Orca's volume slipped 4% on the week.", "week"),
    ("Traffic is growing at a 3% weekly pace.", "week"),
])
def test_one_period_phrases(text, per):
    assert pers(text)[0][2] == per


def test_several_periods_give_no_growth_period():
    """Negative: 'in three years' covers more than one period."""
    assert pers("Pico's usage grew 400% in three years.")[0][2] is None


def test_a_year_ago_is_not_a_period():
    out = pers("The gap was more than 90 points a year ago.")
    assert out == [("other", 90, None)]


def test_money_next_to_a_year_earlier_is_not_annual():
    out = pers("Revenue reached 300 million yuan, up from 120 million yuan a year earlier.")
    assert [o[2] for o in out] == [None, None]


def test_annual_money_keeps_its_period():
    """Negative: 'a year' that is not 'a year earlier' still makes a recurring amount."""
    assert pers("The contract is worth $4 million a year.") == [("money", 4e6, "year")]


def test_per_token_is_not_a_period_of_parameters():
    out = pers("The model activates 40 billion of its 400 billion parameters per token.")
    assert all(o[2] is None for o in out)


@pytest.mark.parametrize("text", [
    "Orca handled something like 2 trillion tokens a day.",
    "Orca handled maybe 2 trillion tokens a day.",
    "Orca runs on the order of 2 trillion tokens a day.",
])
def test_hedges_are_approx(text):
    assert extract_claims(text)[0]["qualifier"] == "approx"


def test_wow_change_column_is_weekly_growth():
    text = ("Top apps\nRank App Weekly tokens (billions) Share (%) WoW change (%)\n"
            "1 Orca Chat 1,200 30.1 +4.2\n2 Pico Code 800 20.0 -1.5\n")
    out = [(c["metric"], c["value"], c["per"]) for c in extract_claims(text) if c["metric"] == "growth"]
    assert out == [("growth", 4.2, "week"), ("growth", -1.5, "week")]


def test_edged_up_is_a_rise():
    """Negative for the decline cues: 'edged up' is not a fall."""
    assert pers("Orca's share price edged up 2% on the week.") == [("growth", 2, "week")]
