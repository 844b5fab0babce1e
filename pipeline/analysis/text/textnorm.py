"""Normalise decoded text for analysis, keeping a map from every normalised character back
to the original characters it came from.

What changes (and what deliberately does not):

- Width. Full-width ASCII forms (U+FF01-FF5E) become ASCII: `５％` -> `5%`, `ＮＡＴＯ` -> `NATO`,
  `（` -> `(`, `：` -> `:`, `！` -> `!`. Half-width katakana and punctuation become full-width
  (`ｶﾞ` -> `ガ`, two characters to one). Japanese punctuation of the CJK block stays as it is:
  `。、「」『』【】・ー`. So parentheses are half-width everywhere (as seeds 000-003 write them),
  while 。 and 、 stay Japanese; GiNZA and the numeric parser accept both forms.
- Variants. Dashes: hyphen, minus and en-dash forms -> `-`; em dash, horizontal bar and box
  drawing line -> `―` (U+2015, which the numeric parser reads as a range). Tildes: `～ ∼ 〜` ->
  `〜` (U+301C), so `1995〜2001年` stays a range; ASCII `~` is kept. Middle dots `· ‧ ･` -> `・`.
  The cp932/EUC-JP mapping differences (`～`/`〜`, `－`/`−`, `∥`/`‖`, `―`/`—`) thus vanish.
  A character and its combining marks become one character when NFC composes them into one
  (`か` + U+3099 -> `が`, `e` + U+0301 -> `é`); a voicing mark left over becomes `゛`/`゜`. Zero-width characters and soft hyphens are removed.
- Spaces. Every Unicode space (U+3000 included), tab and control character becomes a space.
  Spaces touching Japanese text are removed (`2014 年` -> `2014年`, `GDP の 5％` -> `GDPの5%`,
  `NATO 条約` -> `NATO条約`); a space between two non-Japanese characters stays, runs collapse
  to one (`Article 5`, `North Atlantic Treaty Organization`). Indentation and trailing spaces
  of lines go.
- Lines. Hard-wrapped lines are joined (`アメリ\\nカ` -> `アメリカ`; between Latin words the break
  becomes a space). Wrapping is detected from the line widths, not from any text: the document's
  wrap width is the display width shared by most lines that continue into a next line without
  ending a sentence; a block (lines between blank lines) is wrapped when at least two thirds of
  its continuing lines reach that width, and then each line that reaches it is joined with the
  next one, unless the next line is indented. Other line breaks (headings, one paragraph per
  line) stay, and so do blank lines.

Offset map: `starts` and `ends` are read-only numpy int64 arrays with one entry per character
of `text`: normalised character i came from `original[starts[i]:ends[i]]` (one character,
except for a composed character, which maps to its whole sequence). Both arrays are
non-decreasing, and `ends[i] <= starts[i + 1]`.
"""

from __future__ import annotations

import bisect
import heapq
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from pipeline.analysis.rules import Pattern


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    for cp in range(0xFF61, 0xFFA0):  # half-width CJK punctuation and katakana: one char each
        table[cp] = unicodedata.normalize("NFKC", chr(cp))
    table.update({0xFFE0: "¢", 0xFFE1: "£", 0xFFE2: "¬", 0xFFE3: "¯", 0xFFE4: "¦", 0xFFE5: "¥", 0xFFE6: "₩"})
    for ch in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000":
        table[ord(ch)] = " "
    for cp in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        if cp != 0x0A:
            table[cp] = " "
    for ch in "\u0085\u2028\u2029":
        table[ord(ch)] = "\n"
    for ch in "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d":
        table[ord(ch)] = "-"
    for ch in "\u2014\u2015\u2500\u2e3a\u2e3b":
        table[ord(ch)] = "\u2015"
    for ch in "\u301c\uff5e\u223c\u2053":
        table[ord(ch)] = "\u301c"
    for ch in "\u00b7\u0387\u2027\u2219\u22c5\uff65":
        table[ord(ch)] = "\u30fb"
    table[0x2016] = "\u2225"
    return table


_FOLD = _fold_table()
_LONE_VOICING = {0x3099: "\u309b", 0x309A: "\u309c"}

# Characters that make a neighbouring space removable: kana, kanji, CJK punctuation and
# symbols, and the full/half-width forms block (its ASCII part is folded away before).
_JA = "\u2e80-\u2fff\u3000-\u30ff\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
# Symbols that join two numbers or words: a space next to one is removable when Japanese text
# lies just beyond it (`1338年　-　1358年` -> `1338年-1358年`), kept otherwise (`FT / AP`).
_CONNECTORS = "\\-~/:=+\u301c\u2015"
_ZW = "\u200b-\u200d\u2060\ufeff\u00ad"  # zero-width characters and the soft hyphen: removed
_SP = f"(?:[{_ZW}]* )+[{_ZW}]*"  # a run of spaces, zero-width characters mixed in
# One pass over the runs of spaces; the leading lookahead lets the scan skip other characters fast.
_SPACE_EDITS = Pattern(
    "textnorm_space_edit",
    f"(?=[ {_ZW}])(?:"
    f"(?P<lead>^{_SP})"
    f"|(?P<trail>{_SP}$)"
    f"|(?P<jsp>(?<=[{_JA}]){_SP}|{_SP}(?=[{_JA}]))"
    f"|(?P<sym>(?<=[{_CONNECTORS}]){_SP}|{_SP}(?=[{_CONNECTORS}]))"
    f"|(?P<multi>[{_ZW}]*(?: [{_ZW}]*){{2,}}|[{_ZW}]+ [{_ZW}]*| [{_ZW}]+)"
    f"|(?P<zw>[{_ZW}]+))",
    why="a run of spaces or zero-width characters to edit: at a line's ends, touching Japanese, by a connector, repeated, or zero-width",
    matches=(
        ("2014 年", " "),
        ("GDPの 5%", " "),
        ("Article  5", "  "),
        ("NATO\u200b条約", "\u200b"),
    ),
    rejects=("Article 5", "North Atlantic Treaty"),
    flags=re.M,
)
_MARKS = Pattern(
    "textnorm_combining_marks",
    "[\u0300-\u036f\u3099\u309a]+",
    why="combining marks (accents, kana voicing marks) to compose with the character before them",
    matches=(("か\u3099", "\u3099"), ("e\u0301", "\u0301")),
    rejects=("が", "é"),
)
_NO_BASE = frozenset(f"\n \u200b\u200c\u200d\u2060\ufeff\u00ad")
_JA_CHAR = Pattern(
    "textnorm_ja_char",
    f"[{_JA}]",
    why="a Japanese character (kana, kanji, CJK punctuation, full-width form): spaces next to one are removed",
    matches=(("GDPの5%", "の"), ("はい、", "は"), ("NATO。", "。")),
    rejects=("GDP 5%", "Article 5"),
)
_SPACE_AFTER = frozenset(",.;:!?)]\"'%\u201d")
_SPACE_BEFORE = frozenset("([\"'&\u201c")
_CONNECTOR_SET = frozenset("-~/:=+\u301c\u2015")
_WIDE = Pattern(
    "textnorm_wide_char",
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]",
    why="an East Asian wide or full-width character: it takes two columns (line widths for unwrapping)",
    matches=(("ABC日本", "日"), ("Ａ", "Ａ"), ("한", "한")),
    rejects=("ｱｲｳ", "abc"),
)
_SENTENCE_END = frozenset("。.!?！？")
_LIST_START = Pattern(
    "textnorm_list_start",
    "[•●○◆◇■□▪‣※*] |\\(?\\d{1,3}[.)](?!\\d)|[\u2022\u25cf\u25a0\u2460-\u24ff\u2776-\u2793]",
    why="a list item's start (`• `, `1.`, `(2)`, `①`): such a line is never joined to the line above",
    matches=(("• 項目", "• "), ("1. 概要", "1."), ("(2)対策", "(2)"), ("①経緯", "①")),
    rejects=("3.5%の伸び", "※注意"),
)

_MAX_WRAP_WIDTH = 200  # wider lines are paragraphs, never wrapped text
_MIN_WRAP_WIDTH = 30


@dataclass(frozen=True)
class NormalizedText:
    original: str
    text: str  # normalised text for analysis
    # Normalised char i came from original[starts[i]:ends[i]]; read-only numpy int64 arrays.
    starts: np.ndarray = field(repr=False, compare=False)
    ends: np.ndarray = field(repr=False, compare=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Normalised span -> original span, always within 0..len(original). An empty span maps
        to the empty span at the original position of the character that follows it."""
        n = len(self.text)
        start = min(max(start, 0), n)
        end = min(max(end, start), n)
        if end > start:
            return int(self.starts[start]), int(self.ends[end - 1])
        if start < n:
            pos = int(self.starts[start])
        elif n:
            pos = int(self.ends[n - 1])
        else:
            pos = 0
        return pos, pos


def fold(text: str) -> str:
    """The one-character-for-one replacements of `normalize` alone (width and variant folding)."""
    return text.translate(_FOLD)


def display_width(text: str) -> int:
    """Columns the text takes in a terminal: East Asian wide and full-width characters take two."""
    return len(text) + len(_WIDE.findall(text))


def normalize(original: str) -> NormalizedText:
    folded = original.translate(_FOLD)  # same length: offsets unchanged so far
    edits = heapq.merge(_space_and_mark_edits(folded), _wrap_joins(original, folded))
    return _apply(original, folded, edits)


def _space_and_mark_edits(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for composed marks, zero-width chars and removable spaces."""
    edits: list[tuple[int, int, str]] = []
    for m in _SPACE_EDITS.finditer(folded):
        kind = m.lastgroup
        start, end = m.span()
        if kind == "sym" and not (_JA_CHAR.match(_beyond(folded, start - 1, -1)) or _JA_CHAR.match(_beyond(folded, end, 1))):
            if end - start > 1:
                edits.append(_one_space(folded, start, end))
        elif kind == "multi":
            edits.append(_one_space(folded, start, end))
        else:
            edits.append((start, end, ""))
    for m in _MARKS.finditer(folded):
        start, end = m.span()
        if start > 0 and folded[start - 1] not in _NO_BASE:
            start -= 1  # the base character the marks combine with
        sequence = folded[start:end]
        # Compose only when the whole sequence becomes one character; otherwise (marks that
        # NFC would reorder or only partly compose) keep it, spacing lone voicing marks, so
        # every output character keeps a span of its own.
        composed = unicodedata.normalize("NFC", sequence)
        if len(composed) == 1 and end - start > 1:
            edits.append((start, end, composed))
        elif (spaced := sequence.translate(_LONE_VOICING)) != sequence:
            edits.append((start, end, spaced))
    edits.sort()
    return edits


def _one_space(folded: str, start: int, end: int) -> tuple[int, int, str]:
    """Collapse a run of spaces (and zero-width characters) to one space."""
    if folded[start] == " ":
        return start + 1, end, ""  # the first space stays as it is
    return start, end, " "


def _beyond(text: str, pos: int, step: int) -> str:
    """The first character from pos on (in direction step) that is neither a space nor a connector."""
    for _ in range(8):
        if not 0 <= pos < len(text):
            return ""
        if text[pos] != " " and text[pos] not in _CONNECTOR_SET:
            return text[pos]
        pos += step
    return ""


def _wrap_joins(original: str, folded: str) -> list[tuple[int, int, str]]:
    """Edits that join hard-wrapped lines: each removes (or turns into a space) one line break."""
    if folded.count("\n") < 2:
        return []
    lines = []  # (start, end without trailing spaces, end, display width or None when too wide)
    pos = 0
    for line in folded.split("\n"):
        content_end = pos + len(line.rstrip(" "))
        width = None
        if content_end - pos <= _MAX_WRAP_WIDTH:
            width = display_width(original[pos:content_end])
            if width > _MAX_WRAP_WIDTH:
                width = None
        lines.append((pos, content_end, pos + len(line), width))
        pos += len(line) + 1
    blanks = [not folded[start:end].strip(" ") for start, end, _, _ in lines]

    def blank(i: int) -> bool:
        return blanks[i]

    continuing = [i for i in range(len(lines) - 1) if not blank(i) and not blank(i + 1)]
    candidates = sorted(
        w for i in continuing
        if (w := lines[i][3]) is not None and w >= _MIN_WRAP_WIDTH and folded[lines[i][1] - 1] not in _SENTENCE_END
    )
    wrap_width = _wrap_width(candidates)
    if wrap_width is None:
        return []
    low, high = wrap_width - _tolerance(wrap_width), wrap_width + 2

    def reaches_margin(i: int) -> bool:
        w = lines[i][3]
        return w is not None and low <= w <= high

    joins: list[tuple[int, int, str]] = []
    block: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and not blank(i):
            block.append(i)
            continue
        if len(block) >= 2:
            inner = block[:-1]
            fits = all(lines[j][3] is not None and lines[j][3] <= high for j in block)
            if fits and sum(map(reaches_margin, inner)) * 3 >= 2 * len(inner):
                joins.extend(_join(folded, lines, j) for j in inner if reaches_margin(j) and not _starts_new_line(folded, lines[j + 1][0]))
        block = []
    return joins


def _tolerance(width: int) -> int:
    # Word wrapping leaves lines short by up to a word; Japanese wraps leave them short by one
    # or two wide characters.
    return max(4, width // 6)


def _wrap_width(widths: list[int]) -> int | None:
    """The width most continuing lines reach, when they clearly share one."""
    best, best_count = None, 0
    for w in sorted(set(widths)):
        count = bisect.bisect_right(widths, w) - bisect.bisect_left(widths, w - _tolerance(w))
        if count >= best_count:
            best, best_count = w, count
    if best is None or best_count < 3 or best_count * 2 < len(widths):
        return None
    return best


def _starts_new_line(folded: str, line_start: int) -> bool:
    """An indented line or a list item starts something new even inside wrapped text."""
    return folded[line_start:line_start + 1] == " " or bool(_LIST_START.match(folded, line_start))


def _join(folded: str, lines: list[tuple[int, int, int, int | None]], i: int) -> tuple[int, int, str]:
    newline = lines[i][2]
    before = folded[lines[i][1] - 1]
    after = folded[newline + 1:newline + 2]
    # Between Latin words the break stood for a space; a number cut in two is simply joined,
    # and so is a bracket cut from its content.
    word_before = (before.isalnum() or before in _SPACE_AFTER) and not _JA_CHAR.match(before)
    word_after = bool(after) and (after.isalnum() or after in _SPACE_BEFORE) and not _JA_CHAR.match(after)
    digits_both_sides = before.isdigit() and after.isdigit()
    return newline, newline + 1, " " if word_before and word_after and not digits_both_sides else ""


def _apply(original: str, folded: str, edits) -> NormalizedText:
    pieces: list[str] = []
    seg_out: list[int] = []  # per segment: output offset, length, original base, step, original end
    seg_len: list[int] = []
    seg_base: list[int] = []
    seg_step: list[int] = []
    seg_end: list[int] = []
    out = cursor = 0

    def segment(text: str, base: int, step: int, end: int) -> None:
        nonlocal out
        pieces.append(text)
        seg_out.append(out)
        seg_len.append(len(text))
        seg_base.append(base)
        seg_step.append(step)
        seg_end.append(end)
        out += len(text)

    for start, end, replacement in edits:
        if start < cursor:  # overlapping edits cannot happen by construction; be safe anyway
            continue
        if start > cursor:
            segment(folded[cursor:start], cursor, 1, start)
        if replacement:
            if len(replacement) == end - start:
                segment(replacement, start, 1, end)
            else:
                segment(replacement, start, 0, end)
        cursor = end
    if cursor < len(folded):
        segment(folded[cursor:], cursor, 1, len(folded))

    lengths = np.asarray(seg_len, dtype=np.int64)
    step = np.repeat(np.asarray(seg_step, dtype=np.int64), lengths)
    rel = np.arange(out, dtype=np.int64) - np.repeat(np.asarray(seg_out, dtype=np.int64), lengths)
    starts = np.repeat(np.asarray(seg_base, dtype=np.int64), lengths) + step * rel
    ends = np.where(step == 1, starts + 1, np.repeat(np.asarray(seg_end, dtype=np.int64), lengths))
    starts.flags.writeable = False
    ends.flags.writeable = False
    return NormalizedText(original=original, text="".join(pieces), starts=starts, ends=ends)
