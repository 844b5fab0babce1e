"""What the analysis of a text depends on besides its characters (no heavy imports: the run reads it
for every file, also when nothing needs analysing)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.ids import stable_id


@dataclass(frozen=True)
class TextContext:
    """What is known of a text besides its characters, and changes its analysis (so is part of its
    cache key): a publication date from the input's metadata, and the run's --reference-date."""

    published: object = None  # datetime.date | None
    reference_date: object = None  # datetime.date | None

    def key(self, content_id: str) -> str:
        """The analysis cache key of the text read with this context (the content id alone without one)."""
        if self.published is None and self.reference_date is None:
            return content_id
        return stable_id(content_id, "published", str(self.published), "reference", str(self.reference_date))


NO_CONTEXT = TextContext()
