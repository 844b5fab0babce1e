"""The domain gazetteer: real-world referents with their surface forms, and finding them in text.

The shipped table is pipeline/analysis/data/gazetteer.tsv; a user TSV with the same columns is merged
over it (a row with the same key replaces the shipped row). Katakana transliterations vary
(ヘッグセス / ヘグセス), so katakana forms are matched through `katakana_key`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.analysis.chars import KATAKANA_WITH_HALFWIDTH, is_katakana
from pipeline.analysis.rules import Pattern
from pipeline.analysis.wordlists import DATA_DIR, read_rows

GAZETTEER_TSV = DATA_DIR / "gazetteer.tsv"
COARSE_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "LAW", "NORP", "WORK_OF_ART", "OTHER")
REQUIRED_COLUMNS = ("key", "name", "label")
OPTIONAL_COLUMNS = ("aliases", "wikidata_id", "ene")


@dataclass(frozen=True)
class GazetteerEntry:
    key: str
    name: str
    label: str
    aliases: tuple[str, ...]
    wikidata_id: str | None
    ene: str | None

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class AliasMatch:
    start: int
    end: int
    entry: GazetteerEntry


@dataclass(frozen=True)
class Gazetteer:
    entries: tuple[GazetteerEntry, ...]
    _by_key: dict[str, GazetteerEntry] = field(init=False, repr=False, compare=False)
    _by_surface: dict[str, GazetteerEntry] = field(init=False, repr=False, compare=False)
    _by_kana: dict[str, GazetteerEntry] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_surface: dict[str, GazetteerEntry] = {}
        by_kana: dict[str, GazetteerEntry] = {}
        # Later entries win, so a user row overrides a shipped alias of another referent.
        for entry in self.entries:
            for surface in entry.surfaces:
                by_surface[unicodedata.normalize("NFKC", surface)] = entry
                if _is_katakana(surface):
                    by_kana[katakana_key(surface)] = entry
        object.__setattr__(self, "_by_key", {e.key: e for e in self.entries})
        object.__setattr__(self, "_by_surface", by_surface)
        object.__setattr__(self, "_by_kana", by_kana)
        scanned = sorted((s for s in by_surface if len(s) > 1 and not _is_katakana(s)), key=lambda s: (-len(s), s))
        pattern = "|".join(_alias_regex(s, by_surface) for s in scanned)
        object.__setattr__(self, "_pattern", re.compile(pattern) if scanned else None)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> GazetteerEntry | None:
        return self._by_key.get(key)

    def lookup(self, surface: str) -> GazetteerEntry | None:
        """The referent a surface form names: exact form first, then its katakana spelling key."""
        surface = unicodedata.normalize("NFKC", surface).strip()
        found = self._by_surface.get(surface)
        if found is None and _is_katakana(surface):
            found = self._by_kana.get(katakana_key(surface))
        return found

    def abbreviations(self) -> dict[str, GazetteerEntry]:
        """Single-character forms (米, 英, 独, 欧): they only count inside compounds, see entities."""
        return {s: e for s, e in self._by_surface.items() if len(s) == 1 and not s.isascii()}

    def find(self, text: str) -> list[AliasMatch]:
        """Non-overlapping alias occurrences in `text`, leftmost-longest, single characters excluded."""
        matches = [m for m in self._find_katakana(text)]
        if self._pattern is not None:
            for m in self._pattern.finditer(text):
                entry = self._by_surface[m.group(0)]
                if entry.ene == "City" and text[m.end():m.end() + 1] == "州":
                    continue  # ワシントン州 is the state, not the city
                matches.append(AliasMatch(m.start(), m.end(), entry))
        return _leftmost_longest(matches)

    def _find_katakana(self, text: str) -> list[AliasMatch]:
        # A katakana alias only counts as a whole katakana run: ワシントン inside
        # ジョージ・ワシントン is part of another name. A run of names joined by ・ (a list,
        # フランス・ドイツ) counts when every part is known.
        found = []
        for run in _KATAKANA_RUN.finditer(text):
            # dots at the edges join the run to what is around it (米・カナダ): the name is inside them
            start, end = run.start() + len(run.group(0)) - len(run.group(0).lstrip("・･")), run.start() + len(run.group(0).rstrip("・･"))
            if start >= end:
                continue
            surface = text[start:end]
            entry = self._by_kana.get(katakana_key(surface))
            if entry is not None and entry.ene == "City" and text[end:end + 1] == "州":
                continue
            if entry is not None:
                found.append(AliasMatch(start, end, entry))
                continue
            parts = list(_DOTTED_PART.finditer(surface))
            entries = [self._by_kana.get(katakana_key(p.group(0))) for p in parts]
            if len(parts) > 1 and all(e is not None and e.label != "PERSON" for e in entries):
                found.extend(AliasMatch(start + p.start(), start + p.end(), e) for p, e in zip(parts, entries))
        return found


_KATAKANA_RUN = Pattern(
    "gazetteer_katakana_run",
    f"(?<![{KATAKANA_WITH_HALFWIDTH}])[{KATAKANA_WITH_HALFWIDTH}]+(?![{KATAKANA_WITH_HALFWIDTH}])",
    why="a whole katakana run (with ・ and ー): a katakana alias counts only as all of one",
    matches=(("米・カナダ首脳会談", "・カナダ"), ("ヘグセス長官", "ヘグセス"), ("ｶﾅﾀﾞ政府", "ｶﾅﾀﾞ")),
    rejects=("日本政府",),
)
_DOTTED_PART = Pattern(
    "gazetteer_dotted_part",
    r"[^・･]+",
    why="the parts of a ・-joined katakana run (フランス・ドイツ), each looked up on its own",
    matches=(("フランス・ドイツ", "フランス"), ("・カナダ", "カナダ")),
    rejects=("・",),
)
_KANA_VARIANTS = str.maketrans({
    "ァ": "ア", "ィ": "イ", "ゥ": "ウ", "ェ": "エ", "ォ": "オ", "ヵ": "カ", "ヶ": "ケ", "ヮ": "ワ",
    "ャ": "ヤ", "ュ": "ユ", "ョ": "ヨ", "ヂ": "ジ", "ヅ": "ズ", "ヰ": "イ", "ヱ": "エ", "ヲ": "オ",
})
_DROPPED_IN_KEY = Pattern(
    "gazetteer_dropped_in_key",
    r"[ッ・･\s\-‐–—=＝·.]",
    why="marks a transliteration may have or lack (ッ, ・, spaces, dashes): dropped from katakana_key; "
        "ー is kept inside a word (ローマ is not ロマ, パリ not パーリ)",
    matches=(("ヘッグセス", "ッ"), ("ジョン・ケリー", "・")),
    rejects=("ヘグセス", "ルーマニア"),
)
_FINAL_LONG_VOWEL = Pattern(
    "gazetteer_final_long_vowel",
    r"(?<=[ァ-ヺ][ァ-ヺー][ァ-ヺー])ー+(?=$|[・･\s])",
    why="a long vowel after three kana or more at the end of a word, which spellings have or lack "
        "(コンピューター / コンピュータ): dropped from katakana_key; not after fewer (マリー is not マリ)",
    matches=(("コンピューター", "ー"), ("ユーザー・サポート", "ー")),
    rejects=("ローマ", "パーリ", "マリー"),
)
_LATIN_ALIAS = Pattern(
    "gazetteer_latin_alias",
    r"[A-Za-z0-9 .,&'\-]+",
    why="an alias in Latin script (fullmatch: NATO, G7, AT&T): matched as whole words only",
    matches=(("NATO", "NATO"), ("AT&T", "AT&T")),
    rejects=("北大西洋条約機構",),
)
_KUNI_ALIAS = Pattern(
    "gazetteer_kuni_alias",
    r"[米英中韓豪独仏露]国",
    why="a one-character country form with 国 (fullmatch: 米国): not before 防 (米国防長官 is 米 + 国防長官)",
    matches=(("米国", "米国"), ("英国の首相", "英国")),
    rejects=("日本国",),
)


def katakana_key(text: str) -> str:
    """Key under which spelling variants of a transliteration coincide (ヘッグセス == ヘグセス).

    NFKC, hiragana to katakana, ヴ to バ-row, small kana to full size, ッ, ・ and spaces dropped,
    ー dropped at the end of a word only (コンピューター == コンピュータ, ローマ != ロマ); Latin
    letters are lower-cased.
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)
    for v, b in (("ヴァ", "バ"), ("ヴィ", "ビ"), ("ヴェ", "ベ"), ("ヴォ", "ボ"), ("ヴュ", "ビュ"), ("ヴ", "ブ")):
        text = text.replace(v, b)
    text = _FINAL_LONG_VOWEL.sub("", text.translate(_KANA_VARIANTS))
    return _DROPPED_IN_KEY.sub("", text).lower()


def _is_katakana(text: str) -> bool:
    return bool(text) and all(is_katakana(c) for c in text) and any(c not in "・ー" for c in text)


def _alias_regex(alias: str, by_surface: dict[str, GazetteerEntry]) -> str:
    escaped = re.escape(alias)
    stem = alias[:-1]
    if alias.endswith("国") and len(stem) > 1 and by_surface.get(stem) is by_surface[alias]:
        # 日本国内 is 日本 + 国内, 日本国民 is 日本 + 国民, 日本国語大辞典 is not 日本国
        return rf"{escaped}(?![内外民語籍境土])"
    if _LATIN_ALIAS.fullmatch(alias):
        # Latin forms are whole words: NATO inside STRIKFORNATO is not NATO.
        return rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])"
    if _KUNI_ALIAS.fullmatch(alias):
        # 米国防長官 is 米 + 国防長官, but 米国防衛産業 is 米国 + 防衛産業.
        return rf"{escaped}(?!防(?!衛))"
    if alias[0] > "\u30ff" and alias[-1] > "\u30ff":
        return escaped
    # A form that starts or ends in katakana must not cut a katakana word.
    left = rf"(?<![{KATAKANA_WITH_HALFWIDTH}])" if is_katakana(alias[0]) else ""
    right = rf"(?![{KATAKANA_WITH_HALFWIDTH}])" if is_katakana(alias[-1]) else ""
    return left + escaped + right


def _leftmost_longest(matches: list[AliasMatch]) -> list[AliasMatch]:
    chosen: list[AliasMatch] = []
    taken: set[int] = set()
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if not taken.intersection(range(m.start, m.end)):
            chosen.append(m)
            taken.update(range(m.start, m.end))
    return sorted(chosen, key=lambda m: m.start)


def read_entries(path: Path) -> list[GazetteerEntry]:
    """Rows of one gazetteer TSV (lines starting with # are comments)."""
    entries = []
    for row in read_rows(Path(path).resolve(), REQUIRED_COLUMNS, OPTIONAL_COLUMNS):
        key, name, label = (row[c] for c in REQUIRED_COLUMNS)
        if label not in COARSE_LABELS:
            raise ValueError(f"gazetteer {path}, key {key}: label {label!r} is not one of {', '.join(COARSE_LABELS)}")
        aliases = tuple(dict.fromkeys(a.strip() for a in row["aliases"].split("|") if a.strip() and a.strip() != name))
        entries.append(GazetteerEntry(key=key, name=name, label=label, aliases=aliases, wikidata_id=row["wikidata_id"] or None, ene=row["ene"] or None))
    return entries


def load_gazetteer(extra: Path | None = None) -> Gazetteer:
    """The shipped gazetteer with the rows of `extra` (same columns) merged over it by key."""
    merged = {e.key: e for e in read_entries(GAZETTEER_TSV)}
    if extra is not None:
        extra = Path(extra)
        if not extra.is_file():
            raise FileNotFoundError(f"gazetteer file {extra} does not exist")
        for entry in read_entries(extra):
            merged.pop(entry.key, None)  # re-inserted last: its aliases win over shipped ones
            merged[entry.key] = entry
    return Gazetteer(tuple(merged.values()))


def fingerprint(extra: Path | None = None) -> str:
    """Stable hash of the gazetteer content (shipped rows plus `extra`), for the analysis cache."""
    gazetteer = load_gazetteer(extra)
    digest = hashlib.sha256()
    for e in gazetteer.entries:
        digest.update("\x1f".join([e.key, e.name, e.label, "|".join(e.aliases), e.wikidata_id or "", e.ene or ""]).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()[:16]
