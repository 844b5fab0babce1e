"""The cross-article step (entities, mentions with their entity, facts) on more rows than its memory.

    uv run python benchmarks/bench_link.py [--mentions 5000000] [--claims 1000000] [--memory 1GB]

Writes synthetic keyed work files (what the per-document pass of pipeline.run writes: doc ids,
offsets, labels, spelling keys; fact keys), 100,000 rows per file, then runs the DuckDB pass of
the pipeline (pipeline.crossdoc.assemble.link_and_merge_keyed) with `--memory` as DuckDB's budget, in a fresh
process, and prints its wall time, the process' peak RSS, and the tables' row counts. Groups
follow a Zipf-like spread (a few entities with many mentions, a long tail), as in news.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute  # noqa: F401 - pa.compute
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROWS_PER_FILE = 100_000
MENTIONS_PER_DOC = 50
CLAIMS_PER_DOC = 10


def _ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pa.array([f"{prefix}{n:012d}" for n in numbers.tolist()], pa.string())


def _write_files(work: Path, name: str, n: int, schema: pa.Schema, columns_of) -> list[Path]:
    """n rows in files of ROWS_PER_FILE rows; columns_of(row numbers) gives a file's columns."""
    files = []
    for first in range(0, n, ROWS_PER_FILE):
        files.append(work / f"{name}-{len(files):05d}.parquet")
        pq.write_table(pa.table(columns_of(np.arange(first, min(first + ROWS_PER_FILE, n))), schema=schema), files[-1])
    return files


def write_mentions(work: Path, n: int, rng: np.random.Generator) -> list[Path]:
    from pipeline.crossdoc.assemble import KEYED_MENTIONS

    groups = max(n // 8, 1)

    def columns_of(rows: np.ndarray) -> dict:
        group = (rng.zipf(1.3, len(rows)) - 1) % groups
        surface = _ids("名", group)
        return {
            "doc_id": _ids("d", rows // MENTIONS_PER_DOC), "sent_idx": pa.array(rows % MENTIONS_PER_DOC, pa.int32()),
            "start": pa.array((rows % MENTIONS_PER_DOC) * 20, pa.int64()), "end": pa.array((rows % MENTIONS_PER_DOC) * 20 + 4, pa.int64()),
            "text": surface, "norm_text": surface, "label": pa.array(np.array(["PERSON", "ORG", "GPE", "LOC", "OTHER"])[group % 5], pa.string()),
            "label_ene": pa.nulls(len(rows), pa.string()), "role": pa.nulls(len(rows), pa.string()), "source": pa.array(["ginza"] * len(rows), pa.string()),
            "surface": surface, "name_form": surface, "gaz_key": pa.nulls(len(rows), pa.string()), "own_key": surface,
            "full_last_key": pa.array([f"名{g:012d}" if g % 7 == 0 else None for g in group.tolist()], pa.string()),
            "surname_key": pa.array([f"名{g // 7 * 7:012d}" if g % 11 == 0 else None for g in group.tolist()], pa.string()),
            "local_group": surface,
        }

    return _write_files(work, "mentions", n, KEYED_MENTIONS, columns_of)


def write_claims(work: Path, n: int, rng: np.random.Generator) -> list[Path]:
    from pipeline.crossdoc.assemble import KEYED_CLAIMS

    facts = max(n // 4, 1)

    def columns_of(rows: np.ndarray) -> dict:
        fact = (rng.zipf(1.5, len(rows)) - 1) % facts
        value = pa.array((fact % 3).astype("float64"))  # three values per subject: candidates for conflicts
        return {
            "claim_id": _ids("c", rows), "doc_id": _ids("d", rows // CLAIMS_PER_DOC), "sent_idx": pa.array(rows % CLAIMS_PER_DOC, pa.int32()),
            "kind": pa.array(["percent"] * len(rows), pa.string()), "text": _ids("", fact % 100), "copy_key": pa.nulls(len(rows), pa.string()),
            "group_id": _ids("g", fact // 3), "f_subject": _ids("費", fact // 3), "f_actor": pa.nulls(len(rows), pa.string()),
            "f_unit": pa.array(["percent"] * len(rows), pa.string()), "f_base": pa.array(["GDP"] * len(rows), pa.string()),
            "f_value": value, "f_date": pa.nulls(len(rows), pa.string()), "f_low": value, "f_high": value,
            "c_low": pa.compute.subtract(value, 0.5), "c_high": pa.compute.add(value, 0.5),
            "f_frame": pa.array([None if f % 2 else f"{2020 + f % 3}" for f in fact.tolist()], pa.string()),
            "f_time": pa.nulls(len(rows), pa.string()), "f_bound": pa.nulls(len(rows), pa.string()),
        }

    return _write_files(work, "claims", n, KEYED_CLAIMS, columns_of)


def child(work: Path, memory: str) -> dict:
    from pipeline.analysis.entities.gazetteer import load_gazetteer
    from pipeline.config import Config
    from pipeline.crossdoc.assemble import link_and_merge_keyed

    mention_files = sorted(work.glob("mentions-*.parquet"))
    claim_files = sorted(work.glob("claims-*.parquet"))
    staging = work / "staging"
    staging.mkdir()
    t0 = time.perf_counter()
    counts = link_and_merge_keyed(mention_files, claim_files, load_gazetteer(), Config(link_memory=memory, workers=2), staging, work)
    return {"seconds": round(time.perf_counter() - t0, 1), "counts": counts,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "output_mb": round(sum(p.stat().st_size for p in staging.iterdir()) / 1e6, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mentions", type=int, default=5_000_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--memory", default="1GB", help="DuckDB's budget (default %(default)s)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.memory)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-link-") as tmp:
        work = Path(tmp)
        rng = np.random.default_rng(0)
        t0 = time.perf_counter()
        mention_files = write_mentions(work, args.mentions, rng)
        claim_files = write_claims(work, args.claims, rng)
        input_mb = sum(p.stat().st_size for p in [*mention_files, *claim_files]) / 1e6
        print(f"synthetic keyed rows: {args.mentions:,} mentions, {args.claims:,} claims in {len(mention_files) + len(claim_files)} files, "
              f"{input_mb:,.0f} MB of Parquet (written in {time.perf_counter() - t0:.0f} s)")
        done = subprocess.run([sys.executable, __file__, "--child", str(work), "--memory", args.memory], capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stderr)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        counts = figures["counts"]
        print(f"cross-article step, DuckDB budget {args.memory}: {figures['seconds']} s, peak RSS {figures['peak_rss_mb']:,} MB; "
              f"{counts['entities']:,} entities, {counts['mentions']:,} mentions, {counts['facts']:,} facts written ({figures['output_mb']} MB)")


if __name__ == "__main__":
    main()
