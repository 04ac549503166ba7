"""The `newsweave` command: a thin shell over newsweave.app.Newsweave."""

from __future__ import annotations

import csv
import json
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from newsweave import settings
from newsweave.allocator import return_large_blocks_when_freed
from newsweave.app import EXPORT_TABLES, Newsweave
from newsweave.cluster.encoder import DEFAULT_ENCODERS, Encoder, encoders_for
from newsweave.engines import ENGINES
from newsweave.ingest import input_files
from newsweave.model import Article, RawDocument
from newsweave.pipeline import STAGES
from newsweave.serve import queries
from newsweave.store.errors import StorageError

# Scripts and supervisors can tell a database that cannot be used (retry later, fix the disk
# or the server) from a bad argument or input (1).
STORAGE_FAULT_EXIT = 3


class NewsweaveCommand(typer.Typer):
    """The command group, with a database fault printed as one line instead of a traceback."""

    debug = False  # --debug: keep the traceback

    def __call__(self, *args: object, **kwargs: object) -> object:
        try:
            return super().__call__(*args, **kwargs)
        except StorageError as error:
            if self.debug:
                raise
            errors.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
            sys.exit(STORAGE_FAULT_EXIT)


app = NewsweaveCommand(
    help="newsweave: multilingual news in, events, stories, entities and quotes out.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)


@app.callback()
def options(
    debug: Annotated[
        bool, typer.Option("--debug", help="show the full traceback of a database fault")
    ] = False,
) -> None:
    """Options before the command's name, for every command."""
    NewsweaveCommand.debug = debug


DbOption = Annotated[str, typer.Option("--db", help="SQLite database file")]
LimitOption = Annotated[
    int, typer.Option(min=1, max=queries.PAGE_LIMIT_MAX, help="how many to list")
]
OffsetOption = Annotated[int, typer.Option(min=0, help="how many to skip (the next page)")]
EncoderOption = Annotated[
    str,
    typer.Option(
        help="dense encoders as more clustering signals: default (e5), none (the lexical "
        "signals alone, the fastest), e5 (multilingual-e5-small on each lead, int8 on "
        "onnxruntime), words (word vectors distilled from it, cached beside the database), "
        "use (the multilingual universal sentence encoder over most of the article: the embed "
        "extra) or several joined by commas, as words,e5,use"
    ),
]
NerModelOption = Annotated[
    str | None,
    typer.Option(
        "--ner-model",
        help="the entity recogniser: a folder `newsweave train ner` wrote, or 'rules' for the "
        "rule passes alone (default: the model the package ships; NEWSWEAVE_NER_MODEL sets it too)",
    ),
]
SpeakerModelOption = Annotated[
    str | None,
    typer.Option(
        "--speaker-model",
        help="a folder `newsweave train speakers` wrote: a learned choice gives speakers to the "
        "quotations the rules leave without one (default: none, the rules alone; "
        "NEWSWEAVE_SPEAKER_MODEL sets it too)",
    ),
]


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="files or folders; '-' reads stdin")],
    db: DbOption = "newsweave.db",
    engine: Annotated[
        str,
        typer.Option(
            help="where analysis runs: auto (this process, and the spare cores for a long "
            "input), inprocess, processes (a local pool), or ray (local, or RAY_ADDRESS)"
        ),
    ] = "auto",
    workers: Annotated[
        int | None, typer.Option(help="parallel workers for the processes and ray engines")
    ] = None,
    encoder: EncoderOption = DEFAULT_ENCODERS,
    ner_model: NerModelOption = None,
    speaker_model: SpeakerModelOption = None,
) -> None:
    """Ingest, analyse and cluster articles (text, HTML, JSON/JSONL, gzip) into the database."""
    if engine not in ENGINES:
        _fail(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    _choose_models(ner_model, speaker_model)
    files = input_files(paths)
    nw = Newsweave(db, encoder=_encoders(encoder, db))
    stages = " → ".join(["ingest", "clean", *(name for name, _ in STAGES), "cluster", "store"])
    errors.print(f"[dim]pipeline: {stages}[/dim]")
    with _progress() as progress:
        task = progress.add_task("analysing", total=len(files))
        report = nw.run(
            files, on_input_done=lambda _: progress.advance(task), engine=engine, workers=workers
        )
    for error in report.errors:
        errors.print(f"[red]error[/red] {error.source}: {error.message}")
    articles, events, stories = nw.counts()
    errors.print(
        f"added {len(report.added)} article(s), skipped {len(report.duplicates)} duplicate(s), "
        f"{len(report.errors)} error(s); {articles} article(s) in "
        f"{events} event(s), {stories} story(ies) in {db}"
    )
    nw.close()


@app.command()
def events(
    limit: LimitOption = 30,
    offset: OffsetOption = 0,
    language: Annotated[str | None, typer.Option(help="only events with this language")] = None,
    min_languages: Annotated[int, typer.Option(help="only events in this many languages")] = 1,
    db: DbOption = "newsweave.db",
) -> None:
    """Events with their first articles across languages, largest and most multilingual first."""
    nw = Newsweave(db)
    listed = queries.list_events(nw.store, language, None, min_languages, limit, offset)
    table = Table(title=_page_title("Events", offset, listed), show_lines=True)
    for column in ("event", "story", "dates", "languages", "articles"):
        table.add_column(column)
    for event in listed["items"]:
        dates = " … ".join(dict.fromkeys(d for d in (event["first_date"], event["last_date"]) if d))
        articles = [
            f"{a['id'][:10]} [{a['language']}] {a['title'][:70]}" for a in event["articles"]
        ]
        if event["article_count"] > len(articles):
            articles.append(f"… {event['article_count'] - len(articles)} more")
        table.add_row(
            event["id"],
            event["story_id"] or "",
            dates or "—",
            " ".join(event["languages"]),
            "\n".join(articles),
        )
    console.print(table)
    nw.close()


@app.command()
def stories(
    limit: LimitOption = 30,
    period: Annotated[
        str, typer.Option(help=f"count articles of the last {', '.join(queries.PERIODS)}")
    ] = "all",
    db: DbOption = "newsweave.db",
) -> None:
    """Stories (events that belong to one thread over time), most articles in the period first."""
    if period not in queries.PERIODS:
        _fail(f"unknown period {period!r}; choose one of {', '.join(queries.PERIODS)}")
    nw = Newsweave(db)
    start, end = queries.period_bounds(nw.store, period, None)
    table = Table(title="Stories", show_lines=True)
    for column in ("story", "events", "articles", "in period", "languages", "title"):
        table.add_column(column)
    for story in queries.top_stories(nw.store, start, end, limit):
        table.add_row(
            story["id"],
            str(story["event_count"]),
            str(story["article_count"]),
            str(story["articles_in_period"]),
            " ".join(story["languages"]),
            story["title"][:80],
        )
    console.print(table)
    nw.close()


@app.command()
def story(
    story_id: str,
    timeline: Annotated[bool, typer.Option(help="show events in time order")] = False,
    limit: Annotated[
        int, typer.Option(min=1, max=queries.PAGE_LIMIT_MAX, help="how many events")
    ] = queries.STORY_EVENTS_PAGE,
    offset: OffsetOption = 0,
    db: DbOption = "newsweave.db",
) -> None:
    """One story and its events in time order (--timeline: with their dates)."""
    nw = Newsweave(db)
    found = queries.story_detail(nw.store, story_id, limit, offset)
    if found is None:
        _fail(f"no story {story_id!r} in {db}")
    console.print(f"[bold]{found['id']}[/bold] {found['title']}")
    for event in found["timeline"]:
        when = event["date"] or "undated"
        prefix = f"{when:>10}  " if timeline else ""
        console.print(
            f"{prefix}{event['event_id']}  [{' '.join(event['by_language'])}]  "
            f"{event['article_count']} article(s)  {event['title'][:70]}"
        )
    nw.close()


@app.command()
def show(item_id: str, db: DbOption = "newsweave.db") -> None:
    """An article (clean text, metadata, entities, quotes, dates) or an event by id."""
    nw = Newsweave(db)
    view = nw.event(item_id)
    if view is not None:
        console.print(f"[bold]{view.event.id}[/bold] story {view.event.story_id}")
        by_id = {a.id: a for a in view.articles}
        for origin in view.provenance():
            article = by_id[origin.article_id]
            role = origin.role
            if origin.source_id:
                role += f" of {origin.source_id} ({origin.score:.2f}: {'; '.join(origin.evidence)})"
            console.print(f"  {article.id} \\[{article.language}] {escape(article.title)}")
            console.print(f"      [dim]{escape(role)}[/dim]")
            for quote in article.quotes[:3]:
                speaker = quote.speaker_name or quote.speaker
                console.print(f"      “{escape(quote.text[:90])}” — {escape(speaker)}")
        for group in view.statements():
            languages = sorted({article.language for article, _, _ in group})
            console.rule(f"one statement in {len(languages)} languages: {', '.join(languages)}")
            for article, quote, _ in group:
                speaker = quote.speaker_name or quote.speaker or "?"
                line = f"“{escape(quote.text[:100])}” — {escape(speaker)}"
                console.print(f"  \\[{article.language}] {line}")
        nw.close()
        return
    found = nw.article(item_id)
    if found is None:
        _fail(f"no article or event {item_id!r} in {db}")
    article = found
    console.print(f"[bold]{article.title}[/bold]")
    console.print(
        f"id {article.id}  language {article.language} ({article.script}, "
        f"{article.language_confidence:.2f})  published {article.published or 'unknown'}"
        f" ({article.published_source or 'no date found'})  event date {article.event_date or '—'}"
    )
    console.print(f"source {article.source}  event {article.event_id}  story {article.story_id}")
    for key, value in sorted(article.meta.items()):
        console.print(f"  [dim]{key}[/dim]: {value}")
    console.rule("text")
    console.print(article.text, markup=False, highlight=False)
    console.rule(f"removed ({len(article.removed)})")
    for removed in article.removed:
        console.print(f"  [dim]{removed.reason:>15}[/dim] {escape(removed.line[:100])}")
    console.rule(f"entities ({len(article.mentions)})")
    for mention in article.mentions:
        console.print(
            f"  {mention.type:4} {mention.text!r:30} → {mention.canonical} ({mention.entity_id})"
        )
    console.rule(f"quotes ({len(article.quotes)})")
    for quote in article.quotes:
        console.print(f"  “{quote.text}”\n      — {quote.speaker_name or quote.speaker or '?'}")
    console.rule(f"dates ({len(article.dates)})")
    for ref in article.dates:
        console.print(f"  {ref.expression!r:35} → {ref.date or 'unresolved'} ({ref.kind})")
    nw.close()


@app.command()
def entities(
    limit: LimitOption = 30,
    offset: OffsetOption = 0,
    entity_type: Annotated[str | None, typer.Option("--type", help="PER ORG LOC PRO EVT")] = None,
    name: Annotated[str | None, typer.Option(help="part of the name, any script")] = None,
    db: DbOption = "newsweave.db",
) -> None:
    """Top entities with their mention counts by language."""
    nw = Newsweave(db)
    listed = queries.list_entities(nw.store, entity_type, name, limit, offset)
    table = Table(title=_page_title("Entities", offset, listed))
    for column in ("id", "name", "type", "mentions", "by language"):
        table.add_column(column)
    for entity in listed["items"]:
        by_language = " ".join(f"{lang}:{n}" for lang, n in entity["by_language"].items())
        table.add_row(
            entity["id"], entity["name"], entity["type"], str(entity["mentions"]), by_language
        )
    console.print(table)
    nw.close()


@app.command()
def entity(
    name: str,
    limit: LimitOption = 30,
    db: DbOption = "newsweave.db",
) -> None:
    """One entity by name (any script) or id: variants, newest articles, co-occurring entities."""
    nw = Newsweave(db)
    found = queries.find_entity(nw.store, name)
    if found is None:
        _fail(f"no entity named {name!r} in {db}")
    report = queries.entity_detail(nw.store, found, limit)
    console.print(
        f"[bold]{report['name']}[/bold] ({report['type']}, {report['id']}):"
        f" {report['mentions']} mention(s) in {report['article_total']} article(s)"
    )
    for script, names in report["variants_by_script"].items():
        console.print(f"{script}: " + ", ".join(names))
    for article in report["articles"]:
        console.print(f"  {article['id'][:10]} [{article['language']}] {article['title'][:80]}")
    console.print(
        "co-occurring: " + ", ".join(f"{o['name']} ({o['count']})" for o in report["co_occurring"])
    )
    nw.close()


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option(help="name in any script, or entity id")] = None,
    about: Annotated[str | None, typer.Option(help="words or a name the quotation holds")] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639-1 code")] = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    db: DbOption = "newsweave.db",
) -> None:
    """Quotations with their speakers, in the order they were stored."""
    nw = Newsweave(db)
    total, found = queries.list_quotes(nw.store, speaker, about, language, limit, offset)
    for quote in found:
        console.print(
            f"\\[{quote.language}] “{escape(quote.text)}”\n"
            f"      — {escape(quote.speaker or '?')}"
            f"  ({quote.article_id[:10]}, event {quote.event_id})"
        )
    errors.print(f"[dim]{offset + len(found)} of {total} quotation(s)[/dim]")
    nw.close()


@app.command()
def search(query: str, db: DbOption = "newsweave.db") -> None:
    """Full-text search over titles and clean text."""
    nw = Newsweave(db)
    for hit in nw.search(query):
        console.print(f"{hit['id'][:10]} [{hit['language']}] {hit['title']}\n    {hit['snippet']}")
    nw.close()


@app.command()
def export(
    output_format: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet")] = "jsonl",
    table: Annotated[str, typer.Option(help=f"what: {', '.join(EXPORT_TABLES)}")] = "articles",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file; default stdout")
    ] = None,
    db: DbOption = "newsweave.db",
) -> None:
    """Articles (with their analysis), entities, quotes, events or stories as JSONL, CSV or
    Parquet. CSV flattens lists into "; "-joined cells and nested objects into JSON."""
    if table not in EXPORT_TABLES:
        _fail(f"unknown table {table!r}: use {', '.join(EXPORT_TABLES)}")
    if output_format not in ("jsonl", "csv", "parquet"):
        _fail(f"unknown format {output_format!r}: use jsonl, csv or parquet")
    if output_format == "parquet" and output is None:
        _fail("parquet is a binary format: give a file with --output")
    nw = Newsweave(db)
    # The raw input stays in the database: exports carry the analysed article.
    records = ({k: v for k, v in r.items() if k != "raw"} for r in nw.export_records(table))
    if output_format == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            _fail("parquet needs pyarrow: pip install 'newsweave[parquet]'")
        pq.write_table(pa.Table.from_pylist(list(records)), str(output))
        nw.close()
        return
    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    if output_format == "jsonl":
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        writer: csv.DictWriter | None = None
        for record in records:
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(record))
                writer.writeheader()
            writer.writerow({key: _csv_cell(value) for key, value in record.items()})
    if output:
        handle.close()
    nw.close()


def _csv_cell(value: object) -> object:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "; ".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


@app.command("errors")
def list_errors(db: DbOption = "newsweave.db") -> None:
    """Inputs that were refused, and why."""
    nw = Newsweave(db)
    for error in nw.store.errors():
        console.print(f"{error['at']}  {error['source']}: {error['message']}")
    nw.close()


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs")],
    db: DbOption = "newsweave.db",
    interval: Annotated[float, typer.Option(help="seconds between polls")] = 900.0,
    once: Annotated[bool, typer.Option("--once", help="poll every feed once and exit")] = False,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="allow private and loopback addresses")
    ] = False,
    encoder: EncoderOption = DEFAULT_ENCODERS,
    ner_model: NerModelOption = None,
    speaker_model: SpeakerModelOption = None,
) -> None:
    """Poll feeds and add their new entries (timeouts, retries, conditional GET, size cap).
    Ctrl-C or SIGTERM stops it after the entry in hand; a second one at once."""
    from newsweave.ingest.feeds import FetchPolicy, poll_feeds
    from newsweave.pipeline import Pipeline

    return_large_blocks_when_freed()  # it runs for days: before the models load
    _choose_models(ner_model, speaker_model)
    nw = Newsweave(db, encoder=_encoders(encoder, db))
    policy = FetchPolicy(allow_private=allow_private)
    stop = _stop_on_signals()
    try:
        while not stop.is_set():
            add = _stopping_at_storage_faults(Pipeline(nw.store, nw.encoders).add, stop)
            try:
                report = poll_feeds(feeds, nw.store, add, policy)
            except _StorageFaultInEntry as escaped:
                raise escaped.fault from escaped.fault.__cause__
            except _StopRequested:
                break  # between two entries: what was added is stored, the rest comes next run
            for error in report.errors:
                errors.print(f"[red]error[/red] {escape(error.source)}: {escape(error.message)}")
            errors.print(
                f"added {len(report.added)} article(s), skipped {len(report.duplicates)} known, "
                f"{len(report.unchanged)} feed(s) unchanged, {len(report.errors)} error(s)"
            )
            if once:
                break
            stop.wait(interval)
    finally:
        nw.close()  # the encoders' process too: an exit that left it to the interpreter hung
    if stop.is_set():
        errors.print("stopped")


@app.command()
def serve(
    db: DbOption = "newsweave.db",
    host: Annotated[str, typer.Option(help="address to listen on (loopback)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    encoder: EncoderOption = DEFAULT_ENCODERS,
    ner_model: NerModelOption = None,
    speaker_model: SpeakerModelOption = None,
) -> None:
    """Serve the web pages and the JSON API (OpenAPI at /docs) over the database; documents
    posted to it are clustered with `--encoder` as `newsweave run` would."""
    try:
        import uvicorn

        from newsweave.serve.api import create_app
    except ImportError as error:
        _fail(f"the server needs its extra: pip install 'newsweave[server]' ({error})")
    return_large_blocks_when_freed()  # it runs for days: before the models load
    _choose_models(ner_model, speaker_model)
    encoders = _encoders(encoder, db)
    errors.print(f"serving {db} on http://{host}:{port}/  (API reference: /docs)")
    uvicorn.run(create_app(db, encoders), host=host, port=port, log_level="warning")


def _page_title(name: str, offset: int, listed: dict[str, object]) -> str:
    """'Events 31–60 of 2,209': which page of how many."""
    shown = len(listed["items"])  # type: ignore[arg-type]
    return f"{name} {offset + 1 if shown else 0}–{offset + shown} of {listed['total']:,}"


def _progress() -> Progress:
    """A progress bar on stderr, left on screen when done."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=False,
    )


def _choose_models(ner_model: str | None, speaker_model: str | None) -> None:
    """Set the recogniser and the speaker choice for this process and the workers it starts
    (they read the same environment variables), and fail now, not mid-run, where a folder
    holds no model."""
    import os

    from newsweave.entities.recognise import ModelError, default_model
    from newsweave.quotes.speaker_model import default_speaker_model

    for variable, folder in (
        ("NEWSWEAVE_NER_MODEL", ner_model),
        ("NEWSWEAVE_SPEAKER_MODEL", speaker_model),
    ):
        if folder is not None:
            os.environ[variable] = folder
    try:
        default_model()
        default_speaker_model()
    except (ModelError, ValueError) as error:
        _fail(str(error))


train_app = typer.Typer(
    help="Train newsweave's own models on annotated data.", no_args_is_help=True
)
app.add_typer(train_app, name="train")


@train_app.command("ner")
def train_ner(
    data: Annotated[
        list[Path],
        typer.Option(
            "--data",
            help="annotated files or folders: IOB2/BIO/CoNLL (language in the file or folder "
            "name: hr_set/train.iob2), FactRuEval, or a SlavicNER root (raw/ and ner/); "
            "repeat for several",
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="model folder to write")],
    iterations: Annotated[int, typer.Option(help="L-BFGS iterations")] = 0,
    hold_out_every: Annotated[
        int,
        typer.Option(
            help="in a set with no dev file, keep every Nth text out to score on (0: none)"
        ),
    ] = 0,
    seed: Annotated[int, typer.Option(help="random seed, kept in config.json")] = 0,
    word_clusters: Annotated[
        str,
        typer.Option(
            help="sizes of the e5 word clusters the model reads, comma-separated ('' for none)"
        ),
    ] = ",".join(map(str, settings.NER_WORD_CLUSTERS)),
) -> None:
    """Train the entity recogniser; files named dev*/test* are kept out and scored at the end."""
    from newsweave.entities.corpus import CorpusError
    from newsweave.entities.gazetteer import default_gazetteer
    from newsweave.entities.train import (
        TrainingConfig,
        evaluate,
        prepare_all,
        read_training_data,
        split_corpus,
        train_model,
    )

    try:
        sizes = [int(size) for size in word_clusters.split(",") if size.strip()]
    except ValueError:
        _fail(f"--word-clusters takes sizes such as 64,512, not {word_clusters!r}")
    if any(size < 2 for size in sizes):
        _fail(f"--word-clusters: a size below 2 in {word_clusters!r}")
    config = TrainingConfig(seed=seed, hold_out_every=hold_out_every, word_clusters=sizes)
    if iterations:
        config.max_iterations = iterations
    try:
        split = split_corpus(read_training_data(data), config.hold_out_every)
    except CorpusError as error:
        _fail(f"cannot read training data: {error}")
    if not split.train:
        _fail(f"no annotated text to learn from in {', '.join(map(str, data))}")
    errors.print(f"training on {len(split.train)} text(s), {len(split.dev)} kept out to score")
    with _progress() as progress:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done)

        prepared = prepare_all(split.train, default_gazetteer(), advance)
        meta = train_model(prepared, output, config, [str(p) for p in data], advance)
    if split.dev:
        meta["dev"] = evaluate(output, split.dev)
        (output / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
        errors.print(f"dev mention F1 (exact span and type): {meta['dev']['f1']:.3f}")
    errors.print(f"wrote {output} ({meta['size_bytes'] // 1024} KB, {meta['seconds']} s)")


@train_app.command("speakers")
def train_speakers(
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="a German WikiNews quotation set (its folder, holding data/train, or the train "
            "folder); the last fifth of the train files by name is never read",
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="model folder to write")],
    steps: Annotated[int, typer.Option(help="full-batch optimiser steps (0: the default)")] = 0,
    seed: Annotated[int, typer.Option(help="seed of the check folds, kept in config.json")] = 0,
    languages: Annotated[
        str,
        typer.Option(help="languages (ISO 639-1, comma-separated) the model is applied to"),
    ] = ",".join(settings.SPEAKER_MODEL_LANGUAGES),
) -> None:
    """Train the speaker choice that fills quotations the rules leave without a speaker."""
    from newsweave.quotes.train_speaker import SpeakerTrainingConfig, train_speaker_model

    config = SpeakerTrainingConfig(
        seed=seed, languages=[code.strip() for code in languages.split(",") if code.strip()]
    )
    if steps:
        config.steps = steps
    with _progress() as progress:
        task = progress.add_task("analysing", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            meta = train_speaker_model(data, output, config, advance)
        except (OSError, ValueError, KeyError) as error:
            _fail(f"cannot read training data: {error}")
    check = meta.get("check", {})
    if check:
        errors.print(
            f"{check['folds']}-fold check ({check['quotations']} quotations): speaker right "
            f"{check['rules_accuracy']:.3f} by the rules, {check['model_accuracy']:.3f} with "
            "the model"
        )
    errors.print(f"wrote {output} ({meta['seconds']} s); {meta['licence_note']}")


class _StorageFaultInEntry(BaseException):
    """Carries a database fault out of poll_feeds, which catches every Exception of an entry
    (one bad entry must not stop a feed) and then marks the feed as read: a fault of the
    database is no entry's, and the feed must be fetched again once the database is back."""

    def __init__(self, fault: StorageError) -> None:
        super().__init__(str(fault))
        self.fault = fault


class _StopRequested(BaseException):
    """A stop asked for by SIGINT or SIGTERM, carried out of poll_feeds before the next entry."""


def _stop_on_signals() -> threading.Event:
    """An event SIGINT and SIGTERM set, so a long-running command stops between two entries
    rather than wherever the signal lands (inside a database write or the encoders' process
    pool, whose exit then hung). A second signal stops at once."""
    stop = threading.Event()

    def ask(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    for kind in (signal.SIGINT, signal.SIGTERM):
        signal.signal(kind, ask)
    return stop


def _stopping_at_storage_faults(
    add: Callable[[RawDocument], Article | None], stop: threading.Event
) -> Callable[[RawDocument], Article | None]:
    def add_or_stop(raw: RawDocument) -> Article | None:
        if stop.is_set():
            raise _StopRequested
        try:
            return add(raw)
        except StorageError as fault:
            raise _StorageFaultInEntry(fault) from fault

    return add_or_stop


def _encoders(kinds: str, db: str) -> list[Encoder]:
    """The encoders asked for by name ("words,e5", "default", "none"), or a clear failure when
    one is unknown or its extra is missing."""
    try:
        return encoders_for(kinds, db)
    except ValueError as error:
        _fail(f"{error} (or none)")
    except ImportError as error:
        _fail(f"--{error}")


def _fail(message: str) -> NoReturn:
    # escaped: "pip install 'newsweave[server]'" and user input are text, not console markup
    errors.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(code=1)


if __name__ == "__main__":
    app()
