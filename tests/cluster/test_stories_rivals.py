"""Rival stories: one thread that started as two merges once its articles keep being torn
between them; two threads that only share a name stay apart."""

from datetime import date

import pytest

from newsweave import settings
from newsweave.cluster.profile import ArticleProfile
from newsweave.cluster.similarity import smoothed_idf
from newsweave.cluster.stories import StoryIndex


def idf(feature: str) -> float:
    return smoothed_idf(feature, 1, 50)


def profile(article_id: str, entities: list[str], concepts: list[str]) -> ArticleProfile:
    return ArticleProfile(
        article_id=article_id,
        language="de",
        day=date(2023, 3, 14),
        entities=dict.fromkeys(entities, 1.0),
        actors={e for e in entities if not e.startswith("LOC")},
        quotes=[],
        grams={},
        concepts=dict.fromkeys(concepts, 1.0),
    )


# One thread (a port strike) first reported under two sets of names: the union and its leader
# in one paper, the port authority and the minister in another.
UNION = ["ORG-dock-union", "PER-lena-berg"]
PORT = ["ORG-port-authority", "PER-minister-kraus"]
BOTH = ["c:union", "c:harbour"]  # what each paper's first report was about
# Another thread that shares the minister: a budget fight.
BUDGET = ["PER-minister-kraus", "ORG-finance-committee", "PER-otto-lang"]


@pytest.fixture
def quick_links(monkeypatch):
    monkeypatch.setattr(settings, "STORY_LINK_MIN_SEEN", 4)
    monkeypatch.setattr(settings, "STORY_TIE_RATIO", 0.5)


def two_starts(index: StoryIndex) -> tuple[str, str]:
    union = index.place(profile("a0", UNION, ["c:union"]), "ev-a0", None, "", idf)
    port = index.place(profile("b0", PORT, ["c:harbour"]), "ev-b0", None, "", idf)
    return union, port


def test_one_thread_started_twice_merges_once_its_articles_are_torn(quick_links):
    index = StoryIndex()
    union, port = two_starts(index)
    assert union != port
    placed = [
        index.place(profile(f"t{n}", UNION + PORT, BOTH), f"ev-t{n}", None, "", idf)
        for n in range(settings.STORY_LINK_MIN_SEEN + 1)
    ]
    assert index.resolve(union) == index.resolve(port)
    assert len(index.stories) == 1
    assert index.resolve(placed[0]) == index.resolve(placed[-1])


def test_two_threads_sharing_one_name_stay_apart(quick_links):
    index = StoryIndex()
    strike = index.place(profile("s0", PORT, ["c:strike", "c:port"]), "ev-s0", None, "", idf)
    budget = index.place(profile("u0", BUDGET[1:], ["c:budget"]), "ev-u0", None, "", idf)
    assert strike != budget
    for n in range(3 * settings.STORY_LINK_MIN_SEEN):
        index.place(
            profile(f"u{n + 1}", BUDGET, ["c:budget", "c:tax"]), f"ev-u{n + 1}", None, "", idf
        )
    assert index.resolve(strike) != index.resolve(budget)


def test_a_thread_begun_twice_folds_into_its_twin_once_its_events_double(quick_links):
    # The Polish papers' first report named the union by a name not yet linked to it; their
    # next report, an event of that young thread, names the union and the port as the others
    # do: as a whole that thread is now the strike thread, and it folds in.
    index = StoryIndex()
    union = index.place(profile("a0", UNION + PORT, BOTH), "ev-a0", None, "", idf)
    index.place(profile("a1", UNION + PORT, BOTH), "ev-a1", union, "", idf)
    polish = index.place(
        profile("p0", ["ORG-zwiazek-dokerow"], ["c:strike"]), "ev-p0", None, "", idf
    )
    assert polish != union
    folded = index.place(profile("p1", UNION + PORT, BOTH), "ev-p1", polish, "", idf)
    assert index.resolve(polish) == index.resolve(union) == folded


def test_rival_evidence_survives_a_save_and_a_reload(quick_links, monkeypatch):
    monkeypatch.setattr(settings, "STORY_TWIN_SIMILARITY", 2.0)  # here only the evidence counts
    index = StoryIndex()
    two_starts(index)
    index.place(profile("t0", UNION + PORT, BOTH), "ev-t0", None, "", idf)
    records = index.to_records()
    assert any(r.get("links") for r in records if r["kind"] == "story")
    reloaded = StoryIndex.from_records(records)
    assert reloaded.to_records() == records
    assert reloaded.stories == index.stories


def test_rivals_remembered_per_story_are_bounded(monkeypatch):
    monkeypatch.setattr(settings, "STORY_MAX_LINKS", 3)
    index = StoryIndex()
    first = index.place(profile("r0", ["ORG-rail"], []), "ev-r0", None, "", idf)
    for n in range(6):
        index._link(first, f"st{n + 90:05d}")
    assert len(index.stories[first].links) == 3


def test_a_story_is_asked_to_split_at_each_doubling_even_one_it_jumped_past():
    from newsweave.cluster import Clusterer
    from newsweave.cluster.stories import StoryState

    clusterer = Clusterer()
    asked: list[int] = []
    story = clusterer.stories.stories["st1"] = StoryState(id="st1")
    clusterer.stories.split = lambda story_id, members, idf: asked.append(len(story.event_ids))
    for count in (10, 20, 25, 40, 50, 64):  # 40: it took in another story's events at once
        story.event_ids = [f"ev{i}" for i in range(count)]
        clusterer._split_if_two_threads("st1")
    assert asked == [20, 40, 64]  # due at 16, 32 and 64 events
