"""Entity recognition on the openly licensed NER sets, per set, on text the model never learnt.

Each set folder under --data is scored on its dev (or test) file, or, where it has only one
part, on the texts the model's training kept out of it (every Nth, `hold_out_every` in the
model's config.json: one fold of an N-fold split). The model reads each sentence as plain
text, as `newsweave run` would, and a mention counts where its span and type match a gold
PER, ORG or LOC exactly (our PRO and EVT are not scored: most sets have no such label).
The rule passes alone are scored beside it on the same sentences.
"""

from __future__ import annotations

import time
from pathlib import Path

from _common import SHARED_DATA, bench_arguments, print_table

from newsweave.entities.corpus import AnnotatedText, read_corpus
from newsweave.entities.detect import rule_mentions
from newsweave.entities.recognise import SHIPPED_MODEL, NerModel, find_mentions
from newsweave.entities.train import TrainingConfig, score, split_corpus

SCORED_TYPES = ("PER", "ORG", "LOC")


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], SHARED_DATA / "ner")
    parser.add_argument("--model", type=Path, default=SHIPPED_MODEL, help="model folder")
    parser.add_argument("--no-rules", action="store_true", help="skip the rules-alone column")
    args = parser.parse_args()
    model = NerModel(args.model)
    hold_out_every = TrainingConfig.of_model(args.model).hold_out_every
    sets = [d for d in sorted(args.data.iterdir()) if d.is_dir()] if args.data.is_dir() else []
    figures: dict = {"sets": {}}
    rows: list[tuple[str, object, str]] = []
    totals = {"model": [0, 0, 0], "rules": [0, 0, 0]}
    started = time.perf_counter()
    for folder in sets or [args.data]:
        dev = scored_dev(folder, hold_out_every)
        if not dev:
            continue
        ours = score(dev, lambda t: typed_spans(find_mentions(t.text, t.language, model=model)))
        entry = {
            "f1": ours["f1"],
            "precision": ours["precision"],
            "recall": ours["recall"],
            "sentences": len(dev),
            "gold": ours["gold"],
        }
        _add(totals["model"], ours)
        if not args.no_rules:
            rules = score(dev, lambda t: typed_spans(rule_mentions(t.text, t.language)))
            entry["rules_f1"] = rules["f1"]
            _add(totals["rules"], rules)
        figures["sets"][folder.name] = entry
        rules_note = f" (rules alone {entry['rules_f1']:.3f})" if "rules_f1" in entry else ""
        rows.append(
            (
                f"{folder.name}: F1 PER/ORG/LOC exact",
                f"{ours['f1']:.3f}{rules_note}",
                f"{len(dev)} held-out sentences, {ours['gold']} mentions",
            )
        )
    micro = _micro(totals["model"])
    figures["micro_f1"] = micro
    figures["macro_f1"] = round(
        sum(s["f1"] for s in figures["sets"].values()) / max(len(figures["sets"]), 1), 4
    )
    figures["lowest_set_f1"] = min((s["f1"] for s in figures["sets"].values()), default=0.0)
    if not args.no_rules:
        figures["rules_micro_f1"] = _micro(totals["rules"])
    figures["model"] = str(args.model)
    figures["seconds"] = round(time.perf_counter() - started)
    data = f"{args.data}: dev files, or the held-out 1 in {hold_out_every} of one-part sets"
    rows.append(("micro F1 over the sets (PER/ORG/LOC exact)", micro, data))
    rows.append(
        (
            "macro F1 / lowest set",
            f"{figures['macro_f1']:.3f} / {figures['lowest_set_f1']:.3f}",
            data,
        )
    )
    if not args.no_rules:
        rows.append(("rules alone, micro F1", figures["rules_micro_f1"], data))
    print_table(rows, figures, args.json)


def scored_dev(path: Path, hold_out_every: int) -> list[AnnotatedText]:
    """The texts of `path` a model trained with `hold_out_every` never learnt, their gold cut
    to the types scored."""
    texts = split_corpus(read_corpus(path), hold_out_every).dev
    for text in texts:
        text.spans = [s for s in text.spans if s[2] in SCORED_TYPES]
    return texts


def typed_spans(mentions: list) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.type) for m in mentions]


def _add(total: list[int], result: dict) -> None:
    for i, key in enumerate(("hit", "predicted", "gold")):
        total[i] += result[key]


def _micro(total: list[int]) -> float:
    hit, predicted, gold = total
    return round(2 * hit / (predicted + gold), 4) if predicted + gold else 0.0


if __name__ == "__main__":
    main()
