"""Stories: threads of events, kept apart when one article bridges two of them."""

import math
from collections import Counter
from datetime import date

from newsweave import settings
from newsweave.cluster.events import EventState, event_profile
from newsweave.cluster.profile import ArticleProfile
from newsweave.cluster.similarity import smoothed_idf
from newsweave.cluster.stories import StoryIndex, StoryMember, StoryState


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


def test_a_grown_event_moves_to_the_thread_its_reports_as_a_whole_belong_to(monkeypatch):
    # The first report of a new happening names the airline and the Brexit deadline both and
    # lands in the airline's thread; the next three are about the Brexit talks alone. Asked
    # again once it has grown, the event moves to the Brexit thread, with all its reports.
    # threads this small would also fold as twins: here only the event's own move is asked
    monkeypatch.setattr(settings, "STORY_TWIN_SIMILARITY", 2.0)
    airline = ["ORG-ryanair", "PER-michael-oleary", "LOC-IE"]
    talks = ["PER-theresa-may", "PER-michel-barnier", "ORG-eu", "LOC-GB"]
    index = StoryIndex()
    airline_thread = thread(index, airline, ["c:flight", "c:ticket"], 3)
    talks_thread = thread(index, talks, ["c:negotiation", "c:deal"], 3)
    event = EventState(id="ev-brexit-clause")
    reports = [profile("first", airline + ["EVT-brexit"], ["c:flight", "c:deal"])] + [
        profile(f"next{n}", talks + ["EVT-brexit"], ["c:negotiation", "c:deal"]) for n in range(3)
    ]
    story = None
    for report in reports:
        event.add(report, "")
        story = index.place(report, event.id, story, "", idf)
    assert story == airline_thread  # where the first report put it, and the event followed
    moved = index.reconsider(event_profile(event), event.actors, story, idf)
    assert moved == talks_thread
    assert event.id in index.stories[talks_thread].event_ids
    assert event.id not in index.stories[airline_thread].event_ids
    assert "PER-theresa-may" not in index.stories[airline_thread].entities


def mixed_story(index, threads):
    """One story holding the events of several threads: (actors, concepts, events, reports
    per event) each; the story's id and its members as `split` weighs them."""
    story = StoryState(id=index._new_id())
    index.stories[story.id] = story
    members = []
    for entities, concepts, events, reports in threads:
        for n in range(events):
            event_id = f"ev-{entities[0]}-{n}"
            p = profile(event_id, entities, concepts)
            p.entities = {e: float(reports) for e in entities}
            p.concepts = {c: float(reports) for c in concepts}
            story.add(p, event_id, f"{entities[0]} {n}")
            members.append(StoryMember(event_id, p, Counter(p.entities), reports, event_id))
    return story.id, members


def test_a_story_of_two_topics_parts_in_two():
    index = StoryIndex()
    story_id, members = mixed_story(
        index,
        [(VOTE, ["c:vote", "c:election"], 12, 2), (STRIKE, ["c:strike", "c:train"], 6, 2)],
    )
    new_id = index.split(story_id, members, idf)
    assert new_id is not None
    assert sorted(index.stories[new_id].event_ids) == sorted(
        f"ev-{STRIKE[0]}-{n}" for n in range(6)
    )
    assert len(index.stories[story_id].event_ids) == 12
    assert "ORG-rail-union" not in index.stories[story_id].entities


def test_one_topic_and_a_few_outliers_stay_one_story():
    index = StoryIndex()
    one_topic, members = mixed_story(
        index,
        [(VOTE, ["c:vote", "c:election"], 10, 2), (VOTE[:2], ["c:vote", "c:count"], 8, 2)],
    )
    assert index.split(one_topic, members, idf) is None
    other = StoryIndex()
    with_outliers, members = mixed_story(
        other, [(VOTE, ["c:vote"], 16, 2), (STRIKE, ["c:strike"], 2, 2)]
    )
    assert other.split(with_outliers, members, idf) is None  # 4 of 36 reports


def test_a_young_story_asks_for_its_twin_often_an_old_one_rarely() -> None:
    from newsweave.cluster.stories import _TWIN_CHECKPOINTS

    assert {2, 3, 4, 5} <= _TWIN_CHECKPOINTS
    # log-many: a million events ask a few dozen times, so the cost per article stays flat
    asked = [n for n in _TWIN_CHECKPOINTS if n <= 1_000_000]
    assert len(asked) < 3 * math.log(1_000_000, 2)
