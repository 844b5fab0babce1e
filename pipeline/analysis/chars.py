"""Character classes of Japanese text, named once for every rule module.

Each class is a string to put inside `[...]` of a regex; the `is_*` helpers test one character
(an empty string is never of any class: `"" in "々"` would be True).
The classes differ on purpose where the rules need it: KANJI is the CJK Unified block with the
iteration and abbreviation marks that behave as kanji inside words (々 〆 ヶ), HAN adds the
extension and compatibility blocks for telling Chinese from Japanese text.
"""

from __future__ import annotations

KANJI = "\u4e00-\u9fff々〆ヶ"  # kanji as they make up Japanese words (日本, 佐々木, 〆切, 一ヶ月)
KANJI_STRICT = "\u4e00-\u9fff々"  # the numeral parser's kanji: ヶ and 〆 are counters and marks there
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"  # every Han block, for language checks
HIRAGANA = "\u3041-\u309f"
KATAKANA = "\u30a0-\u30ff"  # the block, with ゠ and ・ ー ヽ ヾ ヿ
KATAKANA_LETTERS = "\u30a1-\u30fa"  # ァ..ヺ: letters only, no dot or length mark
KATAKANA_WITH_HALFWIDTH = "\u30a0-\u30ff\uff66-\uff9f"
KANA = "\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"


def is_kanji(c: str) -> bool:
    return c != "" and ("\u4e00" <= c <= "\u9fff" or c in "々〆ヶ")


def is_kanji_strict(c: str) -> bool:
    return c != "" and ("\u4e00" <= c <= "\u9fff" or c == "々")


def is_katakana(c: str) -> bool:
    return c != "" and "\u30a0" <= c <= "\u30ff"


def is_katakana_letter(c: str) -> bool:
    return c != "" and "\u30a1" <= c <= "\u30fa"


def is_hiragana(c: str) -> bool:
    return c != "" and "\u3041" <= c <= "\u309f"
