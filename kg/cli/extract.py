"""Commands of the extraction area: ``kg extract``, ``kg promote`` and ``kg eval``.

Thin: each parses options, calls :mod:`kg.extract`, and prints. Heavy imports happen
inside the commands so ``kg --help`` stays fast."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.model.errors import InvalidData, KgError, Problem

PathsArg = Annotated[list[Path] | None, typer.Argument(help="Article files or folders (default: seeds/). '-' reads one article from stdin.", show_default=False)]
FormatOpt = Annotated[str, typer.Option("--format", help="jsonl (the contract other tools read) or yaml.")]
PublishedOpt = Annotated[str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) of files without front matter.")]
FactsDirOpt = Annotated[Path, typer.Option("--facts", help="Folder of YAML fact files whose entities mentions are linked to.")]


def load_catalog(facts: Path) -> list[dict]:
    """The curated entities of ``facts``; an empty catalog when they cannot be read yet."""
    if not facts.is_dir():
        return []
    from kg.inputs.facts import entity_catalog

    try:
        return entity_catalog(facts)
    except KgError:
        return []


def load_inputs(paths: list[Path] | None, published: str | None):
    """Documents from files, folders or stdin, every problem collected."""
    from kg.inputs.documents import document_paths, load_document

    if published is not None:
        from kg.model.values import Date

        if why := Date.check(published):
            raise InvalidData([Problem("--published", 0, 0, why)])
    files: list[Path] = []
    for path in paths or [Path("seeds")]:
        if str(path) == "-":
            files.append(path)
        elif path.is_dir():
            files.extend(document_paths(path))
        elif path.exists():
            files.append(path)
        else:
            raise InvalidData([Problem(str(path), 0, 0, "no such file or folder — give article files or a folder of them")])
    docs, problems = [], []
    for path in files:
        try:
            if str(path) == "-":
                import tempfile

                data = sys.stdin.read()
                with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
                    handle.write(data)
                try:
                    docs.append(load_document(Path(handle.name), "stdin", published=published))
                finally:
                    Path(handle.name).unlink()
            else:
                docs.append(load_document(path, str(path), published=published))
        except InvalidData as exc:
            for problem in exc.problems:
                if problem.message.startswith("no front matter") and published is None:
                    problem = Problem(problem.path, problem.line, problem.col,
                                      problem.message + " — or, for plain text, give its date with --published YYYY-MM-DD")
                problems.append(problem)
    if problems:
        raise InvalidData(problems)
    return docs


def run_extract(docs, catalog: list[dict], progress: bool = False) -> list[dict]:
    from kg.extract import extract_document
    from kg.extract.linking import Catalog

    index = Catalog(catalog)
    records: list[dict] = []
    ordered = sorted(docs, key=lambda d: d.id)
    for n, doc in enumerate(ordered, start=1):
        if progress:
            typer.echo(f"\rextracting {n}/{len(ordered)} {doc.id[:50]:<50}", err=True, nl=False)
        records.extend(extract_document(doc, index))
    if progress:
        typer.echo("", err=True)
    return records


@app.command("extract")
def extract_cmd(
    paths: PathsArg = None,
    format: FormatOpt = "jsonl",
    published: PublishedOpt = None,
    facts: FactsDirOpt = Path("facts"),
) -> None:
    """Propose entities and relations found in news articles, each with its evidence.

    Prints one JSON object a line: entities (with their mentions and whether they link to
    a curated entity) and relations or events (with roles, date, evidence span,
    confidence and the rule that found them).

    Example: kg extract seeds/scmp-2014-ibm-servers.txt --format jsonl
    """
    from kg.extract.jsonl import to_jsonl, to_yaml

    if format not in ("jsonl", "yaml"):
        raise KgError(f"--format {format!r} is not known — use jsonl or yaml")
    docs = load_inputs(paths, published)
    records = run_extract(docs, load_catalog(facts), progress=len(docs) > 5 and sys.stderr.isatty())
    typer.echo(to_jsonl(records) if format == "jsonl" else to_yaml(records), nl=False)

@app.command("promote")
def promote_cmd(
    ids: Annotated[list[str] | None, typer.Argument(help="Ids of proposals to promote (see --list).", show_default=False)] = None,
    proposals: Annotated[Path | None, typer.Option("--from", help="JSONL file from kg extract (default: extract seeds/ again).")] = None,
    min_confidence: Annotated[float | None, typer.Option("--min-confidence", help="Also promote every relation at least this confident.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="New fact file to write (never overwritten).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List proposal ids with confidence and method, write nothing.")] = False,
    seeds: Annotated[Path, typer.Option("--seeds", help="Folder of articles (for re-running extraction and quotes).")] = Path("seeds"),
    facts: FactsDirOpt = Path("facts"),
) -> None:
    """Turn chosen extraction proposals into a YAML fact file, ready for a pull request.

    Proposals are chosen by id and/or --min-confidence; the file gets sources with quotes
    from the evidence, and a header saying where each proposal came from. An existing
    file is never overwritten.

    Example: kg promote --min-confidence 0.7 -o facts/actions/proposed.yaml
    """
    from kg.contrib.promote import choose, proposal_id, render, write_new
    from kg.extract.jsonl import read_jsonl

    if proposals is not None:
        records = read_jsonl(proposals)
        origin = str(proposals)
    else:
        docs = load_inputs([seeds], None)
        records = run_extract(docs, load_catalog(facts))
        origin = f"kg extract {seeds}"
    if list_:
        for r in records:
            conf = r.get("confidence", "-")
            what = r.get("predicate") if r["kind"] == "relation" else f"entity {r.get('type')}{'' if r.get('linked') else ', new'}"
            typer.echo(f"{proposal_id(r)}\t{what}\t{conf}\t{r.get('method', '')}")
        return
    if not ids and min_confidence is None:
        raise KgError("choose proposals: give their ids (kg promote --list shows them) or --min-confidence")
    if output is None:
        raise KgError("give --output FILE for the new fact file")
    from kg.contrib.promote import drop_curated

    chosen = choose(drop_curated(records, facts), ids, min_confidence)
    if not chosen:
        raise KgError("no proposal was chosen — lower --min-confidence or give ids from kg promote --list")
    texts = {}
    if seeds.is_dir():
        from kg.inputs.documents import load_documents

        docs, _problems = load_documents(seeds)
        texts = {d: doc.text for d, doc in docs.items()}
    write_new(output, render(chosen, origin, texts))
    typer.echo(f"wrote {output} ({len(chosen)} proposals)")

@app.command("eval")
def eval_cmd(
    gold: Annotated[Path | None, typer.Option("--gold", help="Folder of *.gold.yaml annotations (default: tests/gold/ "
                                                "of the current folder, as in kg's own repository).", show_default=False)] = None,
    facts: FactsDirOpt = Path("facts"),
    seeds: Annotated[Path, typer.Option("--seeds", help="Folder where gold files' seed articles live.")] = Path("seeds"),
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list misses and extras.")] = False,
) -> None:
    """Score extraction against gold annotations: precision, recall and F1 for entities
    (name and type), participant pairs (which entities each relation ties together, the
    score extraction targets) and whole relations, per document and overall.

    Example: kg eval --gold tests/gold
    """
    from kg.extract.evaluate import evaluate, overall

    if gold is None:
        # An installed kg has no tests/gold of its own: the default only serves kg's repository.
        gold = Path("tests/gold")
        if not gold.is_dir():
            raise KgError("no gold annotations here (tests/gold/) — give --gold FOLDER, a folder of *.gold.yaml files")
    if not gold.is_dir():
        raise KgError(f"{gold}: no such folder of gold annotations")
    results = evaluate(gold, load_catalog(facts), seeds)
    typer.echo(f"{'document':<40} {'ent P':>6} {'ent R':>6} {'ent F1':>6}   {'pair P':>6} {'pair R':>6} {'pair F1':>7}"
               f"   {'rel P':>6} {'rel R':>6} {'rel F1':>6}")
    for doc, e, r, p in results:
        typer.echo(f"{doc[:40]:<40} {e.precision:6.2f} {e.recall:6.2f} {e.f1:6.2f}   {p.precision:6.2f} {p.recall:6.2f} {p.f1:7.2f}"
                   f"   {r.precision:6.2f} {r.recall:6.2f} {r.f1:6.2f}")
        if verbose:
            for label, items in (("missed entity", e.misses), ("extra entity", e.extras), ("missed pair", p.misses),
                                 ("extra pair", p.extras), ("missed relation", r.misses), ("extra relation", r.extras)):
                for item in items:
                    typer.echo(f"    {label}: {item}")
    e, r, p = overall(results)
    typer.echo(f"{'overall':<40} {e.precision:6.2f} {e.recall:6.2f} {e.f1:6.2f}   {p.precision:6.2f} {p.recall:6.2f} {p.f1:7.2f}"
               f"   {r.precision:6.2f} {r.recall:6.2f} {r.f1:6.2f}")
