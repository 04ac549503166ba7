"""Stories: threads of events, kept apart when one article bridges two of them."""

import math
from datetime import date

from newsweave import settings
from newsweave.cluster.profile import ArticleProfile
from newsweave.cluster.similarity import smoothed_idf
from newsweave.cluster.stories import StoryIndex


def idf(feature: str) -> float:
    return smoothed_idf(feature, 1, 50)


def profile(article_id, entities, concepts=(), actors=None, day=date(2024, 9, 2)):
    return ArticleProfile(
        article_id=article_id,
        language="en",
        day=day,
        entities=dict.fromkeys(entities, 1.0),
        actors=set(entities if actors is None else actors),
        quotes=[],
        grams={},
        concepts=dict.fromkeys(concepts, 1.0),
    )


VOTE = ["PER-ana-petrova", "ORG-election-board", "LOC-BG"]
STRIKE = ["ORG-rail-union", "PER-jan-novak", "LOC-CZ"]


def thread(index, entities, concepts, events):
    """One story built from `events` events of the same actors; its id."""
    story = None
    for n in range(events):
        p = profile(f"{entities[0]}-{n}", entities, concepts)
        story = index.place(p, f"ev-{entities[0]}-{n}", story, "", idf)
    return story


def test_two_established_threads_stay_apart_when_their_events_merge():
    index = StoryIndex()
    vote = thread(index, VOTE, ["c:vote", "c:election"], 5)
    strike = thread(index, STRIKE, ["c:strike", "c:train"], 5)
    assert vote != strike
    index.join_for_event_merge(vote, strike, f"ev-{STRIKE[0]}-4")
    assert len(index.stories) == 2
    assert f"ev-{STRIKE[0]}-4" not in index.stories[strike].event_ids


def test_a_young_thread_folds_into_an_established_one():
    index = StoryIndex()
    vote = thread(index, VOTE, ["c:vote"], 5)
    young = thread(index, STRIKE, ["c:strike"], 1)
    kept = index.join_for_event_merge(vote, young, f"ev-{STRIKE[0]}-0")
    assert kept == vote and index.resolve(young) == vote
    assert f"ev-{STRIKE[0]}-0" in index.stories[vote].event_ids


def test_story_similarity_matches_a_cosine_computed_from_scratch():
    index = StoryIndex()
    story_id = thread(index, VOTE, ["c:vote", "c:election"], 3)
    index.place(
        profile("other", VOTE[:2] + ["PER-someone"], ["c:vote"], actors=["PER-someone"]),
        "ev-x",
        story_id,
        "",
        idf,
    )
    story = index.stories[story_id]
    article = profile("new", VOTE[:2], ["c:election"], actors=[VOTE[0]])

    def weight(e, actors):
        return idf(e) * (settings.STORY_ACTOR_BOOST if e in actors else 1.0)

    a = {e: weight(e, article.actors) for e in article.entities}
    b = {e: n * weight(e, story.actors) for e, n in story.entities.items()}
    entities = sum(v * b.get(e, 0.0) for e, v in a.items()) / (
        math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    )
    c = {f: idf(f) for f in article.concepts}
    d = {f: n * idf(f) for f, n in story.concepts.items()}
    concepts = sum(v * d.get(f, 0.0) for f, v in c.items()) / (
        math.sqrt(sum(v * v for v in c.values())) * math.sqrt(sum(v * v for v in d.values()))
    )
    expected = settings.STORY_WEIGHT_ENTITIES * entities + settings.STORY_WEIGHT_CONCEPTS * concepts
    assert math.isclose(index.similarity(article, story, idf), expected, rel_tol=1e-9)
