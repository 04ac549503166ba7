"""Pairwise article similarity: signals across languages and scripts, written for the test."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.cluster.encoder import dense_cosine
from newsweave.cluster.profile import (
    article_profile,
    bag_profile,
    concept_bag,
    profile_from_record,
    profile_record,
)
from newsweave.cluster.similarity import (
    SAME_LANGUAGE,
    SHORTER_TEXT,
    SIGNALS,
    TreeModel,
    article_similarity,
    date_proximity,
    fitted_models,
    model_for,
    model_from_json,
    model_terms,
    pair_signals,
    smoothed_idf,
    tree_from_json,
)
from newsweave.model import Article, Mention, Quote, content_hash


def article(text, language, entities, quotes=(), day=None, title=""):
    digest = content_hash(text)
    mentions = [Mention(e, 0, len(e), e.split("-")[0], entity_id=e, canonical=e) for e in entities]
    return Article(
        id=digest[:16], source=f"{language}.txt", url=None, title=title, text=text, raw=text,
        content_hash=digest, language=language, mentions=mentions,
        quotes=[Quote(q, 0, len(q)) for q in quotes], published=day,
    )


def idf(feature: str) -> float:
    return smoothed_idf(feature, 0, 10)


DAY = date(2025, 2, 3)
FIRE_EN = article(
    "A forest fire near Split forced the evacuation of 800 residents on Monday. Firefighters "
    "said strong wind spread the flames towards the coast.", "en",
    ["LOC-city-split", "ORG-croatian-firefighters", "LOC-HR"],
    ["The wind changed direction three times during the night"], DAY,
)
FIRE_CS = article(
    "Lesní požár u Splitu si v pondělí vynutil evakuaci 800 obyvatel. Hasiči uvedli, že silný "
    "vítr hnal plameny k pobřeží.", "cs",
    ["LOC-city-split", "ORG-croatian-firefighters", "LOC-HR"],
    ["Vítr během noci třikrát změnil směr"], DAY,
)
BUDGET_RU = article(
    "Парламент Эстонии в среду одобрил бюджет на 2026 год. Министр финансов сказал, что налоги "
    "на доходы не вырастут.", "ru",
    ["ORG-riigikogu", "PER-juri-ligi", "LOC-EE"],
    ["Налоги на доходы в следующем году останутся прежними"], date(2025, 5, 14),
)


def test_same_happening_in_two_languages_is_closer_than_an_unrelated_report():
    en, cs, ru = (article_profile(a) for a in (FIRE_EN, FIRE_CS, BUDGET_RU))
    same = article_similarity(en, cs, idf)
    other = article_similarity(en, ru, idf)
    assert same > other + 0.2, (same, other)


def test_every_signal_lies_between_zero_and_one():
    en, ru = article_profile(FIRE_EN), article_profile(BUDGET_RU)
    signals = pair_signals(en, ru, idf)
    assert set(signals) == {*SIGNALS, SAME_LANGUAGE, SHORTER_TEXT}
    assert all(0.0 <= v <= 1.0 for v in signals.values()), signals


def test_concept_bag_meets_across_scripts():
    latin = concept_bag("Il fiume Tanaro è esondato sabato dopo tre giorni di pioggia.", "it")
    greek = concept_bag("Ο ποταμός Τάναρο πλημμύρισε το Σάββατο μετά από τρεις μέρες βροχής.", "el")
    assert set(latin) & set(greek)  # the river concept and the transliterated name survive


def test_an_unknown_date_is_neither_evidence_for_nor_against():
    assert date_proximity(DAY, DAY) == 1.0
    assert date_proximity(None, DAY) == 0.5
    assert date_proximity(DAY, date(2025, 3, 3)) < 0.01


def test_rare_features_weigh_more_than_common_ones():
    assert smoothed_idf("PER-someone", 1, 1000) > smoothed_idf("c:say", 1, 1000)
    assert smoothed_idf("PER-someone", 1, 1000) > smoothed_idf("PER-someone", 500, 1000)


def test_dense_cosine_is_absent_without_vectors():
    assert dense_cosine(None, [1.0]) is None
    assert dense_cosine([0.6, 0.8], [0.6, 0.8]) == 1.0 or abs(
        dense_cosine([0.6, 0.8], [0.6, 0.8]) - 1.0) < 1e-9


# no deadline: the first example of a language loads its lemma dictionary
@settings(deadline=None)
@given(st.text(max_size=300), st.sampled_from(["en", "ru", "el", "zh", "xx"]))
def test_concept_bag_takes_any_text(text, language):
    bag = concept_bag(text, language)
    assert all(weight >= 1.0 for weight in bag.values())


def test_model_terms_are_signals_roots_and_either():
    terms = model_terms(
        {"concepts": 0.25, "quotes": 0.5, "dates": 2.0}, ["concepts", "quotes", "dates"]
    )
    assert terms["concepts"] == 0.25 and terms["√concepts"] == 0.5
    assert terms["concepts|quotes"] == 0.25 + 0.5 - 0.125
    assert terms["dates"] == 1.0  # clipped into [0, 1]
    assert "quotes|concepts" not in terms


SHIPPED = [(use, key) for use, models in fitted_models().items() for key in sorted(models)]


@settings(deadline=None, max_examples=80)
@given(
    st.sampled_from(SHIPPED),
    st.lists(st.floats(0.0, 1.0), min_size=len(SIGNALS) + 3, max_size=len(SIGNALS) + 3),
    st.booleans(),
    st.floats(0.0, 1.0),
    st.integers(0, len(SIGNALS) + 2),
    st.floats(0.0, 1.0),
)
def test_more_shared_evidence_never_lowers_the_score(shipped, values, same, short, index, more):
    # every shipped model, the encoders' cosines included; the conditions either way
    model = model_for(shipped[1], shipped[0])
    names = [n for n in model.signals if n not in (SAME_LANGUAGE, SHORTER_TEXT)]
    signals = dict(zip(names, values, strict=False)) | {
        SAME_LANGUAGE: float(same),
        SHORTER_TEXT: short,
    }
    signal = names[index % len(names)]
    raised = {**signals, signal: max(signals[signal], more)}
    assert model.score(raised) >= model.score(signals) - 1e-12


@settings(deadline=None, max_examples=80)
@given(
    st.sampled_from(SHIPPED),
    st.lists(st.floats(0.0, 1.0), min_size=len(SIGNALS) + 3, max_size=len(SIGNALS) + 3),
    st.floats(0.0, 1.0),
)
def test_lexical_raises_the_score_no_higher_than_its_ceiling(shipped, values, lexical):
    # the clusterer skips the costly lexical signal when the score cannot cross the threshold
    model = model_for(shipped[1], shipped[0])
    signals = dict(zip(model.signals, values, strict=False)) | {"lexical": 0.0}
    without = model.score(signals)
    assert model.score({**signals, "lexical": lexical}) <= (
        model.ceiling(signals, "lexical", without) + 1e-9
    )


def test_trees_take_the_left_branch_up_to_the_threshold():
    model = TreeModel(
        ("entities", "e5"),
        (tree_from_json([1, 0.5, -0.25, [0, 0.2, 0.0, 0.5]]), 0.125),
        0.25,
    )
    assert model.score({"e5": 0.5, "entities": 1.0}) == 0.25 - 0.25 + 0.125
    assert model.score({"e5": 0.9, "entities": 0.1}) == 0.25 + 0.0 + 0.125
    assert model.score({"e5": 0.9, "entities": 0.9}) == 0.25 + 0.5 + 0.125
    assert model.score({"e5": 7.0, "entities": 9.0}) == model.score({"e5": 1, "entities": 1})
    assert model.ceiling({"e5": 0.9}, "entities", 0.375) == 0.875
    assert model.ceiling({"e5": 0.9}, "lexical", 0.375) == 0.375  # not one of its signals


def test_the_same_article_in_another_language_counts_as_such():
    same = pair_signals(article_profile(FIRE_EN), article_profile(FIRE_EN), idf)
    crossed = pair_signals(article_profile(FIRE_EN), article_profile(FIRE_CS), idf)
    assert same[SAME_LANGUAGE] == 1.0 and crossed[SAME_LANGUAGE] == 0.0


def test_a_page_left_with_its_headline_is_a_short_text():
    # a Hungarian wire page whose body the scraper lost, against the full Czech report
    headline_only = article("Erdőtűz Split mellett: 800 lakost kiürítettek", "hu", ["LOC-city-split"])
    short = pair_signals(article_profile(headline_only), article_profile(FIRE_CS), idf)
    full = pair_signals(article_profile(FIRE_EN), article_profile(FIRE_CS), idf)
    assert short[SHORTER_TEXT] < 0.1 < full[SHORTER_TEXT] <= 1.0
    # an event's summed bags have no length: the condition says nothing then
    bags = bag_profile("event-1", DAY, {"LOC-city-split": 1.0}, [], {})
    assert pair_signals(bags, article_profile(FIRE_CS), idf)[SHORTER_TEXT] == 1.0


def test_a_stored_profile_keeps_its_text_length():
    profile = article_profile(FIRE_CS)
    assert profile.text_chars == len(FIRE_CS.text)
    assert profile_from_record(profile_record(profile)).text_chars == len(FIRE_CS.text)
    record = profile_record(profile)
    del record["text_chars"]  # stored by a newsweave before the field
    assert profile_from_record(record).text_chars is None


def test_a_blend_scores_the_mean_of_its_models_moved_by_its_intercept():
    trees = {"signals": ["e5"], "intercept": 0.25, "trees": [[0, 0.5, 0.0, 0.5]]}
    summed = {"signals": ["e5", "concepts"], "intercept": 0.0, "weights": {"concepts": 1.0}}
    blend = model_from_json(
        {"signals": ["e5", "concepts"], "intercept": 0.1, "blend": [trees, summed]}
    )
    assert blend.signals == ("e5", "concepts")
    assert blend.score({"e5": 0.9, "concepts": 0.5}) == 0.1 + (0.75 + 0.5) / 2
    assert blend.score({"e5": 0.1, "concepts": 0.0}) == 0.1 + (0.25 + 0.0) / 2
    assert blend.ceiling({"e5": 0.1, "concepts": 0.0}, "e5", 0.225) == 0.1 + (0.75 + 0.0) / 2
