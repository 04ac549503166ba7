"""The learned recogniser: its tokens, the training formats it reads, training, and tagging."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.entities import find_mentions
from newsweave.entities.corpus import CorpusError, read_corpus
from newsweave.entities.detect import clitics_only, rule_finder, rule_mentions
from newsweave.entities.gazetteer import default_gazetteer
from newsweave.entities.recognise import (
    ModelError,
    NerModel,
    as_in_prose,
    bio_tags,
    combine,
    common_word_opening,
    default_model,
    function_word_alone,
    given_named_people,
    headline_people_cut,
    joined_at_initials,
    known_split,
    one_type_per_name,
    owners_split,
    people_begin_on_a_name,
    people_end_on_a_name,
    people_joined,
    people_past_particles,
    people_run_on,
    person_described,
    person_parts,
    sentences,
    spans_of_tags,
    split_at_brackets,
    surnames_alone,
)
from newsweave.entities.tokens import tokenize
from newsweave.entities.train import TrainingConfig, prepare_all, split_corpus, train_model
from newsweave.model import Mention
from newsweave.serve.cli import app

# Sentences written for these tests: names in Croatian, Portuguese and Chinese, tagged in the
# formats the licensed sets use.
CROATIAN_IOB2 = """# sent_id = t-1
# text = Ivana Horvat otputovala je u Zagreb.
1\tIvana\tB-PER\t-\t-
2\tHorvat\tI-PER\t-\t-
3\totputovala\tO\t-\t-
4\tje\tO\t-\t-
5\tu\tO\t-\t-
6\tZagreb\tB-LOC\t-\t-
7\t.\tO\t-\t-

# sent_id = t-2
# text = Hrvatska narodna banka objavila je podatke.
1\tHrvatska\tB-ORG\t-\t-
2\tnarodna\tI-ORG\t-\t-
3\tbanka\tI-ORG\t-\t-
4\tobjavila\tO\t-\t-
5\tje\tO\t-\t-
6\tpodatke\tO\t-\t-
7\t.\tO\t-\t-
"""

RUSSIAN_IOB2 = """# text = Встреча Путина прошла в Москве.
1\tВстреча\tO\t-\t-
2\tПутина\tB-PER\t-\t-
3\tпрошла\tO\t-\t-
4\tв\tO\t-\t-
5\tМоскве\tB-LOC\t-\t-
6\t.\tO\t-\t-

"""

PORTUGUESE_CONLL = """Maria O
Souza O
visitou O
Lisboa B-LOC
ontem O
. O

O O
Banco B-ORG
de I-ORG
Portugal I-ORG
subiu O
os O
juros O
. O
"""


def test_tokens_keep_initials_and_split_possessives_and_chinese_characters() -> None:
    words = [t.text for t in tokenize("Trump's aides met U.S. envoys; 习近平 spoke.")]
    assert words == [
        "Trump",
        "'s",
        "aides",
        "met",
        "U.S.",
        "envoys",
        ";",
        "习",
        "近",
        "平",
        "spoke",
        ".",
    ]


def test_tokens_keep_turkish_case_endings_with_the_name() -> None:
    assert [t.text for t in tokenize("Erdoğan'ın açıklaması")] == ["Erdoğan'ın", "açıklaması"]


def test_tags_and_spans_round_trip() -> None:
    text = "Ivana Horvat met the Hrvatska narodna banka in Zagreb."
    tokens = tokenize(text)
    gold = [(0, 12, "PER"), (21, 43, "ORG"), (47, 53, "LOC")]
    tags = bio_tags(tokens, gold)
    assert tags[:3] == ["B-PER", "I-PER", "O"]
    assert spans_of_tags(tokens, tags) == gold


def test_a_tagged_name_never_keeps_the_marks_at_its_edges() -> None:
    text = "Der Minister flog nach Moskau. Er sprach mit Anna Berger, der Sprecherin."
    tokens = tokenize(text)
    tags = ["O"] * len(tokens)
    words = [t.text for t in tokens]
    tags[words.index("Moskau")] = "B-LOC"
    tags[words.index("Moskau") + 1] = "I-LOC"  # the full stop, as a model taught on OCR tags it
    tags[words.index("Anna")] = "B-PER"
    tags[words.index("Berger")] = "I-PER"
    tags[words.index("Berger") + 1] = "I-PER"  # the comma
    assert [text[s:e] for s, e, _ in spans_of_tags(tokens, tags)] == ["Moskau", "Anna Berger"]


def test_a_set_whose_ocr_glued_marks_to_names_is_read_without_them(tmp_path: Path) -> None:
    path = tmp_path / "enp_DE.bio"
    path.write_text(
        "Die O\nTruppen O\nzogen O\nnach O\nSchlesien, B-LOC\nund O\nBöhmen. B-LOC\n",
        encoding="utf-8",
    )
    (text,) = read_corpus(path)
    assert [(text.text[s:e], t) for s, e, t in text.spans] == [
        ("Schlesien", "LOC"),
        ("Böhmen", "LOC"),
    ]


@pytest.mark.parametrize(
    ("text", "title", "person"),
    [
        ("Bundespräsident Horst Köhler sprach am Montag.", "Bundespräsident", "Horst Köhler"),
        ("Der Ministerpräsident Christian Wulff sprach.", "Ministerpräsident", "Christian Wulff"),
        ("Premierminister Keir Starmer sprach am Montag.", "Premierminister", "Keir Starmer"),
        # whose title it is comes before it: the place is no part of the name either
        (
            "Nach Ansicht von Niedersachsens Ministerpräsident Christian Wulff ist das falsch.",
            "Niedersachsens",
            "Christian Wulff",
        ),
        ("Bayerns Innenminister Joachim Herrmann sprach.", "Bayerns", "Joachim Herrmann"),
    ],
)
def test_a_person_the_model_tags_with_a_title_begins_on_the_name(
    text: str, title: str, person: str
) -> None:
    span = (text.index(title), text.index(person) + len(person), "PER")
    cues = default_gazetteer().language_cues("de")
    ((start, end, _),) = people_begin_on_a_name(tokenize(text), [span], cues, compounds=True)
    assert text[start:end] == person


@pytest.mark.parametrize(
    ("text", "first", "person", "language"),
    [
        ("Auf der Liste standen Namen wie Jerzy Montag und andere.", "Jerzy", "Jerzy Montag", "de"),
        (
            "Die Regierung von Amtsinhaber Robert Mugabe wies das zurück.",
            "Robert",
            "Robert Mugabe",
            "de",
        ),
        (
            "Na popisu su bila imena poput Jerzyja Montaga i drugih.",
            "Jerzyja",
            "Jerzyja Montaga",
            "hr",
        ),
    ],
)
def test_a_person_the_model_ends_early_runs_on_to_the_rules_whole_name(
    text: str, first: str, person: str, language: str
) -> None:
    """In "Jerzy Montag" the model, knowing "Montag" as Monday, stops at the given name; the
    rules read the whole name, and the surname alone later must be the same person."""
    span = (text.index(first), text.index(first) + len(first), "PER")
    rules = rule_mentions(text, language)
    assert any(m.text == person and m.type == "PER" for m in rules)
    ((start, end, _),) = people_run_on(text, [span], rules)
    assert text[start:end] == person


def test_a_person_runs_on_into_no_place_the_model_found_after_it() -> None:
    text = "Am Montag besuchte Innenminister Thomas de Maizière Dresden."
    # the rules, reading capitals, run the name on into the place after it
    start = text.index("Thomas")
    rules = [Mention(text[start:-1], start, len(text) - 1, "PER")]
    person = (text.index("Thomas"), text.index(" Dresden"), "PER")
    place = (text.index("Dresden"), len(text) - 1, "LOC")
    assert people_run_on(text, [person, place], rules) == [person, place]


def test_people_the_model_tags_side_by_side_are_one_person() -> None:
    """Tags "Gianni" B-PER, "Laigueglia" B-PER are the model's habit from sets that list names; prose
    sets a comma or a word between two people, and those stay two."""
    text = "Platz zwei ging an Gianni Laigueglia, Platz drei an Ana Pop und Dan Ilie."
    spans = [
        (text.index(w), text.index(w) + len(w), "PER")
        for w in ("Gianni", "Laigueglia", "Ana Pop", "Dan Ilie")
    ]
    joined = [text[s:e] for s, e, _ in people_joined(text, spans)]
    assert joined == ["Gianni Laigueglia", "Ana Pop", "Dan Ilie"]


def test_a_person_runs_on_only_to_the_right_and_only_through_capitalised_words() -> None:
    text = "Heute Robert sagte Mugabe nichts."
    span = (text.index("Robert"), text.index("Robert") + 6, "PER")
    before = [Mention("Heute Robert", 0, 12, "PER", "Heute Robert")]
    assert people_run_on(text, [span], before) == [span]
    through_a_verb = [Mention("Robert sagte Mugabe", 6, 25, "PER", "Robert sagte Mugabe")]
    assert people_run_on(text, [span], through_a_verb) == [span]


def test_a_title_case_headline_is_read_as_the_prose_writes_its_words() -> None:
    text = (
        "Salma Hayek Described Her Experience Being Discriminated Against\n"
        "The actress said she had been discriminated against. She described her experience."
    )
    lowered = frozenset(w.strip(".") for w in text.split() if w.islower())
    words = text.split("\n")[0].split()
    assert as_in_prose(words, lowered) == [
        "Salma",
        "Hayek",
        "described",
        "her",
        "experience",
        "Being",  # written in lower case nowhere else in the text
        "discriminated",
        "against",
    ]
    # and in such a line a person the model found runs on into no capitalised word
    person = (0, len("Salma Hayek"), "PER")
    headline = [Mention(words[0], 0, 60, "PER", "")]
    assert people_run_on(text, [person], headline) == [person]


def test_only_german_reads_a_word_ending_in_a_title_as_one() -> None:
    text = "Minister Oleksandr Prokudin spoke on Monday."
    span = (0, text.index("Prokudin") + len("Prokudin"), "PER")
    cues = default_gazetteer().language_cues("en")
    ((start, end, _),) = people_begin_on_a_name(tokenize(text), [span], cues, compounds=False)
    assert text[start:end] == "Oleksandr Prokudin"  # "Oleksandr" ends in "dr", no title


def test_a_surname_alone_is_the_person_named_in_full_before() -> None:
    text = (
        "Bundespräsident Horst Köhler sprach am Montag in Berlin. Köhler warb für mehr "
        "Beteiligung, und an die Gewerkschaften gewandt sagte Köhler, sie müssten sich bewegen. "
        "Ein Köhler-Museum gibt es in Berlin nicht."
    )
    start = text.index("Horst")
    named = [Mention("Horst Köhler", start, start + 12, "PER", "Horst Köhler")]
    alone = surnames_alone(named, text, lambda s, e: text[s:e])
    assert [(m.text, m.type, text[m.start : m.end]) for m in alone] == [
        ("Köhler", "PER", "Köhler"),
        ("Köhler", "PER", "Köhler"),
    ]  # the compound Köhler-Museum is no mention of him


def test_sentences_split_after_full_stops_and_lines() -> None:
    text = "Prvi dan je prošao. Drugi počinje sutra.\nNovi redak"
    parts = [text[s:e] for s, e in sentences(text)]
    assert parts == ["Prvi dan je prošao.", "Drugi počinje sutra.", "Novi redak"]


def test_iob2_with_declared_text_maps_spans_onto_it(tmp_path: Path) -> None:
    folder = tmp_path / "hr_set"
    folder.mkdir()
    (folder / "train.iob2").write_text(CROATIAN_IOB2, encoding="utf-8")
    texts = list(read_corpus(folder))
    assert [t.language for t in texts] == ["hr", "hr"]
    first = texts[0]
    assert first.text == "Ivana Horvat otputovala je u Zagreb."
    assert [(first.text[s:e], t) for s, e, t in first.spans] == [
        ("Ivana Horvat", "PER"),
        ("Zagreb", "LOC"),
    ]
    assert [texts[1].text[s:e] for s, e, _ in texts[1].spans] == ["Hrvatska narodna banka"]


def test_two_column_conll_with_a_label_that_is_none_of_ours(tmp_path: Path) -> None:
    path = tmp_path / "pt-news.conll"
    path.write_text(PORTUGUESE_CONLL.replace("Maria O\nSouza O", "Maria B-MISC\nSouza I-MISC"))
    texts = list(read_corpus(path))
    assert texts[0].language == "pt"
    assert [(texts[0].text[s:e], t) for s, e, t in texts[0].spans] == [("Lisboa", "LOC")]
    assert [(texts[1].text[s:e], t) for s, e, t in texts[1].spans] == [("Banco de Portugal", "ORG")]


def test_a_malformed_file_is_refused_with_its_name_and_line(tmp_path: Path) -> None:
    path = tmp_path / "de_news.bio"
    path.write_text("Angela B-PER\nMerkel I-PER\nsprach\nin O\nBerlin O\n" * 3)
    with pytest.raises(CorpusError) as refused:
        list(read_corpus(path))
    assert str(refused.value).startswith(f"{path}:3:")


def test_a_tag_outside_bio_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "en_news.conll"
    path.write_text("London LOCATION\nis O\nbig O\n")
    with pytest.raises(CorpusError, match=r"en_news.conll:1: expected a word and a tag"):
        list(read_corpus(path))


def test_split_keeps_dev_files_and_every_nth_text_of_one_part_sets(tmp_path: Path) -> None:
    (tmp_path / "hr_set").mkdir()
    (tmp_path / "hr_set" / "train.iob2").write_text(CROATIAN_IOB2)
    (tmp_path / "hr_set" / "dev.iob2").write_text(CROATIAN_IOB2)
    (tmp_path / "pt-one").mkdir()
    (tmp_path / "pt-one" / "all.conll").write_text((PORTUGUESE_CONLL + "\n") * 3)
    split = split_corpus(read_corpus(tmp_path), hold_out_every=3)
    assert sum(t.source.split(":")[0].endswith("dev.iob2") for t in split.dev) == 2
    assert sum(t.language == "pt" for t in split.dev) == 2  # 2 of 6 sentences
    assert sum(t.language == "pt" for t in split.train) == 4


# eight word clusters: k-means over e5's pieces at the shipped sizes takes half a minute
TINY_CONFIG = TrainingConfig(max_iterations=30, word_clusters=[8])


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data")
    for name, tagged in (("hr_set", CROATIAN_IOB2), ("ru_set", RUSSIAN_IOB2)):
        (root / name).mkdir()
        (root / name / "train.iob2").write_text(tagged * 20)
    output = tmp_path_factory.mktemp("model")
    prepared = prepare_all(list(read_corpus(root)), default_gazetteer())
    train_model(prepared, output, TINY_CONFIG, [str(root)])
    return output


def test_training_writes_weights_meta_and_config(tiny_model: Path) -> None:
    meta = json.loads((tiny_model / "meta.json").read_text())
    assert meta["languages"] == {"hr": 40, "ru": 20}
    assert meta["mentions"] == {"LOC": 40, "ORG": 20, "PER": 40}
    assert json.loads((tiny_model / "config.json").read_text())["max_iterations"] == 30


def test_training_is_reproducible(tiny_model: Path, tmp_path: Path) -> None:
    for name, tagged in (("hr_set", CROATIAN_IOB2), ("ru_set", RUSSIAN_IOB2)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "train.iob2").write_text(tagged * 20)
    prepared = prepare_all(list(read_corpus(tmp_path)), default_gazetteer())
    train_model(prepared, tmp_path / "again", TINY_CONFIG, [str(tmp_path)])
    for name in ("model.crfsuite", "clusters.npz"):
        assert (tmp_path / "again" / name).read_bytes() == (tiny_model / name).read_bytes()


def test_a_trained_model_tags_what_it_learnt(tiny_model: Path) -> None:
    text = "Ivana Horvat otputovala je u Zagreb."
    found = {(m.text, m.type) for m in find_mentions(text, "hr", model=NerModel(tiny_model))}
    assert ("Ivana Horvat", "PER") in found
    assert ("Zagreb", "LOC") in found


def test_model_names_keep_the_rules_base_form_for_linking(tiny_model: Path) -> None:
    # the rules know Путина as a form of Путин: the model's span keeps that base form
    found = find_mentions("Встреча Путина прошла в Москве.", "ru", model=NerModel(tiny_model))
    putin = [m for m in found if m.text == "Путина"]
    assert putin and putin[0].lemma == "Путин"


def test_a_language_the_model_never_learnt_gets_the_rules(tiny_model: Path) -> None:
    text = "Премиерът Кирил Петков пристигна в София."
    assert find_mentions(text, "bg", model=NerModel(tiny_model)) == rule_mentions(text, "bg")


def test_a_folder_without_a_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no model.crfsuite"):
        NerModel(tmp_path)


def test_the_setting_rules_gives_the_rule_passes_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSWEAVE_NER_MODEL", "rules")
    assert default_model() is None
    text = "Angela Merkel traf Emmanuel Macron in Paris."
    assert find_mentions(text, "de") == rule_mentions(text, "de")


def test_the_package_ships_a_model_with_its_licence() -> None:
    model = default_model()
    assert model is not None
    assert (model.path / "LICENSE.md").is_file()
    assert "CC BY-SA 4.0" in (model.path / "LICENSE.md").read_text()
    assert model.meta["types"] == ["PER", "ORG", "LOC", "PRO", "EVT"]
    assert (model.path / "model.crfsuite").stat().st_size < 60 * 1024 * 1024


def test_cli_trains_and_runs_with_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --ner-model sets it in os.environ; setting it here first makes the teardown remove it
    # (a delenv of an unset variable records nothing to undo, and the model leaked into every
    # later test)
    monkeypatch.setenv("NEWSWEAVE_NER_MODEL", "")
    monkeypatch.delenv("NEWSWEAVE_NER_MODEL")
    data = tmp_path / "hr_set"
    data.mkdir()
    (data / "train.iob2").write_text(CROATIAN_IOB2 * 10)
    (data / "dev.iob2").write_text(CROATIAN_IOB2)
    runner = CliRunner()
    trained = runner.invoke(
        app,
        ["train", "ner", "--data", str(data), "-o", str(tmp_path / "m"), "--iterations", "10"]
        + ["--word-clusters", "8"],
    )
    assert trained.exit_code == 0, trained.output
    assert "dev mention F1" in trained.output
    article = tmp_path / "a.txt"
    article.write_text("Zagreb danas\nIvana Horvat otputovala je u Zagreb, javlja Hina.\n")
    ran = runner.invoke(
        app,
        ["run", str(article), "--db", str(tmp_path / "n.db"), "--ner-model", str(tmp_path / "m")],
    )
    assert ran.exit_code == 0, ran.output


def test_cli_names_a_broken_training_file(tmp_path: Path) -> None:
    bad = tmp_path / "en_bad.conll"
    bad.write_text("Paris B-LOC\nis\nlarge O\n")
    result = CliRunner().invoke(
        app, ["train", "ner", "--data", str(bad), "-o", str(tmp_path / "m")]
    )
    assert result.exit_code == 1
    assert "en_bad.conll:2" in "".join(result.output.split())


def test_cli_refuses_a_folder_that_is_no_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSWEAVE_NER_MODEL", "")
    monkeypatch.delenv("NEWSWEAVE_NER_MODEL")
    article = tmp_path / "a.txt"
    article.write_text("Naslov\nTekst članka.\n")
    result = CliRunner().invoke(
        app, ["run", str(article), "--db", str(tmp_path / "n.db"), "--ner-model", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no model.crfsuite" in " ".join(result.output.split())


def test_a_person_is_cut_where_a_longer_lower_case_word_stands() -> None:
    text = "Putin told de Gaulle that Osama bin Laden met Леонардо да Винчи"
    spans = [(0, 20, "PER"), (26, 41, "PER"), (46, len(text), "PER"), (0, 20, "ORG")]
    assert person_parts("习近平会见", (0, 3, "PER")) == [(0, 3, "PER")]
    assert person_parts("قال محمد عباس", (4, 13, "PER")) == [(4, 13, "PER")]
    parts = [[text[s:e] for s, e, _ in person_parts(text, span)] for span in spans]
    assert parts == [
        ["Putin", "de Gaulle"],
        ["Osama bin Laden"],
        ["Леонардо да Винчи"],
        ["Putin told de Gaulle"],
    ]


def test_a_name_in_another_case_before_a_known_surname_is_another_person() -> None:
    # Zhang in the instrumental, then Putin in the nominative: two people, not "Chzhan Putin"
    text = "В беседе с Чжаном Путин отметил, что связи крепнут."
    assert [m.text for m in rule_mentions(text, "ru") if m.type == "PER"] == ["Чжаном", "Путин"]
    assert [m.text for m in find_mentions(text, "ru") if m.type == "PER"] == ["Чжаном", "Путин"]
    # a foreign given name stays bare before an inflected surname, and names agreeing in case
    # stay one person
    joined = "Визит Джо Байдена прошёл, а с Эриком Трампом говорили."
    assert [m.text for m in rule_mentions(joined, "ru") if m.type == "PER"] == [
        "Джо Байдена",
        "Эриком Трампом",
    ]


def test_a_model_person_span_the_rules_read_as_two_names_is_split_at_the_known_one() -> None:
    text = "с Чжаном Путин"
    rules = rule_mentions(text, "ru")
    known = {(m.start, m.end) for m in rules if m.text == "Путин"}
    assert [text[s:e] for s, e, _ in known_split(text, (2, 14, "PER"), rules, known)] == [
        "Чжаном",
        "Путин",
    ]
    # an organisation holding a place's name stays whole, and without a known name nothing moves
    assert known_split(text, (2, 14, "ORG"), rules, known) == [(2, 14, "ORG")]
    assert known_split(text, (2, 14, "PER"), rules, set()) == [(2, 14, "PER")]


def test_a_name_keeps_the_type_the_rules_gave_it_through_the_document() -> None:
    def named(text: str, start: int, etype: str) -> Mention:
        return Mention(text, start, start + len(text), etype, text, confidence=0.8)

    # the model read "Vilnius hosted" as a person twice; "in Vilnius" told the rules a place
    model = [named("Vilnius", 10, "LOC"), named("Vilnius", 18, "PER"), named("Vilnius", 60, "PER")]
    rules = [named("Vilnius", 10, "LOC")]
    assert [m.type for m in one_type_per_name(model, rules)] == ["LOC", "LOC", "LOC"]
    # without the rules a strict majority decides, and an even split changes nothing
    assert [m.type for m in one_type_per_name(model, [])] == ["PER", "PER", "PER"]
    even = model[:2]
    assert [m.type for m in one_type_per_name(even, [])] == ["LOC", "PER"]
    # through the whole recogniser, in English
    text = "Summit in Vilnius. Vilnius hosted a summit. The mayor of Vilnius spoke."
    assert {m.type for m in find_mentions(text, "en") if m.text == "Vilnius"} == {"LOC"}


def test_a_model_word_that_is_a_known_name_with_its_clitics_is_that_name() -> None:
    # "returned to Egypt (bi-Masr) and from Saudi Arabia": the model tags whole words, clitics
    # and all; the rules know the name inside each
    text = "عاد الوزير بمصر قادما من السعودية"
    rules = rule_mentions(text, "ar")
    word = text.index("بمصر")
    mentions = combine([(word, word + 4, "PER")], rules, set(), text, lambda s, e: text[s:e])
    assert [(m.text, m.type, m.lemma) for m in mentions] == [("بمصر", "LOC", "مصر")]
    # a word before the name that is no clitic keeps the model's span and type
    text = "زار جامعة القاهرة"
    start = text.index("جامعة")
    rules = rule_mentions(text, "ar")
    mentions = combine([(start, len(text), "ORG")], rules, set(), text, lambda s, e: text[s:e])
    assert [(m.text, m.type) for m in mentions] == [("جامعة القاهرة", "ORG")]


def test_clitics_are_the_only_letters_a_name_may_carry() -> None:
    text = "وبمصر مصرع مصريا"
    assert clitics_only(text, (0, 5), (2, 5))  # and-in + Egypt
    assert clitics_only(text, (11, 16), (11, 14))  # Egypt + the adverb ending
    assert not clitics_only(text, (6, 10), (6, 9))  # مصرع, "death of", is another word
    assert not clitics_only("in Paris", (0, 8), (3, 8))  # Latin script has no clitics


def test_a_known_name_in_unspaced_text_is_kept_where_the_model_found_nothing() -> None:
    text = "世界卫生组织表示，新冠肺炎疫情仍在蔓延。"
    finder = rule_finder(text, "zh")
    rules = finder.find()
    mentions = combine([], rules, set(finder.hit_ids), text, lambda s, e: text[s:e])
    assert {(m.text, m.type) for m in mentions} == {("世界卫生组织", "ORG"), ("新冠肺炎", "EVT")}


def test_a_middle_initial_ends_no_sentence() -> None:
    text = "Gestern sprach Harry S. Truman in Bonn. Danach reiste er ab."
    assert [text[a:b] for a, b in sentences(text)] == [
        "Gestern sprach Harry S. Truman in Bonn.",
        "Danach reiste er ab.",
    ]


def test_a_person_split_at_a_middle_initial_is_one_name() -> None:
    text = "George W. Bush traf Harry S. Truman und Angela Merkel. A. Weber kam."
    # the model's pieces either side of the initial, or the given name alone, or with it
    pieces = [(0, 6, "PER"), (10, 14, "PER"), (20, 25, "PER"), (40, 54, "PER")]
    assert [text[a:b] for a, b, _ in joined_at_initials(text, pieces)] == [
        "George W. Bush",
        "Harry S. Truman",
        "Angela Merkel.",  # a stop after a whole name ends the sentence: no initial follows it
    ]
    assert joined_at_initials(text, [(20, 28, "PER")]) == [(20, 35, "PER")]
    assert joined_at_initials(text, [(0, 6, "ORG")]) == [(0, 6, "ORG")]


def test_a_german_speaker_with_a_middle_initial_is_named_in_full() -> None:
    text = "„Wir werden nicht aufgeben“, sagte George W. Bush am Montag in Washington."
    people = [m.text for m in find_mentions(text, "de") if m.type == "PER"]
    assert people == ["George W. Bush"]


def test_a_model_span_of_another_type_around_a_described_person_is_that_person() -> None:
    text = "Der deutsche Vizekanzler Franz Meier (SPD) trat zurück."
    rules = [
        Mention("Franz Meier", 25, 36, "PER", "Franz Meier"),
        Mention("SPD", 38, 41, "ORG", "SPD"),
    ]
    span = (4, 42, "ORG")  # "deutsche Vizekanzler Franz Meier (SPD)"
    assert person_described(text, span, rules) == [(25, 36, "PER"), (38, 41, "ORG")]
    # an organisation's own name with only particles beside a person's stays whole
    named = "Die Stiftung Franz Meier ist reich."
    span = (4, 24, "ORG")
    person = [Mention("Franz Meier", 13, 24, "PER", "Franz Meier")]
    assert person_described(named, span, person) == [span]


def test_a_person_found_by_the_model_ends_on_a_name() -> None:
    # de: the model ran on into the preposition ("Bernhard Suttner von der ödp"); a Russian
    # organisation keeps its lower-case genitive words.
    text = "Nach ihm kam Bernhard Suttner von der ödp zu Wort."
    tokens = tokenize(text, 0, len(text))
    start = text.index("Bernhard")
    spans = [(start, text.index(" der"), "PER")]
    assert people_end_on_a_name(tokens, spans) == [(start, start + len("Bernhard Suttner"), "PER")]
    text = "Министерство иностранных дел заявило."
    tokens = tokenize(text, 0, len(text))
    organisation = [(0, len("Министерство иностранных дел"), "ORG")]
    assert people_end_on_a_name(tokens, organisation) == organisation


def test_a_name_never_runs_over_a_bracket() -> None:
    # de: the model read "Sebastian Edathy (SPD)" as one organisation; the rules typed the parts.
    text = "Unterdessen verteidigte Sebastian Edathy (SPD) den Entwurf."
    tokens = tokenize(text, 0, len(text))
    person = (text.index("Sebastian"), text.index(" (SPD)"), "PER")
    party = (text.index("SPD"), text.index("SPD") + 3, "ORG")
    spans = [(person[0], party[1] + 1, "ORG")]
    assert split_at_brackets(tokens, spans, [person, party]) == [person, party]


def test_a_person_opening_with_a_known_given_name_fills_the_models_gaps() -> None:
    # The shipped German model learnt from old newspapers and misses hyphenated given names;
    # the rules' people that open with a given name we know are found all the same.
    text = "Auch Hans-Georg Maaßen äußerte sich am Montag. Später kam Karl-Heinz Rummenigge hinzu."
    people = {m.text for m in find_mentions(text, "de") if m.type == "PER"}
    assert {"Hans-Georg Maaßen", "Karl-Heinz Rummenigge"} <= people


def test_a_title_case_headline_fills_no_gap_with_its_capitals() -> None:
    gazetteer = default_gazetteer()
    headline = "Hillary Clinton Goes After Donald Trump As The New Mitt Romney.\n"
    body = "Later on, Mitt Romney spoke about the economy and the election in Ohio."
    text = headline + body
    chosen = given_named_people(text, rule_mentions(text, "en", gazetteer), gazetteer.first_names)
    assert {text[start:end] for start, end in chosen} == {"Mitt Romney"}
    assert min(start for start, _ in chosen) > len(headline)


def test_a_title_the_model_tags_as_a_person_of_its_own_joins_no_name() -> None:
    people = {
        m.text
        for m in find_mentions("Innenminister Thomas de Maizière besuchte Dresden.", "de")
        if m.type == "PER"
    }
    assert people == {"Thomas de Maizière"}


def test_a_person_in_a_title_case_headline_ends_where_the_prose_ends_the_name() -> None:
    text = (
        "Bernie Sanders Pins The Rise Of Inequality On Wall Street\n\n"
        "Senator Sanders spoke in Iowa on Monday about wages and taxes."
    )
    start = text.index("Sanders spoke")
    mentions = [
        Mention("Bernie Sanders Pins The Rise", 0, 28, "PER", "Bernie Sanders Pins The Rise"),
        Mention("Sanders", start, start + 7, "PER", "Sanders"),
    ]
    cut = headline_people_cut(mentions, text, lambda s, e: text[s:e])
    assert [(m.text, m.end, m.lemma) for m in cut] == [
        ("Bernie Sanders", 14, "Bernie Sanders"),
        ("Sanders", start + 7, "Sanders"),
    ]
    # in a sentence of the prose, capitals keep their meaning
    prose = "On Monday Bernie Sanders Foundation staff met donors in Iowa and Ohio."
    kept = Mention("Bernie Sanders Foundation", 10, 35, "PER")
    assert headline_people_cut([kept, *mentions[1:]], prose, lambda s, e: "")[0] == kept


def test_a_rule_person_fills_a_gap_but_types_no_span_the_model_found() -> None:
    text = "They met at the Bobby Morris Playfield in Ohio, and Hans-Georg Maaßen spoke."
    rules = rule_finder(text, "en").find()
    park = (text.index("Bobby"), text.index(" in Ohio"), "LOC")
    people = {(m.start, m.end) for m in rules if m.type == "PER"}
    mentions = combine([park], rules, set(), text, lambda s, e: text[s:e], people)
    typed = {m.text: m.type for m in mentions}
    assert typed["Bobby Morris Playfield"] == "LOC"
    assert typed.get("Hans-Georg Maaßen") == "PER"


def test_a_given_named_rule_person_replaces_the_surname_the_model_took_for_a_place() -> None:
    text = "Der frühere Bürgermeister, Henning Scherf (SPD), warnte die Partei vor dem Wahlkampf."
    rules = rule_finder(text, "de").find()
    surname = (text.index("Scherf"), text.index(" (SPD)"), "LOC")
    person = (text.index("Henning"), surname[1])
    assert person in {(m.start, m.end) for m in rules if m.type == "PER"}
    given = {person}
    mentions = combine([surname], rules, set(), text, lambda s, e: text[s:e], given, given)
    assert [(m.text, m.type) for m in mentions if m.type != "ORG"] == [("Henning Scherf", "PER")]
    # a person the rules found only after a title widens nothing: the model's span stays
    mentions = combine([surname], rules, set(), text, lambda s, e: text[s:e], given)
    assert ("Scherf", "LOC") in [(m.text, m.type) for m in mentions]


def test_a_sentence_opening_with_a_function_word_names_nobody() -> None:
    # the model tagged "How" an organisation and "You" one too
    assert find_mentions("How are you? You look tired.", "en") == []
    gazetteer = default_gazetteer()
    en, hr = gazetteer.language_cues("en"), gazetteer.language_cues("hr")
    assert function_word_alone("What", en, gazetteer)
    assert not function_word_alone("WHO", en, gazetteer)  # the World Health Organization
    assert not function_word_alone("Ali", hr, gazetteer)  # "but", and a given name
    assert not function_word_alone("Kyiv", en, gazetteer)
    # a contraction is its first word; an Irish surname is no contraction
    assert function_word_alone("We’ve", en, gazetteer)
    assert function_word_alone("It's", en, gazetteer)
    assert not function_word_alone("O'Brien", en, gazetteer)
    # German pronominal adverbs open sentences ("Darin heißt es …") and name nobody
    de = gazetteer.language_cues("de")
    assert function_word_alone("Darin", de, gazetteer)
    assert function_word_alone("Worauf", de, gazetteer)


def test_a_name_ends_before_a_verb_contraction_and_parts_at_an_owners_s() -> None:
    text = (
        "Critics of JASTA don’t agree, said the Post's Dana Milbank and Moody's Investors Service."
    )
    first_names = {"dana"}

    def span(surface: str, etype: str) -> tuple[int, int, str]:
        start = text.index(surface)
        return (start, start + len(surface), etype)

    spans = [
        span("JASTA don’t", "LOC"),
        span("Post's Dana Milbank", "ORG"),
        span("Moody's Investors Service", "ORG"),
    ]
    assert [(text[s:e], t) for s, e, t in owners_split(text, spans, first_names)] == [
        ("JASTA", "LOC"),
        ("Post", "ORG"),
        ("Dana Milbank", "PER"),
        ("Moody's Investors Service", "ORG"),
    ]
    # an Irish or Italian name keeps its apostrophe; a lone contraction is function_word_alone's
    irish = "O'Neill and D'Alema met; We’ll see"
    spans = [(0, 7, "PER"), (12, 19, "PER"), (irish.index("We’ll"), len(irish) - 4, "PER")]
    assert [irish[s:e] for s, e, _ in owners_split(irish, spans, first_names)] == [
        "O'Neill",
        "D'Alema",
        "We’ll",
    ]


def test_a_person_never_ends_on_a_particle() -> None:
    particles = {"van", "der", "von", "de"}
    text = "Bundespräsident Alexander Van der Bellen hat die Regierung angelobt."
    start = text.index("Alexander")
    cut = (start, start + len("Alexander Van"), "PER")
    assert people_past_particles(text, [cut], particles) == [
        (start, start + len("Alexander Van der Bellen"), "PER")
    ]
    # no name after the particle: the particle goes
    alone = "Das sagte Alexander Van, der Präsident."
    start = alone.index("Alexander")
    assert people_past_particles(alone, [(start, start + 13, "PER")], particles) == [
        (start, start + len("Alexander"), "PER")
    ]
    # a place or a body may end on one ("Den Haag" is no person)
    assert people_past_particles(text, [cut[:2] + ("ORG",)], particles) == [cut[:2] + ("ORG",)]


def test_a_lone_word_opening_a_sentence_that_the_text_writes_in_lower_case_is_no_name() -> None:
    gazetteer = default_gazetteer()
    text = (
        "People know who she is. Many people have seen her. Critics agree; the Critics Circle too."
    )
    lowered = frozenset(w.strip(".;") for w in text.split() if w.islower())

    def opening(surface: str, etype: str) -> bool:
        start = text.index(surface)
        return common_word_opening(text, (start, start + len(surface), etype), lowered, gazetteer)

    assert opening("People", "LOC")
    # "Critics" is written with a capital inside a sentence too: a name there, so kept
    assert not opening("Critics", "ORG")
    # a person is never dropped so: a surname may be a word ("May said …")
    assert not opening("People", "PER")
    # nor a name we know
    paris = "Paris is calm. The paris of old was not."
    assert not common_word_opening(paris, (0, 5, "LOC"), frozenset({"paris"}), gazetteer)


def test_the_pronoun_i_and_a_number_are_no_names() -> None:
    text = (
        "Sent by Traci Warner on 08/16/2000 03:14 PM. Where can I buy a good bike in Tampa, "
        "I wonder?"
    )
    found = [m.text for m in find_mentions(text, "en")]
    assert "I" not in found
    assert not [name for name in found if not any(c.isalpha() for c in name)]


def test_a_known_person_ending_a_span_of_another_type_stands_alone() -> None:
    # The model runs "Secretary of State" on into the name and calls the whole a place.
    text = '"We will not accept this," Secretary of State Antony Blinken told reporters.'
    found = {m.text: m.type for m in find_mentions(text, "en")}
    assert found.get("Antony Blinken") == "PER"
    assert not [
        name for name in found if name.endswith("Antony Blinken") and name != "Antony Blinken"
    ]
