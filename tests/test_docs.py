from pathlib import Path

from pipeline.output.docs import tables_markdown

TABLES_MD = Path(__file__).resolve().parents[1] / "docs" / "tables.md"


def test_data_dictionary_is_up_to_date_with_the_schemas():
    assert TABLES_MD.read_text(encoding="utf-8") == tables_markdown(), "docs/tables.md is stale: run `make docs`"
