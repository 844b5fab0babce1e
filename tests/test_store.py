import json

import pytest

from pipeline.errors import OutputLocked
from pipeline.output import store


def test_commit_replaces_outputs_only_when_complete(tmp_path):
    (tmp_path / "documents.parquet").write_text("old")
    staging = store.begin_staging(tmp_path)
    (staging / "documents.parquet").write_text("new")
    # a run killed before COMMIT: the next run discards the staging folder
    store.recover(tmp_path)
    assert (tmp_path / "documents.parquet").read_text() == "old"
    assert not staging.exists()

    staging = store.begin_staging(tmp_path)
    (staging / "documents.parquet").write_text("new")
    store.commit(tmp_path)
    assert (tmp_path / "documents.parquet").read_text() == "new"
    assert not staging.exists()


def test_a_commit_interrupted_after_its_journal_is_rolled_forward(tmp_path):
    (tmp_path / "a.parquet").write_text("old a")
    (tmp_path / "b.parquet").write_text("old b")
    staging = store.begin_staging(tmp_path)
    (staging / "a.parquet").write_text("new a")
    (staging / "b.parquet").write_text("new b")
    (staging / "COMMIT").write_text(json.dumps(["a.parquet", "b.parquet"]))
    (staging / "a.parquet").replace(tmp_path / "a.parquet")  # killed after the first move
    store.recover(tmp_path)
    assert [(tmp_path / n).read_text() for n in ("a.parquet", "b.parquet")] == ["new a", "new b"]


def test_a_second_run_on_the_same_folder_is_refused(tmp_path):
    with store.output_lock(tmp_path):
        with pytest.raises(OutputLocked, match="another run is writing"):
            with store.output_lock(tmp_path):
                pass


def test_cache_parts_count_only_when_complete(tmp_path):
    cache = store.AnalysisCache(tmp_path, "fp1")
    import pyarrow as pa

    parts = {name: pa.table({"sent_idx": pa.array([0], pa.int32())}) for name in store.PART_TABLES}
    assert not cache.has("abcd")
    cache.save("abcd", "本文", parts, {"title": "題", "published": None})
    assert cache.has("abcd")
    assert cache.load_text("abcd") == "本文"
    assert cache.load_meta("abcd") == {"title": "題", "published": None}
    assert cache.load("abcd", "tokens").to_pydict() == {"sent_idx": [0]}
    cache.prune(keep=set())
    assert not cache.has("abcd")
