"""The learned speaker choice: it fills the speakers the rules leave empty, never overrules a
named one, keeps to the languages it learnt, and `newsweave train speakers` learns it from
WikiNews-style files without reading the held-out last fifth. Sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from newsweave.model import Mention
from newsweave.quotes.find import find_quotes
from newsweave.quotes.lexicon import attribution_lexicon
from newsweave.quotes.speaker_model import FEATURES, SpeakerModel, choose_speakers, quote_choices
from newsweave.quotes.train_speaker import names_the_span, training_files
from newsweave.serve.cli import app

# surface -> (type, entity id)
NAMES = {
    "Lukas Maier": ("PER", "PER-maier"),
    "Bonn": ("LOC", "LOC-bonn"),
    "Miriam Vogt": ("PER", "PER-vogt"),
    "Daniel Reyes": ("PER", "PER-reyes"),
    "Denver": ("LOC", "LOC-denver"),
    "Klara Hoffmann": ("PER", "PER-hoffmann"),
    "Jonas Keller": ("PER", "PER-keller"),
}

# The rules find no speaker for these: no reporting verb frames the quotation. The place comes
# first, so a model that had learnt nothing would pick it.
GERMAN_SILENT = (
    "Am Freitag legte der Imkerverband in Bonn seinen Jahresbericht vor, den Lukas Maier "
    "vorstellte. „Die Völker haben den Winter gut überstanden und wir erwarten viel Honig.“"
)
ENGLISH_SILENT = (
    "In Denver the team of Daniel Reyes won for a third time in a row. "
    '"We gave everything in the second half and we deserved the win today."'
)
GERMAN_NAMED = (
    "Jonas Keller kam am Abend nach Bonn. „Wir werden den Vertrag nicht unterschreiben“, "
    "sagte Klara Hoffmann."
)


def mentions_of(text: str) -> list[Mention]:
    found = []
    for surface, (etype, eid) in NAMES.items():
        start = text.find(surface)
        while start >= 0:
            found.append(
                Mention(surface, start, start + len(surface), etype, surface, eid, surface)
            )
            start = text.find(surface, start + 1)
    return sorted(found, key=lambda m: m.start)


def people_first(languages: set[str]) -> SpeakerModel:
    """A model whose weights say: a person speaks, a place does not, nobody is unlikely."""
    weights = np.zeros(len(FEATURES))
    weights[FEATURES.index("type_per")] = 2.0
    weights[FEATURES.index("type_loc")] = -2.0
    weights[FEATURES.index("null")] = -1.0
    return SpeakerModel(weights, frozenset(languages), 0.0)


def rules_only(text: str, language: str):
    return find_quotes(text, language, mentions_of(text), learned=False)


@pytest.mark.parametrize(
    ("text", "language", "speaker"),
    [(GERMAN_SILENT, "de", "Lukas Maier"), (ENGLISH_SILENT, "en", "Daniel Reyes")],
)
def test_the_model_names_the_person_where_the_rules_name_nobody(text, language, speaker):
    quotes = rules_only(text, language)
    assert [q.speaker_name for q in quotes] == [""], "the rules were meant to leave it empty"
    chosen = choose_speakers(
        text,
        language,
        quotes,
        mentions_of(text),
        attribution_lexicon(language),
        people_first({language}),
    )
    assert chosen[0].speaker_name == speaker
    # A guess, not a framed speaker: its confidence stays at most that of an unresolved one.
    assert chosen[0].confidence <= 0.4


def test_a_speaker_the_rules_named_is_never_overruled():
    quotes = rules_only(GERMAN_NAMED, "de")
    assert quotes[0].speaker_name == "Klara Hoffmann"
    weights = np.zeros(len(FEATURES))
    weights[FEATURES.index("nearest_person_before")] = 9.0  # would pick Jonas Keller
    model = SpeakerModel(weights, frozenset({"de"}), 0.0)
    lexicon = attribution_lexicon("de")
    chosen = choose_speakers(GERMAN_NAMED, "de", quotes, mentions_of(GERMAN_NAMED), lexicon, model)
    assert chosen[0].speaker_name == "Klara Hoffmann"


def test_a_model_leaves_languages_it_did_not_learn_alone():
    quotes = rules_only(ENGLISH_SILENT, "en")
    lexicon = attribution_lexicon("en")
    model = people_first({"de"})
    chosen = choose_speakers(
        ENGLISH_SILENT, "en", quotes, mentions_of(ENGLISH_SILENT), lexicon, model
    )
    assert chosen[0].speaker_name == ""


def test_candidates_read_the_frame_in_either_order():
    text = "„Der Haushalt steht“, sagte Klara Hoffmann. Jonas Keller erklärte: „Wir stimmen zu.“"
    quotes = rules_only(text, "de")
    choices = quote_choices(text, quotes, mentions_of(text), attribution_lexicon("de"))
    column = FEATURES.index

    def row(choice, surface):
        i = next(i for i, c in enumerate(choice.candidates, 1) if c.surface == surface)
        return choice.rows[i]

    after = row(choices[0], "Klara Hoffmann")  # „…“, sagte Klara Hoffmann
    assert after[column("after_cue_precedes")] == 1.0
    assert after[column("from_rules")] == 1.0
    before = row(choices[1], "Jonas Keller")  # Jonas Keller erklärte: „…“
    assert before[column("before_cue_follows")] == 1.0
    assert before[column("colon_between")] == 1.0


def test_a_speaker_names_the_span_up_to_a_case_ending_only():
    assert names_the_span("Sprecher des Ministerium", "ein Sprecher des Ministeriums")
    assert names_the_span("Klara Hoffmann", "Bürgermeisterin Hoffmann")
    assert not names_the_span("Sprecher", "der Regierungssprecher")
    assert not names_the_span("", "die Polizei")


def _wikinews_file(folder: Path, name: str, text: str, quote: str, speaker: str) -> None:
    q, s = text.index(quote), text.index(speaker)
    record = {
        "originalText": text,
        "annotations": [
            {
                "type": "Direct",
                "quote": {"spans": [{"charBegin": q, "charEnd": q + len(quote)}]},
                "speaker": {"spans": [{"charBegin": s, "charEnd": s + len(speaker)}]},
            }
        ],
    }
    (folder / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False))


# Each: a person and a place in the sentence before a quotation no verb frames.
TRAINING = [
    ("Im Rathaus von Bonn sprach Lukas Maier über den Haushalt der Stadt für das nächste Jahr.",
     "Wir müssen in diesem Jahr bei den Ausgaben für Straßen deutlich sparen.", "Lukas Maier"),
    ("Miriam Vogt besuchte am Dienstag die neue Schule in Bonn und sah sich die Klassen an.",
     "Die Kinder lernen hier in hellen Räumen, und das ist gut so für alle.", "Miriam Vogt"),
    ("In Bonn stellte Klara Hoffmann am Mittwoch die Pläne für den neuen Bahnhof vor.",
     "Der Bahnhof wird in drei Jahren fertig sein und viele Pendler entlasten.", "Klara Hoffmann"),
    ("Jonas Keller verließ nach der Sitzung in Bonn das Gebäude durch den Hinterausgang.",
     "Ich habe dazu heute nichts mehr zu sagen, die Sitzung war lang genug.", "Jonas Keller"),
]  # fmt: skip


def test_train_speakers_learns_from_the_first_four_fifths_only(tmp_path, monkeypatch):
    folder = tmp_path / "de-wikinews" / "data" / "train"
    folder.mkdir(parents=True)
    for n, (lead, quote, speaker) in enumerate(TRAINING):
        _wikinews_file(folder, f"a{n}", f"{lead} „{quote}“", quote, speaker)
    (folder / "z-held-out.json").write_text("not JSON: reading it would fail")
    assert [p.name for p in training_files(folder, 0.2)] == [f"a{n}.json" for n in range(4)]

    output = tmp_path / "model"
    result = CliRunner().invoke(
        app, ["train", "speakers", "--data", str(tmp_path / "de-wikinews"), "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    meta = json.loads((output / "meta.json").read_text())
    assert meta["data"][0]["articles"] == 4
    assert meta["data"][0]["licence"] == "CC BY-NC-SA 4.0"
    first = (output / "model.json").read_text()

    # Deterministic: the same data and seed give the same file.
    again = tmp_path / "again"
    CliRunner().invoke(app, ["train", "speakers", "--data", str(folder), "-o", str(again)])
    assert (again / "model.json").read_text() == first

    # What it learnt: the person, not the place, says a quotation no verb frames.
    monkeypatch.setenv("NEWSWEAVE_SPEAKER_MODEL", str(output))
    quotes = find_quotes(GERMAN_SILENT, "de", mentions_of(GERMAN_SILENT))
    assert quotes[0].speaker_name == "Lukas Maier"


def test_a_folder_without_a_speaker_model_is_refused(tmp_path, monkeypatch):
    # The command sets the variable for its workers: restored after the test.
    monkeypatch.setenv("NEWSWEAVE_SPEAKER_MODEL", "rules")
    result = CliRunner().invoke(
        app, ["run", str(tmp_path / "none.txt"), "--db", str(tmp_path / "n.db"),
              "--speaker-model", str(tmp_path / "missing")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "no speaker model" in result.output
