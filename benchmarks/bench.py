"""Throughput, incremental re-run and memory of the pipeline, against the notebook a user would write.

    uv run python benchmarks/bench.py [--quick] [--workers 2] [--no-wac] [--no-seeds] [--json FILE]
                                      [--seed-chars 200000] [--rss-copies 1 10]

For each corpus, in one invocation and each in a fresh process:
  (a) naive: `spacy.load("ja_ginza")`, then `nlp(text)` for each article, reading its entities
      (NER only; spaCy's defaults, as in a notebook). chars/s over the nlp() calls, load excluded.
  (b) pipeline: `run.extract` with a fresh output folder and no cache (all stages, all tables,
      report.html), `--workers` local processes. chars/s over the whole run's wall time,
      worker start-up and model loading included.
  The per-stage profile is CPU seconds summed over the processes (thread CPU time in the
  workers), so it stays meaningful on a busy machine; chars/s of a stage = the corpus'
  characters / that stage's CPU seconds, i.e. what one core does. "worker wall s" is the wall
  time of the worker stages, summed over workers: well above CPU seconds, the cores were shared.
Then a second run of (b) on the same output folder (unchanged corpus, cache on) and its share
of the first run's time, and the peak RSS of a run over 1x and 10x the seed corpus: the largest
single process (getrusage of the children) and the whole process tree (psutil, sampled).

Corpora:
  seeds x N   the five seed articles copied until they reach 200,000 characters; each copy ends
              with a line naming the copy, so every file is a distinct text (no cache hit).
  wac         ../shared/corpus_wac, 3,979 short Wikipedia documents (~439,000 characters);
              --quick uses its first 600 files (sorted by name), about 66,000 characters.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus"
WAC = ROOT.parent / "shared" / "corpus_wac"
TARGET_CHARS = 200_000
QUICK_WAC_FILES = 600
STAGES = ("ingest", "prepare", "tokens", "nlp", "entities", "numbers", "claims", "cache", "link", "write", "report")


# ---------------------------------------------------------------- corpora


def seed_copies(dest: Path, copies: int) -> Path:
    """`copies` copies of the seed articles, each made distinct by a last line naming its copy."""
    dest.mkdir(parents=True)
    for copy in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            (dest / f"{copy:03d}_{seed.name}").write_text(f"{text.rstrip()}\n\n(ベンチマーク用の複製 {copy + 1})\n", encoding="utf-8")
    return dest


def seed_copies_for(chars: int) -> int:
    per_copy = sum(len(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt"))
    return -(-chars // per_copy)


def wac_subset(wac: Path, dest: Path, files: int | None) -> Path:
    if files is None:
        return wac
    dest.mkdir(parents=True)
    for path in sorted(wac.glob("*.txt"))[:files]:
        shutil.copyfile(path, dest / path.name)
    return dest


# ---------------------------------------------------------------- children (run in their own process)


def child_naive(corpus: Path) -> dict:
    import spacy

    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    t0 = time.perf_counter()
    nlp = spacy.load("ja_ginza")
    load = time.perf_counter() - t0
    entities, failed = 0, 0
    t0, c0 = time.perf_counter(), time.process_time()
    for text in texts:
        try:
            entities += len([(e.start_char, e.end_char, e.label_) for e in nlp(text).ents])
        except Exception:  # noqa: BLE001 - e.g. SudachiError for inputs over 49,149 bytes
            failed += 1
    return {
        "load_s": load, "wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0,
        "chars": sum(map(len, texts)), "docs": len(texts), "entities": entities, "failed": failed,
    }


def child_pipeline(corpus: Path, out: Path, workers: int, use_cache: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    from pipeline.config import Config
    from pipeline.run import extract

    t0 = time.perf_counter()
    report = extract(Config(corpus=corpus, out=out, workers=workers, use_cache=use_cache, progress=False))
    wall = time.perf_counter() - t0
    return {
        "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # KiB on Linux
        "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,  # largest worker process
        "wall_s": wall, "chars": report.chars, "seconds": report.seconds, "cpu_seconds": report.cpu_seconds,
        "worker_seconds": report.worker_seconds,
        "counts": report.counts, "analysed": report.analysed, "reused": report.reused, "up_to_date": report.up_to_date,
        "workers": report.workers, "rejects": len(report.rejects),
    }


# ---------------------------------------------------------------- measuring a child


def measure(args: list[str], env: dict | None = None) -> dict:
    """Run this script as a child; its JSON result, wall time, and the peak RSS of its process tree."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    peak_tree = [0]
    stop = threading.Event()

    def sample() -> None:
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                peak_tree[0] = max(peak_tree[0], sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    stop.set()
    sampler.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"child {' '.join(args)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process_wall_s"] = wall
    result["peak_rss_tree_mb"] = peak_tree[0] / 2**20
    return result


def naive_env() -> dict:
    """A notebook's environment: none of the thread limits the pipeline sets for its workers."""
    return {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}


# ---------------------------------------------------------------- report


def print_profile(name: str, naive: dict, first: dict, second: dict | None) -> dict:
    chars = first["chars"]
    naive_rate = naive["chars"] / naive["wall_s"]
    total_rate = chars / first["wall_s"]
    print(f"\n== {name}: {first['counts'].get('documents', 0):,} documents, {chars:,} characters")
    print(f"(a) naive nlp(text), NER only: {naive['wall_s']:.1f} s ({naive['cpu_s']:.1f} s CPU) for {naive['chars']:,} chars "
          f"= {naive_rate:,.0f} chars/s; spacy.load {naive['load_s']:.1f} s; {naive['entities']:,} entities"
          + (f"; {naive['failed']} article(s) failed" if naive["failed"] else ""))
    print(f"(b) pipeline, all stages and tables, {len(first['workers'])} worker process(es): {first['wall_s']:.1f} s wall "
          f"= {total_rate:,.0f} chars/s   (stage wall s: {', '.join(f'{k} {v:.1f}' for k, v in first['seconds'].items())})")
    print(f"    ratio (b)/(a): {total_rate / naive_rate:.2f}x")
    print(f"    {'stage':<9} {'CPU s':>8} {'share':>6} {'chars/s per core':>17} {'worker wall s':>14}")
    cpu, worker_wall = first["cpu_seconds"], first["worker_seconds"]
    total_cpu = sum(cpu.get(s, 0.0) for s in STAGES)
    for stage in STAGES:
        seconds = cpu.get(stage, 0.0)
        rate = f"{chars / seconds:,.0f}" if seconds > 0 else "-"
        wall = f"{worker_wall[stage]:.2f}" if stage in worker_wall else ""
        print(f"    {stage:<9} {seconds:>8.2f} {seconds / total_cpu:>6.1%} {rate:>17} {wall:>14}")
    print(f"    {'all':<9} {total_cpu:>8.2f} {1:>6.0%} {chars / total_cpu:>17,.0f}   (model loading and start-up not in stages)")
    summary = {"corpus": name, "chars": chars, "naive_chars_per_s": naive_rate, "pipeline_chars_per_s": total_rate,
               "ratio": total_rate / naive_rate, "first_run_s": first["wall_s"], "cpu_seconds": cpu}
    if second is not None:
        share = second["wall_s"] / first["wall_s"]
        print(f"    second run, unchanged corpus: {second['wall_s']:.2f} s in-run, {second['process_wall_s']:.2f} s with "
              f"interpreter start = {second['process_wall_s'] / first['process_wall_s']:.1%} of the first run "
              f"({first['process_wall_s']:.1f} s); texts analysed {second['analysed']}, up to date: {second['up_to_date']}")
        summary |= {"second_run_s": second["process_wall_s"], "second_run_share": second["process_wall_s"] / first["process_wall_s"], "second_in_run_share": share}
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"wac: its first {QUICK_WAC_FILES} files only")
    parser.add_argument("--no-wac", action="store_true", help="skip the wac corpus")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seed-copies corpus and the memory runs")
    parser.add_argument("--wac", type=Path, default=WAC, help="the wac corpus folder (default %(default)s)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed-chars", type=int, default=TARGET_CHARS, help="size of the seed-copies corpus (default %(default)s)")
    parser.add_argument("--rss-copies", type=int, nargs="+", default=[1, 10], help="seed copies of the memory runs (default 1 10)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--child", choices=("naive", "pipeline"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "naive":
        print(json.dumps(child_naive(args.corpus)))
        return
    if args.child == "pipeline":
        print(json.dumps(child_pipeline(args.corpus, args.out, args.workers, args.cache)))
        return

    print(f"machine: {os.cpu_count()} cores; load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          "(wall figures are inflated when the machine is busy; CPU seconds much less)")
    summaries = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        copies = seed_copies_for(args.seed_chars)
        corpora = [] if args.no_seeds else [(f"seeds x{copies}", seed_copies(tmp / "seeds", copies))]
        if args.no_wac:
            pass
        elif args.wac.is_dir():
            files = QUICK_WAC_FILES if args.quick else None
            corpora.append((f"wac ({files} files)" if files else "wac (all files)", wac_subset(args.wac, tmp / "wac", files)))
        else:
            print(f"{args.wac} is absent: the wac corpus is skipped")
        for name, corpus in corpora:
            naive = measure(["--child", "naive", "--corpus", str(corpus)], env=naive_env())
            out = tmp / f"out-{corpus.name}"
            pipeline = ["--child", "pipeline", "--corpus", str(corpus), "--out", str(out), "--workers", str(args.workers)]
            first = measure(pipeline)
            second = measure([*pipeline, "--cache"])
            summaries.append(print_profile(name, naive, first, second))

        if not args.no_seeds:
            print("\n== memory: peak RSS of a run (fresh output folder, no cache)")
        for copies in [] if args.no_seeds else args.rss_copies:
            corpus = seed_copies(tmp / f"rss{copies}", copies)
            run = measure(["--child", "pipeline", "--corpus", str(corpus), "--out", str(tmp / f"out-rss{copies}"), "--workers", str(args.workers)])
            print(f"    seeds x{copies:<3} {run['chars']:>9,} chars: main process {run['rss_main_mb']:,.0f} MB, "
                  f"largest worker {run['rss_worker_mb']:,.0f} MB, whole tree (sampled) {run['peak_rss_tree_mb']:,.0f} MB; {run['wall_s']:.1f} s")
            summaries.append({"corpus": f"rss seeds x{copies}", "chars": run["chars"], "rss_main_mb": run["rss_main_mb"],
                              "rss_worker_mb": run["rss_worker_mb"], "peak_rss_tree_mb": run["peak_rss_tree_mb"]})
    if args.json:
        args.json.write_text(json.dumps(summaries, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
