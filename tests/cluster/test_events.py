"""Event and story clustering over hand-built articles in several languages."""

from datetime import date

from newsweave.cluster import Clusterer
from newsweave.model import Article, Mention, Quote, content_hash


def article(text, language, entities, quotes=(), day=None, title=""):
    digest = content_hash(text)
    mentions = [Mention(e, 0, len(e), e.split("-")[0], entity_id=e, canonical=e) for e in entities]
    return Article(
        id=digest[:16], source=f"{language}.txt", url=None, title=title or text[:40], text=text,
        raw=text, content_hash=digest, language=language, mentions=mentions,
        quotes=[Quote(q, 0, len(q)) for q in quotes], published=day, published_source="record",
    )


QUAKE = ["PER-maria-lopes", "LOC-city-coimbra", "ORG-civil-protection", "LOC-PT"]
TALKS = ["PER-olaf-scholz", "PER-emmanuel-macron", "LOC-city-berlin", "LOC-DE", "LOC-FR"]


def test_same_happening_in_three_languages_is_one_event_and_others_stay_apart():
    clusterer = Clusterer()
    day = date(2024, 5, 6)
    en = article(
        "An earthquake struck Coimbra on Monday, civil protection said.", "en",
        QUAKE, ["We have evacuated three hospitals and all the schools in the city centre"], day,
    )
    pt = article(
        "Um sismo atingiu Coimbra na segunda-feira, disse a proteção civil.", "pt",
        QUAKE, ["Evacuámos três hospitais e todas as escolas do centro da cidade"], day,
    )
    ru = article(
        "Землетрясение произошло в Коимбре в понедельник.", "ru",
        QUAKE, ["Мы эвакуировали три больницы и все школы в центре города"], day,
    )
    de = article(
        "Scholz und Macron trafen sich in Berlin zu Gesprächen über Energie.", "de",
        TALKS, ["Wir wollen die Energiewende gemeinsam schaffen"], day,
    )
    assignments = [clusterer.add(a) for a in (en, pt, ru, de)]
    assert en.event_id == pt.event_id == ru.event_id
    assert de.event_id != en.event_id
    assert assignments[0].new_event and not assignments[1].new_event
    assert "PER-maria-lopes" in assignments[1].shared_entities


def test_reports_weeks_apart_are_two_events_of_one_story():
    clusterer = Clusterer()
    first = article("Scholz and Macron agreed on a pipeline in Berlin.", "en", TALKS,
                    day=date(2024, 3, 12))
    later = article("Scholz et Macron ont signé le traité à Paris.", "fr",
                    ["PER-olaf-scholz", "PER-emmanuel-macron", "LOC-city-paris", "LOC-FR"],
                    day=date(2024, 4, 9))
    clusterer.add(first)
    clusterer.add(later)
    assert first.event_id != later.event_id
    assert first.story_id == later.story_id


def test_a_day_read_without_a_publication_date_does_not_prove_the_same_happening():
    # Two undated Bulgarian and Polish reports of different steps of the Brexit talks both name
    # the exit day: dated against their publication day they would be one event; undated,
    # the shared date may be a deadline they both mention, and they stay apart.
    brexit = ["PER-theresa-may", "PER-michel-barnier", "LOC-city-brussels", "LOC-GB", "ORG-eu"]
    exit_day = date(2019, 3, 29)

    def pair(published):
        bg = article(
            "Тереза Мей и Мишел Барние преговаряха в Брюксел за Брекзит. Кралството"
            " ще плати 39 милиарда, преди да напусне на 29 март 2019.",
            "bg",
            brexit,
            day=published,
        )
        pl = article(
            "Theresa May i Michel Barnier o brexicie w Brukseli. 320 posłów poparło"
            " ustawę, wyjście 29 marca 2019, 48 głosów przeciw.",
            "pl",
            brexit,
            day=published,
        )
        for report in (bg, pl):
            report.event_date = exit_day
        return bg, pl

    clusterer = Clusterer()
    bg, pl = pair(exit_day)
    clusterer.add(bg)
    clusterer.add(pl)
    assert bg.event_id == pl.event_id

    clusterer = Clusterer()
    bg, pl = pair(None)
    clusterer.add(bg)
    clusterer.add(pl)
    assert bg.event_id != pl.event_id
    assert bg.story_id == pl.story_id  # one thread all the same


def test_state_survives_a_round_trip_and_keeps_clustering():
    clusterer = Clusterer()
    first = article("Floods in Valencia after heavy rain.", "en",
                    ["LOC-city-valencia", "ORG-aemet", "LOC-ES"], day=date(2024, 10, 30))
    clusterer.add(first)
    restored = Clusterer.from_state(clusterer.to_state())
    again = article("Inundaciones en Valencia tras las lluvias.", "es",
                    ["LOC-city-valencia", "ORG-aemet", "LOC-ES"], day=date(2024, 10, 30))
    restored.add(again)
    assert len(restored.event_list()) == 1
    assert {m[0] for m in restored.changed_memberships()} == {first.id, again.id}
    assert list(restored.changed_memberships()) == []  # reported once


def test_event_grams_saved_packed_or_as_an_older_json_object_load_the_same():
    clusterer = Clusterer()
    clusterer.add(article("Un incendio ha distrutto il mercato coperto di Bologna.", "it",
                          ["LOC-city-bologna", "LOC-IT"], day=date(2024, 5, 2)))
    records = clusterer.events.to_records()
    (event,) = [r for r in records if r["kind"] == "event"]
    assert isinstance(event["grams"], str)  # packed
    live = clusterer.events.events[event["id"]]
    older = dict(event, grams={str(k): v for k, v in live.grams.items()},
                 title_grams={str(k): v for k, v in live.title_grams.items()})
    for saved in (records, [older if r is event else r for r in records]):
        restored = Clusterer.from_state({"events": saved}).events.events[event["id"]]
        assert restored.gram_bag() == live.grams and restored.title_grams == live.title_grams
        assert restored.gram_length() == live.gram_length()


def test_an_event_read_from_the_store_keeps_its_grams_packed_until_they_are_needed():
    clusterer = Clusterer()
    for text in ("Un incendio ha distrutto il mercato coperto di Bologna.",
                 "Il mercato coperto di Bologna è stato distrutto da un incendio."):
        clusterer.add(article(text, "it", ["LOC-city-bologna", "LOC-IT"], day=date(2024, 5, 2)))
    records = clusterer.events.to_records()
    (event,) = [r for r in records if r["kind"] == "event"]
    live = clusterer.events.events[event["id"]]
    restored = Clusterer.from_state({"events": records}).events.events[event["id"]]
    assert restored.packed_grams == event["grams"] and not restored.grams
    # its norm and its record come from the packed form: nothing was read into a bag
    assert restored.gram_length() == live.gram_length()
    (again,) = [r for r in Clusterer.from_state({"events": records}).events.to_records()
                if r["kind"] == "event"]
    assert again["grams"] == event["grams"]
    assert restored.packed_grams is not None
    assert restored.gram_bag() == live.grams and restored.packed_grams is None


def test_a_quotation_every_report_repeats_is_kept_once_per_event():
    said = "Nikdy jsme neviděli takovou vodu v ulicích našeho města"
    clusterer = Clusterer()
    for text in ("Povodeň zaplavila centrum Olomouce.", "Voda v Olomouci stoupá dál.",
                 "Olomouc evakuuje obyvatele nábřeží."):
        clusterer.add(article(text, "cs", ["LOC-city-olomouc", "LOC-CZ"], quotes=[said],
                              day=date(2024, 9, 15)))
    (event,) = clusterer.events.events.values()
    assert len(event.article_ids) == 3
    assert event.quotes == [(said, "cs")]
