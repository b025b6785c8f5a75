"""extract.claims: who a number is about (subject), when (as_of) and according to whom
(attributed_to), including what carries over from earlier sentences. Sentences written
for these tests; each test names the heuristic it exercises."""
import pytest

from extract.claims import extract_claims


def subjects(text):
    return [c["subject"] for c in extract_claims(text)]


def only(text):
    out = extract_claims(text)
    assert len(out) == 1, out
    return out[0]


# --- subjects ---------------------------------------------------------------------------
@pytest.mark.parametrize("rule,text,subject", [
    ("clause", "Zhipu's GLM platform handles about 9 trillion tokens per day.", "Zhipu's GLM platform"),
    ("clause after 'that'", "The filing shows that Orbit Cloud served 2.4 trillion tokens last month.", "Orbit Cloud"),
    ("clause skips a dash aside", "The writing category — essays, scripts and poems — saw usage growth of 210%.", "The writing category"),
    ("clause skips brackets", "Nimbus's batch API (for offline jobs) costs $0.40 per million tokens.", "Nimbus's batch API"),
    ("possessive", "Alibaba's 5 trillion daily tokens put it second.", "Alibaba"),
    ("possessive of a price", "Vireo 2's API price of 0.5 yuan per million tokens undercuts rivals.", "Vireo 2"),
    ("label before a colon", "European models: 1.2 trillion tokens.", "European models"),
    ("name at a figure", "The cheapest options are Mistral Small at $0.10/million input tokens.", "Mistral Small"),
    ("name with a lower-case tail", "For routing, teams pick GPT-4o mini at $0.15/million input tokens.", "GPT-4o mini"),
    ("price for a name", "Budget models cost $0.30 per million tokens versus $15 for Opus 4.", None),
    ("parenthesis", "Voice agents grew fast (310% growth) last quarter.", "Voice agents"),
    ("aside appositive", "Routerly — a gateway used by over 2 million developers — published new rankings.", "Routerly"),
    ("list of names", "Meta, Google, Amazon and Microsoft will spend over $300 billion on data centers.", "Meta, Google, Amazon and Microsoft"),
    ("price target after 'on'", "A team running its agent on Gemini Flash might spend $2 per task.", "Gemini Flash"),
    ("comes from", "Sigma serves 90 trillion tokens a day. The remaining 30 trillion comes from enterprise deployments.", "enterprise deployments"),
    ("generic subject is null", "A model priced at $2 per million input tokens is cheap.", None),
])
def test_subject_rules(rule, text, subject):
    out = extract_claims(text)
    assert out, rule
    if rule == "price for a name":
        assert out[-1]["subject"] == "Opus 4"
    else:
        assert out[-1 if rule == "comes from" else 0]["subject"] == subject, rule


def test_described_as_takes_the_object():
    out = extract_claims("Helix Labs describes Helix 2 as a 70B-parameter model with 48 layers.")
    assert [(c["unit"], c["subject"], c["attributed_to"]) for c in out] == [
        ("parameter", "Helix 2", "Helix Labs"), ("layer", "Helix 2", "Helix Labs")]


def test_list_mates_share_the_subject():
    out = extract_claims("Pico 3 at $0.05/million input, $0.20/million output.")
    assert [c["subject"] for c in out] == ["Pico 3", "Pico 3"]


def test_ratio_subject_is_a_vs_b_from_than():
    c = only("Meridian now serves 12x more tokens than Polaris.")
    assert c["subject"] == "Meridian vs Polaris"


def test_ratio_subject_from_double_and_that_of():
    out = extract_claims("Atlas Chat is more than double Borealis in usage.")
    assert out[0]["subject"] == "Atlas Chat vs Borealis"
    out = extract_claims("Cobalt's price is one-tenth that of Zenith Pro.")
    assert out[0]["subject"] == "Cobalt vs Zenith Pro"


def test_bare_gap_compares_the_two_figures_before_it():
    out = extract_claims("Kora 2 charges $0.50 per million output tokens. Titan Max charges $40 per million. "
                         "That is an 80x gap.")
    assert out[-1]["metric"] == "ratio" and out[-1]["subject"] == "Titan Max vs Kora 2"
    assert out[1]["token_kind"] == "output"  # the elliptical price keeps the kind


def test_restated_figure_in_a_heading_takes_the_first_subject():
    text = "Why 900 Billion Matters\nSolstice AI processes 900 billion tokens per day, its CEO said."
    out = extract_claims(text)
    assert [c["subject"] for c in out] == ["Solstice AI", "Solstice AI"]
    assert out[0]["per"] == "day"


def test_pronoun_points_back_to_the_previous_sentence():
    out = extract_claims("Nova Search launched in January. It now answers 40 million queries a day.")
    assert out[0]["subject"] == "Nova Search"


def test_number_announced_after_a_colon_is_defined_by_the_next_sentence():
    out = extract_claims("The tracker released a striking figure this week: 60 trillion tokens per day. "
                         "That is the daily consumption across India's AI apps, up from 5 trillion last year.")
    assert out[0]["subject"] == "the daily consumption across India's AI apps"


# --- time -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,as_of", [
    ("In May 2026, Stratus processed 3 trillion tokens per day.", "May 2026"),
    ("Stratus processed 3 trillion tokens per day in early 2025.", "early 2025"),
    ("As of the second week of June 2026, Stratus processed 3 trillion tokens per day.", "the second week of June 2026"),
    ("During the 2026 Lunar New Year holiday, Stratus processed 3 trillion tokens per day.", "the 2026 Lunar New Year holiday"),
    ("Stratus processed 3 trillion tokens per day in Q3 2025.", "Q3 2025"),
    ("Stratus processed 3 trillion tokens per day last month.", "last month"),
    ("Stratus processed 3 trillion tokens per day.", None),
])
def test_as_of_in_the_sentence(text, as_of):
    assert only(text)["as_of"] == as_of


def test_as_of_skips_baselines_and_later_clauses():
    c = only("Usage grew 300% from early 2024 levels.")
    assert c["as_of"] is None
    c = only("The app reached 10 million users in six weeks, one of the biggest stories of 2025.")
    assert c["as_of"] is None


def test_as_of_carries_through_the_paragraph():
    out = extract_claims("As of mid-2026, list prices are: Sol at $1/million input. Luna at $4/million input.")
    assert [c["as_of"] for c in out] == ["mid-2026", "mid-2026"]
    out = extract_claims("As of mid-2026, Sol costs $1 per million tokens.\nLuna costs $4 per million tokens.")
    assert [c["as_of"] for c in out] == ["mid-2026", None]


def test_as_of_norm_resolves_relative_times_against_published():
    out = extract_claims("Stratus processed 3 trillion tokens last month.", published="2026-05-20")
    assert (out[0]["as_of"], out[0]["as_of_norm"]) == ("last month", "2026-04")
    out = extract_claims("Stratus processed 3 trillion tokens last month.")
    assert out[0]["as_of_norm"] is None


# --- attribution ------------------------------------------------------------------------------
@pytest.mark.parametrize("text,source", [
    ("According to Sensor Tower, the app has 50 million users.", "Sensor Tower"),
    ("Chatter has 50 million users, according to Sensor Tower.", "Sensor Tower"),
    ("Sensor Tower reported that Chatter has 50 million users.", "Sensor Tower"),
    ("Sensor Tower's data shows Chatter has 50 million users.", "Sensor Tower"),
    ("A new study from Gartner finds that AI spending will reach $2 trillion.", "Gartner"),
    ("Chatter has 50 million users, the company said.", None),
    ("Chatter has 50 million users.", None),
])
def test_attribution_in_the_sentence(text, source):
    assert only(text)["attributed_to"] == source


def test_attribution_carries_to_the_end_of_the_paragraph_unless_the_text_turns_away():
    text = ("Sensor Tower reported that Chatter has 50 million users. It also grew 20% in May. "
            "For context: Rival has 80 million users.\nAnother paragraph: Echo has 5 million users.")
    out = extract_claims(text)
    assert [c["attributed_to"] for c in out] == ["Sensor Tower", "Sensor Tower", None, None]


def test_the_study_refers_back_to_the_named_study():
    text = ("A study from Omdia says the market will hit $90 billion.\n"
            "The study notes that China will reach $30 billion.")
    assert [c["attributed_to"] for c in extract_claims(text)] == ["Omdia", "Omdia"]


def test_intro_line_with_colon_carries_into_the_list():
    text = ("Ledger Research's report named three shifts:\n"
            "- Agents: one agent task can use 50x the tokens of a chat.\n"
            "- Price: rates fell 70% in a year.\n"
            "Separately, Echo has 5 million users.")
    assert [c["attributed_to"] for c in extract_claims(text)] == ["Ledger Research", "Ledger Research", None]


def test_number_inside_the_source_phrase_is_not_attributed_to_it():
    out = extract_claims("Routerly — a gateway with 3 million developers — reported that open models "
                         "took 45% of tokens.")
    assert [(c["value"], c["attributed_to"]) for c in out] == [(3e6, None), (45, "Routerly")]


@pytest.mark.parametrize("rule,text,subject", [
    ("appositive name", "The priciest input in the table, Orca Max, works out to $9 per million tokens.", "Orca Max"),
    ("put X at", "Analysts put global inference spending at $40 billion.", "global inference spending"),
    ("leading target", "On Orca Max, the daily bill is $420.", "Orca Max"),
    ("relative clause antecedent", "Sigma leads, ahead of Delta Cloud, which handles an estimated 20 trillion tokens daily.", "Delta Cloud"),
    ("price for", "Orca Labs' domestic price for Pico Mini is 2 yuan per million tokens.", "Pico Mini"),
    ("verb by shape", "Most mid-tier models sit at $2 per million input tokens.", "Most mid-tier models"),
    ("its + acronym", "Nova Chat launched in March. Its DAU reached 12 million in May.", "Nova Chat"),
    ("source as subject", "The Tally report highlighted 210% growth in robotics startups.", "robotics startups"),
])
def test_more_subject_rules(rule, text, subject):
    out = extract_claims(text)
    assert out and out[-1]["subject"] == subject, rule


def test_we_in_a_keynote_is_the_document_topic():
    text = ("Meridian Keynote: Scaling Inference\n"
            "Meridian opened its conference in Austin. Meridian is the largest neutral cloud.\n"
            "LINDQVIST: Today we serve 3 trillion tokens a day across Meridian regions.")
    out = extract_claims(text)
    assert out[-1]["subject"] == "Meridian"


# --- subjects are never times or fragments; list items continue the item above ---------------
def test_time_label_is_not_a_subject():
    out = extract_claims("Orca's share of routed tokens, by quarter:\n- Q1 2026: Orca took 18% of routed tokens.\n"
                         "- Q2 2026: 26%.\n")
    assert [(c["value"], c["subject"]) for c in out] == [(18, "Orca"), (26, "Orca")]


def test_list_item_without_label_keeps_its_own_subject():
    """Negative: an item that opens with its own words does not borrow the item above's subject."""
    out = extract_claims("- Orca served 3 trillion tokens a day.\n- Pico served 1 trillion tokens a day.\n")
    assert [c["subject"] for c in out] == ["Orca", "Pico"]


@pytest.mark.parametrize("phrase", ["Q4 2025", "the first quarter", "Thursday", "through public APIs in", "the", "rates and"])
def test_broken_subjects_are_rejected(phrase):
    from extract.claims.context import _broken_subject
    import re
    assert _broken_subject(phrase, re.findall(r"[\w.'’-]+", phrase.lower()))


@pytest.mark.parametrize("phrase", ["Orca", "Chinese open-weight models", "Q4 revenue growth", "Tianqiong's Hong Kong-listed shares"])
def test_real_subjects_are_kept(phrase):
    from extract.claims.context import _broken_subject
    import re
    assert not _broken_subject(phrase, re.findall(r"[\w.'’-]+", phrase.lower()))


# --- ratio comparands, product heads before 'at', adverbs, verbs by list --------------------
def test_comparand_drops_what_and_possessed_metric():
    out = extract_claims("Pico Mini reaches 90% of Orca Max's benchmark score.")
    assert out[0]["subject"] == "Pico Mini vs Orca Max"
    out = extract_claims("Pico is less than a tenth of what Orca charges.")
    assert out[0]["subject"] == "Pico vs Orca"


def test_pronoun_comparand_looks_further():
    out = extract_claims("Weekend traffic is roughly half that of a weekday.")
    assert out[0]["subject"] == "Weekend traffic vs a weekday"


def test_product_head_before_at():
    out = extract_claims("Helio Cloud now sells its Orca 3 model at 0.4 yuan per million input tokens.")
    assert out[0]["subject"] == "Orca 3"


def test_name_at_without_product_head_unchanged():
    """Negative: a plain 'X at $N' still takes X."""
    assert extract_claims("Pico Mini at $0.20 per million tokens is cheapest.")[0]["subject"] == "Pico Mini"


def test_trailing_adverb_dropped_from_subject():
    out = extract_claims("Cached reads typically cost 10% of the standard read rate.")
    assert out[0]["subject"] == "Cached reads vs the standard read rate"


def test_averages_is_a_verb_for_the_clause_subject():
    out = extract_claims("A coding session now averages around 900,000 tokens.")
    assert out[0]["subject"] == "A coding session"


@pytest.mark.parametrize("phrase", ["its January", "own gross merchandise volume", "capex between"])
def test_fragments_ending_in_a_month_or_starting_with_own_are_rejected(phrase):
    from extract.claims.context import _broken_subject, _phrase_words
    assert _broken_subject(phrase, _phrase_words(phrase))


def test_name_with_digits_is_not_a_fragment():
    """Negative: 'Flash 2' is a name, not the tail 'Flash' cut off."""
    from extract.claims.context import _broken_subject, _phrase_words
    assert not _broken_subject("Flash 2", _phrase_words("Flash 2"))


def test_elliptical_volume_keeps_the_period_of_the_volume_before_it():
    out = extract_claims("Kestrel routed 3.1 trillion tokens a week, while Harbor routed 900 billion.")
    assert [(c["metric"], c["value"], c["per"]) for c in out] == [
        ("token_volume", 3.1e12, "week"), ("token_volume", 9e11, "week")]


def test_elliptical_volume_with_a_total_keeps_no_period():
    """Negative: a total named in the sentence does not take the period."""
    out = extract_claims("Kestrel routed 3.1 trillion tokens a week; in total it has routed 90 trillion.")
    assert out[-1]["per"] is None


# --- labels before a colon, volumes named by usage/volume, owners of figures -------------

def _one(text):
    return [(c["metric"], c["value"], c["unit"], c["per"], c["subject"]) for c in extract_claims(text)]


def test_label_with_counted_noun_names_the_count():
    assert _one("Enterprise customers: 3,150 as of June.") == [("count", 3150, "customer", None, None)]


def test_label_with_token_noun_names_the_volume():
    assert _one("Harbor's daily token throughput: 4.5 trillion.") == [("token_volume", 4.5e12, "tokens", "day", "Harbor")]


def test_label_without_a_noun_gives_nothing():
    """Negative: 'Founded: 2019' and a bare name label state no claim."""
    assert _one("Founded: 2019.") == []


def test_scaled_usage_with_nothing_before_is_a_token_volume():
    assert _one("Kestrel's weekly volume stood at 6.2T.") == [("token_volume", 6.2e12, "tokens", "week", "Kestrel")]


def test_usage_with_money_cue_is_not_a_token_volume():
    """Negative: a spend volume with money words is not read as tokens."""
    assert [c for c in extract_claims("Annual spending volume on cloud hit 2 trillion.") if c["metric"] == "token_volume"] == []


def test_count_subject_is_never_the_counted_noun():
    out = extract_claims("Paying customers reached 8,400 in the quarter.")
    assert [(c["metric"], c["unit"], c["subject"]) for c in out] == [("count", "customer", None)]


def test_descriptive_anaphor_points_back_to_the_company():
    out = extract_claims("Kestrel launched its new model on Monday. The Shenzhen-based startup now serves 2,300 enterprises.")
    assert [(c["metric"], c["subject"]) for c in out] == [("count", "Kestrel")]


def test_management_points_back_to_the_company():
    out = extract_claims("Harbor reported revenue of 2 billion yuan. Management guided capex of 3 billion yuan for the year.")
    assert [c["subject"] for c in out] == ["Harbor", "Harbor"]


def test_named_organisation_stays_the_subject():
    """Negative: 'The Open Compute Foundation' is a name, not an anaphor."""
    out = extract_claims("Orca raised $200 million. The Open Compute Foundation counts 300 members.")
    assert out[-1]["subject"] == "The Open Compute Foundation"


# --- volumes phrased differently ---------------------------------------------------------

def test_volume_named_before_takes_the_period_of_the_clause():
    assert _one("Harbor's daily token consumption has passed 12 trillion.") == [
        ("token_volume", 1.2e13, "tokens", "day", "Harbor")]
    out = extract_claims("The number of tokens processed each week has reached 70 trillion.")
    assert [(c["metric"], c["value"], c["per"], c["subject"]) for c in out] == [("token_volume", 7e13, "week", None)]


def test_token_calls_are_a_token_volume():
    out = extract_claims("Daily token calls on Kestrel Cloud exceeded 25 trillion.")
    assert [(c["metric"], c["value"], c["per"]) for c in out] == [("token_volume", 2.5e13, "day")]


def test_api_calls_stay_calls():
    """Negative: 'API calls' are calls, not tokens."""
    out = extract_claims("Daily API calls on Kestrel Cloud rose to more than 2 billion.")
    assert [(c["metric"], c["unit"]) for c in out] == [("other", "call")]


def test_cumulative_volume_keeps_no_period():
    """Negative: a total since launch has no period, whatever period word is near."""
    out = extract_claims("Total tokens processed since launch have reached 400 trillion.")
    assert [(c["metric"], c["per"], c["subject"]) for c in out] == [("token_volume", None, None)]


# --- bare measures point back; question auxiliaries, periods and verbs are not owners ------

def test_bare_measure_subject_points_back_to_the_owner_named_before():
    out = extract_claims("Kestrel shipped its new assistant in March. Usage rose to 2.2 trillion tokens a day.")
    assert [(c["metric"], c["subject"]) for c in out] == [("token_volume", "Kestrel")]


def test_question_auxiliary_is_cut_from_the_subject():
    out = extract_claims("Is Harbor's 48% share of agent traffic sustainable?")
    assert [(c["metric"], c["value"], c["subject"]) for c in out] == [("share", 48, "Harbor")]


def test_named_measure_owner_is_kept():
    """Negative: a measure with a name in it is not a bare measure."""
    out = extract_claims("Orca API usage rose 40% in May.")
    assert out[0]["subject"] == "Orca API usage"


def test_share_of_a_group_has_the_group_as_scope():
    out = extract_claims("In the poll, 58% of respondents said they pay for two or more model APIs.")
    assert [(c["metric"], c["value"], c["subject"]) for c in out][0] == ("share", 58, "respondents")
    out = extract_claims("Only 9% of European insurers have agents in production.")
    assert [(c["metric"], c["subject"]) for c in out] == [("share", "European insurers")]
    out = extract_claims("One in four hospitals has cut transcription staff.")
    assert [(c["metric"], c["subject"]) for c in out] == [("share", "hospitals")]


def test_share_taken_by_a_named_part_keeps_the_part():
    """Negative: 'X took 61% of weekly tokens' is about X, not the whole."""
    out = extract_claims("Open-weight models took 34% of weekly tokens.")
    assert [(c["metric"], c["subject"]) for c in out] == [("share", "Open-weight models")]


def test_volume_over_one_named_period_takes_that_period():
    assert _one("Kestrel served more than 90 trillion tokens in the June quarter.")[0][3] == "quarter"
    assert _one("Harbor processed 4.4 trillion tokens in its busiest week of March.")[0][3] == "week"
    assert _one("Orca handled 2 trillion tokens on a single day in July.")[0][3] == "day"


def test_volume_over_several_periods_or_to_date_has_no_period():
    """Negative: 'in the past two years', 'this year so far' are totals."""
    assert _one("Orca has processed 40 trillion tokens in the past two years.")[0][3] is None
    assert _one("Users consumed 30 billion tokens on Orca this year so far.")[0][3] is None


def test_bare_revenue_points_back_to_the_owner_else_stays_as_written():
    out = extract_claims("Kestrel opened a paid tier in May. Revenue reached roughly $40 million.")
    assert [(c["metric"], c["subject"]) for c in out] == [("money", "Kestrel")]
    out = extract_claims("Revenue rose 40% year-on-year.")
    assert out[0]["subject"] == "Revenue"


def test_measure_with_a_modifier_stays_as_written():
    """Negative: 'Token prices' is a subject of its own, not a pointer back."""
    out = extract_claims("Token prices fall roughly 10x every year.")
    assert out[0]["subject"] == "Token prices"


def test_share_quote_stops_before_a_period_word_later_in_the_clause():
    out = extract_claims("About 35% of developers now use coding agents daily.")
    assert [(c["quote"], c["metric"], c["per"]) for c in out] == [("About 35%", "share", None)]
