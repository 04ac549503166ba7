"""Language and script detection on sentences in many languages."""

import pytest

from newsweave.langs import detect_language, dominant_script

SENTENCES = {
    "en": ("The central bank kept interest rates unchanged on Thursday.", "Latin"),
    "de": ("Die Zentralbank hat die Zinsen am Donnerstag nicht verändert.", "Latin"),
    "it": ("La banca centrale ha lasciato invariati i tassi giovedì.", "Latin"),
    "pt": ("O banco central manteve as taxas de juro inalteradas na quinta-feira.", "Latin"),
    "pl": ("Bank centralny pozostawił w czwartek stopy procentowe bez zmian.", "Latin"),
    "ru": ("Центральный банк в четверг сохранил ключевую ставку без изменений.", "Cyrillic"),
    "bg": ("Централната банка запази лихвените проценти непроменени в четвъртък.", "Cyrillic"),
    "uk": ("Центральний банк у четвер залишив облікову ставку без змін.", "Cyrillic"),
    "el": ("Η κεντρική τράπεζα διατήρησε αμετάβλητα τα επιτόκια την Πέμπτη.", "Greek"),
    "ar": ("أبقى البنك المركزي أسعار الفائدة دون تغيير يوم الخميس.", "Arabic"),
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_language_and_script(language):
    text, script = SENTENCES[language]
    guess = detect_language(text)
    assert guess.language == language
    assert guess.script == script
    assert guess.confidence > 0.2


def test_empty_text_is_undetermined():
    assert detect_language("  ").language == ""
    assert dominant_script("12345 !!") == ""


def test_chinese_script_is_han():
    assert dominant_script("国家主席习近平周五会见了来访的总统。") == "Han"


def test_chinese_with_many_latin_names_is_still_chinese():
    # Each ideograph is a word, so the Latin letters of the names outnumber the Han ones.
    text = (
        "Simon Coveney 周四在 Belfast 会见了 Stormont 各党派代表，呼吁 DUP 和 Sinn Féin 重启谈判。"
    )
    assert detect_language(text).language == "zh"


def test_a_script_one_language_owns_needs_no_statistics():
    guess = detect_language("Η κυβέρνηση ανακοίνωσε νέα μέτρα.")
    assert (guess.language, guess.confidence, guess.script) == ("el", 1.0, "Greek")


def test_short_texts_do_not_load_every_model():
    # lingua's high-accuracy mode loaded the 1- to 5-letter models of every Latin-script
    # language at the first short text (510 MB, 6 s); its trigram models take some 30 MB.
    import subprocess
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc")
    probe = (
        "def rss(): return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20\n"
        "from newsweave.langs import detect_language\n"
        "before = rss()\n"
        "de = detect_language('Der Regen hat in der Nacht aufgehört, die Straßen sind frei.')\n"
        "pl = detect_language('Powódź zalała w nocy dwie wsie nad Odrą.')\n"
        "print(de.language, pl.language, round(rss() - before))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    german, polish, grown = run.stdout.split()
    assert (german, polish) == ("de", "pl")
    assert int(grown) < 150, f"two short texts cost {grown} MB"


def test_models_load_ahead_for_the_scripts_of_the_languages_named():
    from newsweave.langs import detect

    detect._detector.cache_clear()
    detect.load_models(["pl", "bg", "el", "xx"])  # Greek is told by its script alone
    assert detect._detector.cache_info().currsize == 2  # the Latin and the Cyrillic one
    detect.load_models(["cs", "ru"])  # the same scripts: nothing new is built
    assert detect._detector.cache_info().currsize == 2
    assert detect.detect_language("Powódź zalała w nocy dwie wsie nad Odrą.").language == "pl"


def test_close_candidates_of_a_short_line_are_told_by_their_dictionaries(monkeypatch):
    # lingua's trigrams can rank Bosnian over Slovene on this line (how it ranks depends on
    # what it read before); the Slovene dictionary knows its words (župan, včeraj, odprl,
    # šolo), the Serbo-Croatian one few of them.
    from lingua import ConfidenceValue, Language

    from newsweave.langs import detect

    line = "Župan je včeraj odprl novo šolo v mestu."
    ranked = [
        ConfidenceValue(Language.BOSNIAN, 0.55),
        ConfidenceValue(Language.SLOVENE, 0.40),
        ConfidenceValue(Language.CROATIAN, 0.05),
        ConfidenceValue(Language.ENGLISH, 0.001),  # not close: its dictionary is not asked
    ]
    assert detect._best_known(line, ranked).language == Language.SLOVENE
    bulgarian = "Правителството прие в сряда нов закон за данъците."
    cyrillic = [ConfidenceValue(Language.RUSSIAN, 0.6), ConfidenceValue(Language.BULGARIAN, 0.4)]
    assert detect._best_known(bulgarian, cyrillic).language == Language.BULGARIAN
    # Where a close candidate has no dictionary, no word count decides: lingua's order stands.
    monkeypatch.setattr(detect, "dictionary_language", lambda code: None if code == "bs" else code)
    assert detect._best_known(line, ranked).language == Language.BOSNIAN
