"""Every message the pipeline gives a user, in one place, each with a code and what to do next."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of `python -m pipeline extract` (documented in the README)."""

    OK = 0  # every file found was processed
    FAILED = 1  # the run failed; outputs/ is as the last complete run left it
    USAGE = 2  # bad command line (click's own code)
    SOME_REJECTED = 3  # outputs written, but some files were rejected (see rejects table)
    LOCKED = 4  # another run holds the output folder
    INTERRUPTED = 130  # Ctrl-C: outputs are as the last complete run left them (128 + SIGINT)


# Reasons a file is not analysed: code -> message shown to the user. `{detail}` is filled in.
REJECT_REASONS: dict[str, str] = {
    "empty": "the file is empty",
    "blank": "the file holds only whitespace",
    "binary": "the file is not text ({detail}); remove it or give it another extension",
    "nul_bytes": "the file contains NUL bytes, so it is not plain text ({detail})",
    "undecodable": "the bytes are not valid text in any supported encoding ({detail}); save it as UTF-8",
    "unreadable": "cannot be read ({detail})",
    "not_a_file": "it is {detail}, not a regular file",
    "symlink_loop": "the symbolic link loops back on itself",
    "outside_corpus": "the symbolic link points outside the corpus folder ({detail}); pass --follow-links to read it",
    "too_large": "the file is larger than the limit ({detail}); raise --max-bytes to read it",
    "analysis_failed": "analysing the text failed ({detail}); please report this with the file",
    # a row of a JSON Lines or CSV/TSV file, or what a file of such rows lacks as a whole
    "bad_json": "the line is not valid JSON ({detail}); fix the line or remove it",
    "not_an_object": "the line holds {detail}, not a JSON object; write one object per line",
    "bad_csv_row": "the row is not a valid record ({detail}); quote fields that hold the delimiter, a quote or a line break",
    "no_text_field": "no column holds the article text ({detail}); name it text, body, content or article, or pass --text-field",
    "no_rows": "the file has a header but no rows",
    "missing_text": "the row has no article text ({detail}); put it in a text, body, content or article field, or pass --text-field",
    "bad_field": "a field holds something other than text ({detail}); give it as a string",
    "bad_date": "the publication date {detail} is not a date; write it as YYYY-MM-DD, or pass --published-field with another field",
    "no_article_text": "no article text was found in the page ({detail}); save the article's text as .txt instead",
}


class PipelineError(Exception):
    """An error that the CLI shows as one line and an exit code; raised by library code."""

    code = "E000"
    exit_code = ExitCode.FAILED

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class CorpusNotFound(PipelineError):
    """--corpus is missing, not a folder, unlistable or the output folder itself: a bad command line."""

    code = "E001"
    exit_code = ExitCode.USAGE


class OutputNotWritable(PipelineError):
    """Writing the outputs failed during the run (disk full, a failed commit): the run failed."""

    code = "E002"


class OutputUnusable(OutputNotWritable):
    """--out cannot be used at all, found before any work (a file, not creatable, not writable): a bad command line."""

    exit_code = ExitCode.USAGE


class OutputLocked(PipelineError):
    code = "E003"
    exit_code = ExitCode.LOCKED


class SchemaViolation(PipelineError):
    """A table does not match its declared schema: a bug, never the user's input."""

    code = "E004"

    def __init__(self, table: str, problem: str):
        super().__init__(f"table {table}: {problem}", "this is a bug in the pipeline; nothing was written")
        self.table = table


class ModelMissing(PipelineError):
    code = "E005"


class EvalDataMissing(PipelineError):
    code = "E006"


class OutOfMemory(PipelineError):
    """The cross-article step needed more than its memory budget and could not spill enough to disk."""

    code = "E008"


def reject_message(reason: str, detail: str = "") -> str:
    return REJECT_REASONS[reason].format(detail=detail or "no detail")
