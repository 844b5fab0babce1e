"""The reference date of a document: the day it is written from, which 昨年, 9日 and 金曜日 need.

In order: the dateline the text opens with; else a publication date given with the input (a
JSONL/CSV column, an HTML page's metadata); else the latest full date in the article's own list
of cited sources (Wikinews and many sites end articles with `『title』。outlet、2007年4月12日。`, or an
English list for a translated article: `"Title".BBC,October10,2005`:
an article is written on or soon after the last source it cites); else the run's
--reference-date; else none, and relative dates stay unplaced.
A date followed by 閲覧 or アクセス in the source list is when a page was read, not published,
and is not used.
"""

from __future__ import annotations

import datetime

from pipeline.analysis.rules import Pattern

ACCESS_DATE_AFTER = Pattern(
    "time_access_date_after",
    r"\A[ ]?(?:閲覧|アクセス|取得|参照)",
    why="a date in a source list that says when a page was read (2008年9月26日閲覧), not when it was published",
    matches=(("閲覧。", "閲覧"), (" アクセス", " アクセス")),
    rejects=("。朝日新聞",),
)


LATIN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
# An English month, in full or abbreviated (Sept., Oct.): the one spelling of it that the source-list
# segmentation (text.segment) and the reference date both use.
LATIN_MONTH = "(?:" + "|".join(m.capitalize() for m in LATIN_MONTHS) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
LATIN_CITED_DATE = Pattern(
    "time_latin_cited_date",
    rf"(?P<month>{LATIN_MONTH})\.?[ ]?(?P<day>[0-9]{{1,2}}),[ ]?(?P<year>[0-9]{{4}})",
    why="the date of an English cited source (a translated article's list: \"Title\".BBC,October10,2005)",
    matches=(("BBC,October10,2005", "October10,2005"), ("CNN, Oct. 11, 2005", "Oct. 11, 2005")),
    rejects=("2005年10月10日", "October 2005"),
)


def _latin_dates(text: str):
    for m in LATIN_CITED_DATE.finditer(text):
        month = next(i for i, name in enumerate(LATIN_MONTHS, 1) if name.startswith(m.group("month").lower()[:3]))
        try:
            yield datetime.date(int(m.group("year")), month, int(m.group("day")))
        except ValueError:
            continue


def reference_date(prepared, published: datetime.date | None = None, option: datetime.date | None = None) -> tuple[datetime.date | None, str | None]:
    """(date, source) for a prepared text (pipeline.analysis.text.segment.PreparedText)."""
    if prepared.published is not None:
        return prepared.published, "dateline"
    if published is not None:
        return published, "metadata"
    cited = latest_cited_date(prepared)
    if cited is not None:
        return cited, "cited_sources"
    if option is not None:
        return option, "option"
    return None, None


def latest_cited_date(prepared) -> datetime.date | None:
    """The latest full date (year, month and day) in the units flagged as cited sources."""
    from pipeline.analysis.numbers.expressions import extract_numeric_expressions

    latest = None
    for unit in prepared.units:
        if "source" not in unit.flags and "reference" not in unit.flags:
            continue
        for expr in extract_numeric_expressions(unit.norm_text):
            spec = expr.spec
            if expr.kind not in ("date", "time") or spec is None or None in (spec.year, spec.month, spec.day) or spec.relative_to:
                continue
            if ACCESS_DATE_AFTER.search(unit.norm_text[expr.end:expr.end + 6]):
                continue
            try:
                day = datetime.date(spec.year, spec.month, spec.day)
            except ValueError:
                continue
            latest = day if latest is None or day > latest else latest
        for day in _latin_dates(unit.norm_text):
            latest = day if latest is None or day > latest else latest
    return latest
