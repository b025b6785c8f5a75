"""extract.claims: counts and rates of things - a counted noun named before a bare number
('the number of X rose to N', 'X now number N'), a baseline 'up from N' that continues
the figure before it, rates of actions of any size ('31 messages a day'), lexicalised
compound units. Sentences written for these tests."""
from extract.claims import extract_claims


def rows(text):
    return [(c["metric"], c["value"], c["unit"], c["per"], c["qualifier"]) for c in extract_claims(text)]


def test_number_of_noun_names_the_count():
    out = rows("The number of paying developers on Orca rose to 3,400, from 1,900 in March.")
    assert out == [("count", 3400, "developer", None, "exact"), ("count", 1900, "developer", None, "exact")]


def test_noun_now_number_n():
    assert rows("Registered customers now number over 8,000.") == [("count", 8000, "customer", None, "at_least")]


def test_bare_number_without_counted_noun_is_not_a_count():
    """Negative: 'number' as in 'a number of' or no count noun gives no count."""
    assert rows("A number of vendors rose to the challenge in 2025.") == []


def test_rate_of_actions_of_small_size():
    assert rows("Each subscriber sends 12 messages a day on average.") == [("other", 12, "message", "day", "exact")]


def test_small_count_without_period_is_dropped():
    """Negative: '12 messages' with no period and no scale states nothing on its own."""
    assert rows("She read 12 messages before lunch.") == []


def test_baseline_after_from_continues_the_previous_figure():
    out = rows("Pico users now send 42 prompts a day, up from 17 last year.")
    assert out == [("other", 42, "prompt", "day", "exact"), ("other", 17, "prompt", "day", "exact")]


def test_baseline_in_words_is_not_inherited():
    """Negative: 'from one company' is not a baseline of the figure before."""
    out = rows("Half of the 90 trillion tokens came from one company.")
    assert all(r[1] != 1 for r in out)


def test_lexicalised_compound_unit():
    out = rows("The firm now handles more than 20,000 support tickets a day.")
    assert out == [("other", 20000, "support ticket", "day", "at_least")]


def test_calls_named_far_back_with_a_period_adverb():
    out = rows("Daily API calls to Pico's open platform have doubled since March to more than 800 million.")
    assert ("other", 800000000, "call", "day", "at_least") in out


def test_calls_far_back_without_a_period_are_not_read():
    """Negative: a total of calls with no period is not taken from the clause."""
    assert all(r[2] != "call" for r in rows("API calls to Orca's platform rose to 2 billion."))


def test_bare_figure_after_a_context_window_continues_it():
    """Negative for the wide clause rule: a restated threshold ('Orca's 200K') stays a threshold although 'tokens' is in its clause."""
    out = extract_claims("Prompts over 200K tokens cost double on Orca. Most chat requests use under 8,000 tokens, "
                         "and the price is the same per token regardless of window size until you cross a threshold "
                         "such as Orca's 200K.")
    assert [(c["metric"], c["value"], c["unit"]) for c in out][-1] == ("other", 200000, "token")


# --- small counts with an owner: "N of the M <noun>", a verb of owning or reaching ---------

def test_n_of_the_m_counts_the_part():
    assert rows("Analysts said four of the ten largest insurers now run claims triage on Mistral.") == [
        ("count", 4, "insurer", None, "exact")]


def test_n_of_its_m_with_digits():
    assert rows("Lumen said 18 of its 25 largest clients renewed in the quarter.") == [
        ("count", 18, "client", None, "exact")]


def test_small_count_after_owning_verb():
    out = extract_claims("Vantara operates 14 data centres across Southeast Asia.")
    assert [(c["metric"], c["value"], c["unit"]) for c in out] == [("count", 14, "data center")]
    assert out[0]["subject"] == "Vantara"


def test_small_count_of_regions_after_across():
    assert ("count", 9, "region", None, "exact") in rows("The lab now trains on 40,000 accelerators across nine regions.")


def test_small_count_after_signed():
    assert rows("Since January the startup has signed 35 enterprises.") == [("count", 35, "enterprise", None, "exact")]


def test_small_count_of_things_in_the_article_is_not_a_claim():
    """Negative: counts of the article's own items."""
    assert rows("This guide lists eight models worth a look for coding teams.") == []
    assert rows("Our comparison covers six providers and their rate cards.") == []


def test_small_count_without_owner_verb_stays_dropped():
    """Negative: a bare small count with no owner cue is not read."""
    assert rows("Six engineers sat down to rewrite the scheduler.") == []


def test_data_centers_in_either_spelling_are_counted():
    assert rows("Nimbus operates more than 120 data centers.") == [("count", 120, "data center", None, "at_least")]
    assert rows("Nimbus operates 45 datacentres in Europe.") == [("count", 45, "data center", None, "exact")]


def test_counted_noun_subject_of_a_verb_of_reaching():
    assert rows("Paying customers reached 8,400 in the quarter.") == [("count", 8400, "customer", None, "exact")]
    out = extract_claims("Orca's enterprise clients have grown to 1,900.")
    assert [(c["metric"], c["value"], c["unit"], c["subject"]) for c in out] == [("count", 1900, "client", "Orca")]


def test_actions_reaching_a_number_without_period_are_not_counts():
    """Negative: requests or calls reaching a number with no period are not a count."""
    assert rows("Daily requests reached 9,000.") == []


def test_n_of_a_possessor_m_counts_the_part_with_the_scope_as_subject():
    out = extract_claims("Nine of Asia's twenty largest insurers now use Kestrel for claims.")
    assert [(c["metric"], c["value"], c["unit"], c["subject"]) for c in out] == [("count", 9, "insurer", "Asia")]


def test_counted_things_that_pay_for_a_product_have_it_as_subject():
    out = extract_claims("Roughly 3,500 enterprises pay for Orca Teams.")
    assert [(c["metric"], c["value"], c["subject"]) for c in out] == [("count", 3500, "Orca Teams")]
    out = extract_claims("About 600 startups have built products on Harbor.")
    assert [(c["metric"], c["value"], c["subject"]) for c in out] == [("count", 600, "Harbor")]


def test_survey_respondent_groups_are_counted():
    assert rows("The poll reached 2,400 IT leaders in Europe.") == [("count", 2400, "leader", None, "exact")]


def test_sentence_opening_with_a_small_count_of_actors():
    assert ("count", 6, "startup", None, "exact") in rows("Six startups raised rounds above $500 million this year.")
    assert rows("Four Korean banks now route support chats through Orca.") == [("count", 4, "bank", None, "exact")]


def test_sentence_opening_with_a_small_count_of_models_is_not_a_claim():
    """Negative: 'Five models stand out' counts the article's picks, not actors."""
    assert rows("Five models stand out this quarter.") == []


def test_small_count_after_covers():
    assert rows("The contract covers five data centres in Texas.") == [("count", 5, "data center", None, "exact")]


def test_count_subject_is_the_product_the_counted_things_use():
    out = extract_claims("The number of hospitals using Orca Scribe rose to 1,400.")
    assert [(c["metric"], c["value"], c["unit"], c["subject"]) for c in out] == [("count", 1400, "hospital", "Orca Scribe")]


def test_customer_count_and_user_base_name_the_counted_noun():
    out = extract_claims("Kestrel's user base hit 3 million last month.")
    assert [(c["metric"], c["value"], c["unit"], c["per"], c["subject"]) for c in out] == [
        ("count", 3e6, "user", None, "Kestrel")]
    assert rows("Its customer count passed 12,000 in June.") == [("count", 12000, "customer", None, "at_least")]


def test_quoted_reach_verb_takes_the_noun_phrase_before_it():
    out = extract_claims("Harbor's chatbot topped 25 million daily active users.")
    assert out[0]["subject"] == "Harbor's chatbot"


def test_n_of_its_noun_counts_the_part():
    assert ("count", 85, "customer", None, "exact") in rows("Harbor said 85 of its customers spend over $1 million a year.")
    assert rows("Twelve of the insurers surveyed now use agents.") == [("count", 12, "insurer", None, "exact")]


def test_percent_of_its_noun_stays_a_share():
    """Negative: '40% of its customers' is a share, not a count."""
    assert rows("Harbor said 40% of its customers use agents.")[0][:3] == ("share", 40, "%")
