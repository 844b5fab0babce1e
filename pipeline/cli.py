"""Command line: `python -m pipeline COMMAND`. The only module that reads argv or calls sys.exit;
library errors become one-line messages and exit codes here and nowhere else."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import click

from pipeline.config import Config
from pipeline.errors import ExitCode, PipelineError

log = logging.getLogger("pipeline")


def _memory_size(ctx, param, value: str) -> str:
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", value.strip(), flags=re.IGNORECASE):
        raise click.BadParameter(f"{value!r} is not a size such as 512MB or 2GB")
    return value.strip()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does (to stderr).")
def cli(verbose: bool) -> None:
    """Japanese news articles in, tidy deduplicated Parquet tables out.

    \b
    Examples:
      python -m pipeline extract                      # corpus/ -> outputs/
      python -m pipeline extract --corpus ../shared/corpus_wac --out /tmp/wac --workers 2
      python -m pipeline extract --dask-workers 2     # a local Dask cluster
      python -m pipeline extract --scheduler tcp://10.0.0.5:8786
      python -m pipeline export /path/to/other/project/data/ja_news
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.option("--corpus", type=click.Path(path_type=Path), default=Path("corpus"), show_default=True, help="Folder of articles, read recursively; never modified: *.txt (one article each), *.jsonl/*.ndjson and *.csv/*.tsv (one per row), *.html/*.htm (the page's main text).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("outputs"), show_default=True, help="Folder for the Parquet tables, manifest.json and report.html.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Local worker processes for the per-document stages (one BLAS thread each).")
@click.option("--dask-workers", type=click.IntRange(min=0), default=0, help="Run the per-document stages on a local Dask cluster with this many workers.")
@click.option("--scheduler", default=None, help="Address of a running Dask scheduler, e.g. tcp://host:8786.")
@click.option("--batch-docs", type=click.IntRange(min=1), default=16, show_default=True, help="Documents per task; bounds memory per worker.")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Your own gazetteer TSV, merged over the shipped one.")
@click.option("--follow-links", is_flag=True, help="Follow symbolic links that point outside the corpus.")
@click.option("--max-bytes", type=int, default=20_000_000, show_default=True, help="Reject files larger than this.")
@click.option("--strict", is_flag=True, help=f"Exit with code {int(ExitCode.SOME_REJECTED)} when any file was rejected.")
@click.option("--no-cache", is_flag=True, help="Re-analyse every document instead of reusing unchanged ones.")
@click.option("--link-memory", default="1GB", show_default=True, callback=_memory_size, help="Memory for the cross-article step (entities, facts); beyond it, it spills to disk under --out.")
@click.option("--reference-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Date (YYYY-MM-DD) that 昨年, 9日 and the like are read from in articles that give none themselves (no dateline, no date in their metadata or cited sources).")
@click.option("--lang", type=click.Choice(["ja", "all"]), default="ja", show_default=True, help="ja: analyse the Japanese sentences only (and names and numbers in Latin script); a document with none gets status not_japanese and is named on stderr. all: analyse every sentence whatever its language, as far as GiNZA's Japanese model goes.")
@click.option("--text-field", default=None, help="JSON Lines/CSV field holding the article text (default: the first of text, body, content, article).")
@click.option("--id-field", default=None, help="Field holding the article's own id (default: id).")
@click.option("--title-field", default=None, help="Field holding the title (default: title, headline).")
@click.option("--url-field", default=None, help="Field holding the article's URL (default: url, link).")
@click.option("--published-field", default=None, help="Field holding the publication date, e.g. 2024-05-21 or 2024-05-21T08:15:00+09:00 (default: published, date, pubdate, published_at).")
@click.option("--source-field", default=None, help="Field holding the publisher (default: source, publisher, site).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or summary.")
def extract(corpus, out, workers, dask_workers, scheduler, batch_docs, gazetteer, follow_links, max_bytes, strict, no_cache, link_memory, reference_date, quiet, lang, **field_options):
    """Read the corpus, run every stage and write the tables.

    \b
    Exit codes:
      0  every file found was processed (rejected files listed in rejects.parquet and on stderr)
      1  the run failed; outputs/ is left exactly as the last complete run wrote it
      2  bad command line: an unknown option or a bad value (--workers 0), a missing --corpus
         folder, an --out that is a file or cannot be created or written
      3  with --strict: outputs written, but some files were rejected
      4  another run is writing to the same --out folder
      130  interrupted (Ctrl-C); outputs are as the last complete run left them

    \b
    A second run reuses the analysis of unchanged articles (outputs/.cache), so adding one
    article re-analyses only that one; --no-cache forces a full run.

    \b
    Field names of JSON Lines and CSV/TSV files ignore case; a row without text, with bad
    JSON, the wrong number of fields or a date that is not a date is skipped and named on
    stderr (file and row), the other rows go on. Example:
      python -m pipeline extract --corpus feeds --text-field body_text --published-field pub_time
    """
    from pipeline.progress import Progress, print_summary
    from pipeline.run import extract as run_extract

    config = Config(
        corpus=corpus, out=out, workers=workers, dask_workers=dask_workers, scheduler=scheduler,
        batch_docs=batch_docs, gazetteer=gazetteer, follow_links=follow_links, max_bytes=max_bytes,
        strict=strict, use_cache=not no_cache, progress=not quiet, link_memory=link_memory,
        reference_date=reference_date.date() if reference_date else None, lang=lang,
        fields=tuple((name.removesuffix("_field"), value) for name, value in sorted(field_options.items()) if value),
    )
    try:
        with Progress(enabled=not quiet) as progress:
            report = run_extract(config, progress=progress.tick)
    except PipelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(int(exc.exit_code))
    except KeyboardInterrupt:
        click.echo(f"interrupted: {out} is as the last complete run left it; run again to resume", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    for reject in report.rejects:
        click.echo(f"skipped {reject.message}", err=True)
    if report.not_japanese:
        click.echo(f"not Japanese: {len(report.not_japanese)} document(s) with no Japanese sentence, e.g. {report.not_japanese[0]} "
                   "(status not_japanese in documents); pass --lang all to analyse them", err=True)
    if report.ignored:
        click.echo(f"ignored {len(report.ignored)} file(s) without a {'/'.join(config.extensions)} name, e.g. {report.ignored[0]}", err=True)
    if not quiet:
        print_summary(report, out)
    sys.exit(int(report.exit_code))


def main() -> None:
    cli(prog_name="python -m pipeline")


@cli.command()
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("outputs"), show_default=True, help="Folder the tables were written to.")
def export(dest, out):
    """Copy the tables, manifest.json, report.html, the data dictionary (tables.md) and a
    Frictionless datapackage.json into DEST (another project's data folder), atomically.

    \b
    Example:
      python -m pipeline export ../analysis/data/ja_news
    """
    from pipeline.output.export import export_outputs

    try:
        names = export_outputs(out, dest)
    except PipelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(int(exc.exit_code))
    click.echo(f"copied {len(names)} files to {dest}", err=True)


@cli.command()
def docs():
    """Print the data dictionary (every table, column, type, meaning, example) as Markdown.

    \b
    Example:
      python -m pipeline docs > docs/tables.md
    """
    from pipeline.output.docs import tables_markdown

    click.echo(tables_markdown(), nl=False)
