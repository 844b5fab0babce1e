import json

import pytest

from pipeline import store
from pipeline.errors import OutputLocked


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


@pytest.mark.parametrize("chunk_sizes", [[10], [3, 3, 3, 1], [1] * 10, [7, 0, 3]])
def test_chunked_writer_row_groups_do_not_depend_on_how_rows_come(tmp_path, chunk_sizes):
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("surface", pa.string()), ("n", pa.int64())])
    rows = [("米国", 1), ("NATO", 2), ("ヘグセス", 3), ("EU", 4), ("日本", 5), ("英国", 6), ("欧州", 7), ("ロシア", 8), ("中国", 9), ("ウクライナ", 10)]
    writer = store.ChunkedTableWriter(tmp_path / "t.parquet", schema, rows_per_group=4)
    at = 0
    for size in chunk_sizes:
        part = rows[at:at + size]
        writer.write(pa.table({"surface": [r[0] for r in part], "n": [r[1] for r in part]}, schema=schema))
        at += size
    writer.close()
    meta = pq.ParquetFile(tmp_path / "t.parquet").metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [4, 4, 2]
    assert pq.read_table(tmp_path / "t.parquet").column("n").to_pylist() == list(range(1, 11))
    assert writer.rows == 10
