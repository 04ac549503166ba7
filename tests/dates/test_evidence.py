"""Page evidence for the publication date: each source apart, and the order that chooses."""

from datetime import date

import lxml.html

from newsweave.dates import choose_publication, evidence_meta, publication_evidence
from newsweave.dates.evidence import byline_dates, page_dates, url_date
from newsweave.model import RawDocument

PAGE = """<html><head><title>Le Sénat adopte la réforme des retraites | Le Quotidien</title>
<meta property="article:published_time" content="2024-03-12T23:40:00Z">
<meta property="article:modified_time" content="2024-03-14T08:00:00Z">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "Organization", "name": "Le Quotidien", "foundingDate": "1998-01-01",
  "datePublished": "1998-01-01"},
 {"@type": "NewsArticle", "headline": "Le Sénat adopte la réforme",
  "datePublished": "2024-03-13T00:40:00+01:00", "dateModified": "2024-03-14T09:00:00+01:00"}]}
</script></head><body>
<nav><span>Mercredi 20 mars 2024</span></nav>
<h1 class="masthead">Le Quotidien</h1>
<article><h1>Le Sénat adopte la réforme des retraites</h1>
<p class="byline">Par Claire Martin</p><p>Publié le 13 mars 2024 à 00h40</p>
<p>Mis à jour le 14 mars 2024 à 09h00</p>
<figure><img src="x.jpg"><figcaption>Le Palais du Luxembourg, le 11 mars 2024.</figcaption>
</figure><p>Les sénateurs ont adopté mercredi soir le texte, après trois jours de débats.</p>
<time datetime="2024-03-13T00:40:00+01:00">13/03/2024</time></article></body></html>"""


def test_each_source_is_kept_apart():
    found = page_dates(PAGE, "https://lequotidien.example/2024/03/13/senat-retraites", "fr")
    assert found["jsonld"] == date(2024, 3, 13)  # the article's, not the publisher's founding
    assert found["meta"] == date(2024, 3, 12)  # the same moment, in UTC
    assert found["time"] == date(2024, 3, 13)
    assert found["url"] == date(2024, 3, 13)
    assert found["byline"] == date(2024, 3, 13)  # under the headline, not the masthead's day
    assert found["modified"] == date(2024, 3, 14)


def test_the_headline_is_the_h1_the_title_repeats():
    tree = lxml.html.fromstring(PAGE)
    assert byline_dates(tree, "fr", [])["byline"] == date(2024, 3, 13)


def test_an_update_label_makes_it_the_update_not_the_publication():
    page = """<html><head><title>Kabinett beschließt Haushalt</title></head><body>
    <h1>Kabinett beschließt Haushalt</h1><span>Aktualisiert</span><span>5. Juli 2024</span>
    <p>Die Bundesregierung hat am Mittwoch den Entwurf für den Haushalt beschlossen.</p>
    </body></html>"""
    found = byline_dates(lxml.html.fromstring(page), "de", [])
    assert found == {"byline_updated": date(2024, 7, 5)}


def test_a_date_that_reads_two_ways_takes_the_confirmed_reading():
    page = """<html><head><title>Ayuntamiento aprueba el presupuesto</title></head><body>
    <h1>Ayuntamiento aprueba el presupuesto</h1><p>03/04/24</p></body></html>"""
    tree = lxml.html.fromstring(page)
    assert byline_dates(tree, "es", [date(2024, 4, 3)])["byline"] == date(2024, 4, 3)
    assert byline_dates(tree, "es", [date(2024, 3, 4)])["byline"] == date(2024, 3, 4)


def test_dates_in_addresses():
    assert url_date("https://example.com/news/2019/11/18/story.html") == date(2019, 11, 18)
    assert url_date("https://example.com/world/2019/nov/18/hong-kong") == date(2019, 11, 18)
    assert url_date("https://example.com/biology/tuft-cells-20191115/") == date(2019, 11, 15)
    assert url_date("https://example.com/2019/11/opening") is None  # a month is not a day
    assert url_date("https://example.com/article/1077343476") is None
    assert url_date(None) is None


def test_byline_first_then_address_then_markup():
    evidence = {"meta": date(2024, 3, 12), "url": date(2024, 3, 13), "byline": date(2024, 3, 14)}
    assert choose_publication(evidence) == (date(2024, 3, 14), "byline")
    del evidence["byline"]
    assert choose_publication(evidence) == (date(2024, 3, 13), "url")


def test_an_earlier_printed_update_bounds_a_utc_publication():
    evidence = {"meta": date(2019, 11, 20), "byline_updated": date(2019, 11, 19)}
    assert choose_publication(evidence) == (date(2019, 11, 19), "byline_updated")
    evidence = {"meta": date(2019, 11, 20), "byline_updated": date(2019, 11, 21)}
    assert choose_publication(evidence) == (date(2019, 11, 20), "meta")


def test_the_last_update_alone_is_never_the_publication():
    assert choose_publication({"modified": date(2024, 1, 2)}) == (None, "")


def test_a_page_without_any_date_has_none():
    page = "<html><body><h1>Рецепт борща</h1><p>Свёклу натрите на тёрке.</p></body></html>"
    evidence = publication_evidence(RawDocument("x", html=page), {}, "ru")
    assert choose_publication(evidence) == (None, "")


def test_evidence_goes_to_meta_by_source():
    evidence = {"url": date(2019, 11, 18), "byline": date(2019, 11, 18)}
    assert evidence_meta(evidence) == {"date_byline": "2019-11-18", "date_url": "2019-11-18"}


def test_a_record_date_comes_first_and_a_text_record_still_has_its_address():
    raw = RawDocument(
        "x",
        text="Il governo ha approvato il decreto.",
        published="2024-03-11",
        url="https://example.it/2024/03/10/decreto",
    )
    evidence = publication_evidence(raw, {}, "it")
    assert evidence == {"record": date(2024, 3, 11), "url": date(2024, 3, 10)}
    assert choose_publication(evidence) == (date(2024, 3, 11), "record")


def test_a_printed_date_nothing_else_supports_is_a_caption_not_the_byline():
    evidence = {"byline": date(2019, 11, 17), "meta": date(2019, 11, 20), "url": date(2019, 11, 20)}
    assert choose_publication(evidence) == (date(2019, 11, 20), "url")
    # a day apart is the same moment in another time zone
    evidence["byline"] = date(2019, 11, 19)
    assert choose_publication(evidence) == (date(2019, 11, 19), "byline")
    # the last update confirms it too: some pages print that as their date
    assert choose_publication(
        {"byline": date(2019, 4, 10), "meta": date(2018, 4, 18), "modified": date(2019, 4, 10)}
    ) == (date(2019, 4, 10), "byline")
    # alone, it stands
    assert choose_publication({"byline": date(2019, 11, 17)}) == (date(2019, 11, 17), "byline")
