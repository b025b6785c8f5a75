"""extract.claims: unit prices that are not per token - per share (stock prices), per a
thing named before ('the cost per resolved ticket fell to $0.38'), per period from
'hourly rates', subscriptions per month, a spoken 'N dollars a million', and an
elliptical 'X at 2 yuan.' after a price sentence. Sentences written for these tests."""
from extract.claims import extract_claims


def rows(text):
    return [(c["metric"], c["value"], c["unit"], c["per"]) for c in extract_claims(text)]


def test_stock_price_is_a_price_per_share():
    out = rows("Shares of Orca fell 4% to HK$52.30 on Friday.")
    assert ("price", 52.3, "HKD", "share") in out


def test_listing_price_a_share():
    assert rows("The stock debuted at $19 a share in March.") == [("price", 19, "USD", "share")]


def test_market_value_is_money_not_a_share_price():
    """Negative: a scaled amount in a stock sentence is money (market value)."""
    out = rows("Orca's shares rose, giving it a market value of $12 billion.")
    assert out == [("money", 12e9, "USD", None)]


def test_cost_per_named_thing():
    out = rows("The cost per processed invoice dropped to $0.21 from $0.55.")
    assert out == [("price", 0.21, "USD", "invoice"), ("price", 0.55, "USD", "invoice")]


def test_cost_per_period_is_not_a_thing():
    """Negative: 'cost per month' names a period, not a thing priced."""
    out = rows("Their cost per month was $4,000 before the switch.")
    assert out == [("money", 4000, "USD", None)]


def test_hourly_rates_give_a_price_per_hour():
    out = rows("Hourly A100 rates slid from about three dollars to one dollar.")
    assert out == [("price", 3, "USD", "hour"), ("price", 1, "USD", "hour")]


def test_subscriptions_plural_make_a_monthly_price():
    assert rows("Subscriptions cost 30 euros a month.") == [("price", 30, "EUR", "month")]


def test_yearly_spending_with_fees_word_stays_money():
    """Negative: a scaled yearly amount is money even when the sentence says 'fees'."""
    out = rows("Spending on API fees will reach $80 billion a year by 2029.")
    assert out == [("money", 8e10, "USD", "year")]


def test_spoken_dollars_a_million():
    assert rows("You paid ten dollars a million for those tokens.") == [("price", 10, "USD", "1M tokens")]


def test_elliptical_price_after_price_sentence():
    out = extract_claims("Orca Max lists at 6 yuan per million output tokens. Pico Mini at 1.5 yuan.")
    assert [(c["metric"], c["value"], c["per"]) for c in out] == [
        ("price", 6, "1M tokens"), ("price", 1.5, "1M tokens")]


def test_cost_of_one_measured_unit_is_a_price_per_that_unit():
    out = rows("Building a gigawatt of data-center capacity costs $40 billion to $50 billion.")
    assert out == [("price", 4e10, "USD", "gigawatt"), ("price", 5e10, "USD", "gigawatt")]
    assert rows("Each GPU costs about $30,000.") == [("price", 30000, "USD", "gpu")]


def test_cost_without_a_unit_stays_money():
    """Negative: 'the project costs $2 billion' prices no unit."""
    assert rows("The new campus costs $2 billion.") == [("money", 2e9, "USD", None)]
