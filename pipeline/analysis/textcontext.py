"""What the analysis of a text depends on besides its characters (no heavy imports: the run reads it
for every file, also when nothing needs analysing)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.ids import stable_id


@dataclass(frozen=True)
class TextContext:
    """What is known of a text besides its characters, and changes its analysis (so is part of its
    cache key): a publication date from the input's metadata, the run's --reference-date, and
    which units' languages are analysed (--lang: ja, only Japanese units; all, every unit)."""

    published: object = None  # datetime.date | None
    reference_date: object = None  # datetime.date | None
    lang: str = "ja"  # ja | all

    def key(self, content_id: str) -> str:
        """The analysis cache key of the text read with this context (the content id alone without one)."""
        if self.published is None and self.reference_date is None and self.lang == "ja":
            return content_id
        parts = [content_id, "published", str(self.published), "reference", str(self.reference_date)]
        return stable_id(*parts, *(("lang", self.lang) if self.lang != "ja" else ()))


NO_CONTEXT = TextContext()
