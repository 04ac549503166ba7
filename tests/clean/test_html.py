"""HTML pages: main text via trafilatura, metadata from the markup, then the line cleaner."""

from __future__ import annotations

from newsweave.clean import clean_document
from newsweave.model import RawDocument

PARAGRAPHS = [
    "La commune a inauguré samedi une nouvelle médiathèque dans l'ancienne gare du centre-ville, "
    "après trois années de travaux et un chantier plusieurs fois retardé.",
    "Le bâtiment accueille désormais quarante mille livres, une salle de concert et un espace "
    "consacré aux jeux vidéo, ouvert aux habitants tous les jours de la semaine.",
    "« Nous voulions un lieu ouvert à toutes les générations », a expliqué la maire lors de "
    "l'inauguration, devant plusieurs centaines de personnes venues visiter les lieux.",
    "Le projet a coûté douze millions d'euros, financés en grande partie par la région et "
    "par l'État, selon les chiffres communiqués par la mairie.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="fr"><head>
<meta charset="utf-8">
<title>Une médiathèque ouvre dans l'ancienne gare | Le Courrier du Val</title>
<meta property="og:site_name" content="Le Courrier du Val">
<meta property="og:title" content="Une médiathèque ouvre dans l'ancienne gare">
<meta property="article:published_time" content="2024-05-18T09:30:00+02:00">
<meta property="article:modified_time" content="2024-05-19T11:00:00+02:00">
<link rel="canonical" href="https://courrier-du-val.example/culture/mediatheque-gare">
</head><body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/culture">Culture</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Une médiathèque ouvre dans l'ancienne gare</h1>
<div class="share">Partager : <a href="#">Facebook</a> | <a href="#">X</a></div>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<aside><h2>Lire aussi</h2><ul>
<li><a href="/a">Le festival d'été dévoile sa programmation</a></li></ul></aside>
<section class="comments"><h3>Commentaires (2)</h3><p>Super nouvelle pour la ville !</p></section>
<footer><a href="/mentions">Mentions légales</a> <a href="/contact">Contact</a></footer>
</body></html>"""


def test_html_main_text_and_metadata() -> None:
    article = clean_document(RawDocument(source="page.html", html=PAGE))
    assert article.title == "Une médiathèque ouvre dans l'ancienne gare"
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    assert "Mentions légales" not in article.text
    assert "Super nouvelle" not in article.text
    assert article.meta["site"] == "Le Courrier du Val"
    assert article.meta["html_date"] == "2024-05-18"
    assert (
        article.meta["canonical_url"] == "https://courrier-du-val.example/culture/mediatheque-gare"
    )
    assert "mediatheque" not in article.raw or article.raw.count(PARAGRAPHS[0]) == 1


def test_html_fallback_when_extraction_finds_little() -> None:
    html = "<html><body><p>Kurzer Text über den Hafen, der heute eröffnet wurde.</p></body></html>"
    article = clean_document(RawDocument(source="tiny.html", html=html))
    assert "Hafen" in article.text


def test_record_title_and_site_win_over_markup() -> None:
    raw = RawDocument(source="r.html", html=PAGE, title="Titre du flux", site="Flux")
    article = clean_document(raw)
    assert article.title == "Titre du flux"
    assert article.meta["site"] == "Flux"
