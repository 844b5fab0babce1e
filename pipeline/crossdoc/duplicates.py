"""Near-duplicate articles: wire copies and copies with a sentence changed, found across the corpus.

    documents + each one's cached sentences ─► character shingles ─► MinHash signature per document
    ─► LSH bands: candidate pairs ─► exact Jaccard of the shingle sets ─► groups ─► near_duplicate_of

A document's text here is its analysed text: the normalised units not flagged as cited sources,
related-article lists or boilerplate (EXCLUDED_FLAGS), whitespace removed. Its shingles are the
runs of SHINGLE_CHARS characters inside each unit (a unit shorter than that is one shingle), so a
changed sentence changes only its own shingles.

Two documents are near-duplicates when the Jaccard similarity of their shingle sets is at least
JACCARD_THRESHOLD; a group is a connected component of such pairs, and every member of a group
but its earliest (by `published`, null dates last, then by path) has `near_duplicate_of` = the
doc_id of that earliest member, the group's source. Files with identical bytes share a doc_id and
are one document here (their `duplicate` rows keep near_duplicate_of null).

Memory: one pass over the cache keeps a signature per document (datasketch MinHash, NUM_PERM
uint32: 512 bytes), never its text; the LSH bands are cut from the signature matrix one band at a
time with numpy (datasketch's MinHashLSH would hold Python keys for every band of every document,
kilobytes each); the few pairs left to confirm re-read their two documents' sentences, at most
CACHED_SHINGLE_SETS shingle sets held at once. Deterministic: MinHash's seed is fixed, rows are in
doc_id order, and a group's source is the minimum of a total order.

Measured (2-core machine shared with other jobs): corpus_news 800 articles 1.4 s CPU, corpus_wac
3,979 documents 1.8 s, none found in either; 50,500 synthetic articles of 8 news sentences with
500 one-sentence-changed copies planted: 46-86 s, 252 MB peak for the whole process, 493 found (the
7 others have Jaccard < 0.6: the new sentence is long), and 3 other pairs, each sharing one unit
of 800-1,400 characters that is most of both texts. Of 200 copies of corpus_news articles with
one random sentence replaced, 184 reach the threshold (all 200 wire copies do); the 16 others are
short articles where that sentence is a third or more of the text.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Iterable

import numpy as np
import pandas as pd

EXCLUDED_FLAGS = frozenset({"source", "related", "boilerplate"})

# 5 characters: in Japanese, 3-character shingles are mostly common words and endings (した。, によると)
# that unrelated articles share; 5 keep names and phrases. On corpus_news the choice matters little
# (pairs at Jaccard 0.4 or more: 15 with 3 characters, 12 with 4, 13 with 5, 18 with 7, 23 with 9;
# one at 0.5 or more with each).
SHINGLE_CHARS = 5

# Jaccard of the shingle sets at or above which two documents are copies of one article. A copy
# with one of n equally long sentences changed has (n-1)/(n+1): 0.67 for 5 sentences, 0.75 for 7.
# Different articles stay well below: across the 800 articles of ../shared/corpus_news the largest
# value is 0.53 (two typhoon reports sharing a glued-in related-news list), the next 0.47; across
# the 1,301 corpus_wac documents of MIN_SHINGLES or more, 0.58 (西洋 and 東洋, sharing two
# sentences) and then 0.31.
JACCARD_THRESHOLD = 0.6

# Documents with fewer shingles are never near-duplicates: in a stub of one or two lines, a
# template with another name is as similar as a copy (corpus_wac: 豊前国は、かつて日本の地方行政
# 区分だった令制国の一つ。 and the same sentence of 筑前国 have Jaccard 0.84 over 30 shingles).
MIN_SHINGLES = 100

# MinHash and LSH: 128 permutations in 32 bands of 4 rows. A pair with Jaccard J shares a band
# with probability 1 - (1 - J^4)^32: 0.988 at 0.6, 0.9999 at 0.7, 0.00005 at 0.05 (unrelated
# articles), so the pairs to compare stay few as the corpus grows.
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SEED = 1
SCHEME = "affine32"  # datasketch's 32-bit hash values: a signature is NUM_PERM uint32

# A candidate pair is compared exactly only when its signatures agree on at least this share of
# permutations: the estimate's standard deviation at the threshold is 0.043 over 128 permutations,
# so a margin of 0.2 (4.6 deviations) loses no real pair and skips reading most false candidates.
ESTIMATE_MARGIN = 0.2

# Shingle sets kept while confirming pairs (each document's is read again from the cache).
CACHED_SHINGLE_SETS = 1_000


def shingles(units) -> np.ndarray:
    """The shingle set of one document's units (a table or frame with norm_text and flags), as the
    sorted distinct 64-bit hashes of its shingles (8 bytes each, not a Python string each).

    A shingle's hash is a polynomial of its code points mixed by SplitMix64's finaliser, computed
    for all windows of a unit at once; two distinct shingles share one with probability 2^-64.
    """
    texts = []
    for text, unit_flags in zip(_column(units, "norm_text"), _column(units, "flags")):
        if unit_flags is not None and EXCLUDED_FLAGS.intersection(unit_flags):
            continue
        text = "".join((text or "").split())
        if text:
            texts.append(text.ljust(SHINGLE_CHARS, "\0"))  # a short unit is one shingle, padded with U+0000
    if not texts:
        return np.zeros(0, dtype=np.uint64)
    # every window of SHINGLE_CHARS code points over the units laid end to end, hashed at once;
    # the windows that run from one unit into the next are dropped
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    unit = np.repeat(np.arange(len(texts)), [len(t) for t in texts])
    windows = len(codes) - SHINGLE_CHARS + 1
    h = np.zeros(windows, dtype=np.uint64)
    for j in range(SHINGLE_CHARS):
        h = h * _MULTIPLIER + codes[j:j + windows] + _ONE
    return np.unique(_mix64(h[unit[:windows] == unit[SHINGLE_CHARS - 1:]]))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two shingle sets (sorted distinct hashes, as `shingles` gives)."""
    if not len(a) and not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_ONE = np.uint64(1)


def _mix64(h: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser (a bijection of 64-bit integers that spreads every input bit)."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def near_duplicate_of(documents: pd.DataFrame, units_of: Callable[[str], object]) -> pd.Series:
    """The near_duplicate_of column of the documents table.

    `documents` has doc_id, path, published and status (one row per path; rows of status
    duplicate share their doc_id with an earlier path); `units_of(doc_id)` gives the document's
    sentences (norm_text and flags). Null for a document that copies no earlier one.
    """
    result = pd.Series([None] * len(documents), index=documents.index, dtype=object)
    docs = _documents(documents)
    if len(docs) < 2:
        return result
    sources = _sources(docs, units_of)
    first_rows = documents.index[documents["status"] != "duplicate"]
    result.loc[first_rows] = [sources.get(d) for d in documents.loc[first_rows, "doc_id"]]
    return result


def doc_sources(documents: pd.DataFrame) -> pd.DataFrame:
    """doc_id -> source_id (the doc_id of its group's earliest article, or itself), one row per doc_id."""
    docs = documents.drop_duplicates("doc_id").sort_values("doc_id")
    source = docs["near_duplicate_of"].where(docs["near_duplicate_of"].notna(), docs["doc_id"])
    return pd.DataFrame({"doc_id": docs["doc_id"].astype(object), "source_id": source.astype(object)}).reset_index(drop=True)


# ---------------------------------------------------------------- steps


def _documents(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per doc_id (its first path), in doc_id order, with its rank in source order:
    by published date (null dates last), then path, then row (of a JSON Lines or CSV file)."""
    docs = documents[documents["status"] != "duplicate"].drop_duplicates("doc_id")
    published = pd.to_datetime(docs["published"])
    order = pd.DataFrame({"missing": published.isna(), "published": published, "path": docs["path"],
                          "row": docs["row"] if "row" in docs else None})
    rank = order.sort_values(["missing", "published", "path", "row"], na_position="first", kind="stable").index
    docs = docs.assign(_rank=pd.Series(range(len(rank)), index=rank))
    return docs.sort_values("doc_id")[["doc_id", "_rank"]].reset_index(drop=True)


def _sources(docs: pd.DataFrame, units_of: Callable[[str], object]) -> dict[str, str]:
    """doc_id -> the doc_id of its group's source, for the documents that copy another."""
    doc_ids = list(docs["doc_id"])
    rank = list(docs["_rank"])
    kept, signatures = _signatures(doc_ids, units_of)
    shingle_sets = _ShingleSets(lambda i: shingles(units_of(doc_ids[kept[i]])), CACHED_SHINGLE_SETS)
    sources: dict[str, str] = {}
    for members in _groups(signatures, shingle_sets):
        first = min(members, key=lambda i: rank[kept[i]])
        sources |= {doc_ids[kept[i]]: doc_ids[kept[first]] for i in members if i != first}
    return sources


def _signatures(doc_ids: list[str], units_of: Callable[[str], object]) -> tuple[list[int], np.ndarray]:
    """The positions of the documents with at least MIN_SHINGLES shingles, and their MinHash signatures."""
    template = None
    kept: list[int] = []
    rows: list[np.ndarray] = []
    for i, doc_id in enumerate(doc_ids):
        shingle_set = shingles(units_of(doc_id))
        if len(shingle_set) < MIN_SHINGLES:
            continue
        if template is None:  # datasketch (and scipy, which it imports) only when there is a document to sign
            from datasketch import MinHash

            # the input hashes are the shingles' own 64-bit hashes folded to 32 bits; datasketch
            # mixes them with MurmurHash3's finaliser before its permutations
            template = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=_same)
        m = template.copy()
        m.update_batch(((shingle_set >> np.uint64(32)) ^ (shingle_set & np.uint64(0xFFFFFFFF))).tolist())
        kept.append(i)
        rows.append(m.hashvalues.astype(np.uint32, copy=True))
    return kept, (np.vstack(rows) if rows else np.zeros((0, NUM_PERM), dtype=np.uint32))


def _groups(signatures: np.ndarray, shingle_sets: "_ShingleSets") -> list[list[int]]:
    """The groups of two or more rows of `signatures`: connected components of the pairs that share
    an LSH band, whose signatures estimate a Jaccard of at least JACCARD_THRESHOLD - ESTIMATE_MARGIN
    and whose shingle sets have a Jaccard of at least JACCARD_THRESHOLD.

    One band in memory at a time. A pair already in one group is not compared again, nor is a pair
    once found apart, and a run of rows sharing a band key is left as soon as they are all in one
    group: a thousand copies of one article cost about a thousand comparisons, not half a million.
    """
    parent = list(range(len(signatures)))
    rejected: set[tuple[int, int]] = set()  # compared, not similar enough: never compared again
    floor = JACCARD_THRESHOLD - ESTIMATE_MARGIN

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for band in range(BANDS):
        keys = signatures[:, band * ROWS:(band + 1) * ROWS]
        order = np.lexsort((np.arange(len(keys)), *keys.T[::-1]))
        same = (keys[order][1:] == keys[order][:-1]).all(axis=1)
        edges = np.diff(np.concatenate(([0], same.astype(np.int8), [0])))
        # a run of equal keys is order[start..end]: same[start..end-1] are all true
        for start, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
            members = np.sort(order[start:end + 1])
            roots = np.array([root(m) for m in members.tolist()])  # kept current through this run's unions
            for k in range(len(members) - 1):
                apart = k + 1 + np.flatnonzero(roots[k + 1:] != roots[k])  # members not yet in a's group
                if not len(apart):
                    continue
                a = int(members[k])
                close = apart[(signatures[members[apart]] == signatures[a]).mean(axis=1) >= floor]
                for j in close.tolist():
                    b = int(members[j])
                    if roots[j] == roots[k] or (a, b) in rejected:
                        continue
                    if jaccard(shingle_sets[a], shingle_sets[b]) >= JACCARD_THRESHOLD:
                        winner, loser = int(min(roots[j], roots[k])), int(max(roots[j], roots[k]))
                        parent[loser] = winner
                        roots[roots == loser] = winner
                    else:
                        rejected.add((a, b))
                if (roots == roots[0]).all():
                    break
    groups: dict[int, list[int]] = {}
    for i in range(len(signatures)):
        groups.setdefault(root(i), []).append(i)
    return [members for members in groups.values() if len(members) > 1]


class _ShingleSets:
    """Shingle sets by document position, read on demand; the least recently used dropped past the cap."""

    def __init__(self, load: Callable[[int], np.ndarray], cap: int):
        self._load, self._cap = load, cap
        self._sets: OrderedDict[int, np.ndarray] = OrderedDict()

    def __getitem__(self, i: int) -> np.ndarray:
        if i in self._sets:
            self._sets.move_to_end(i)
            return self._sets[i]
        value = self._sets[i] = self._load(i)
        if len(self._sets) > self._cap:
            self._sets.popitem(last=False)
        return value


def _same(value: int) -> int:
    return value


def _column(units, name: str) -> Iterable:
    if isinstance(units, pd.DataFrame):
        return units[name].tolist()
    return units.column(name).to_pylist()
