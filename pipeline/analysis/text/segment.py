"""Cut a normalised text into units (sentences, headings, list items, captions...), each with
structural flags, a language and whether entities and claims are extracted from it.

Decisions (the issue left them open):

- A paragraph is a line of the normalised text: hard-wrapped lines are joined before, so the
  remaining line breaks are real (one paragraph per line in seed 001, a heading and its body).
  `para_idx` counts non-blank lines; no unit crosses a line break of the normalised text.
- A list marker (`1.`, `(1)`, `①`, `•`, `・`...) stays outside its unit: the unit spans only
  the content after it, so `1.2022年:ウクライナ侵攻...` is list item `2022年:ウクライナ侵攻...` and
  the numeric parser never sees `1.2022`. `N.` directly followed by a digit is a marker only
  when a year follows (`1.2022年`); `3.5%` stays a number.
- A numbered item that is not indented, short and a single phrase without 。 is a heading too
  (section headings like `2.主要国別の特徴`, `(1)抑止力の低下`); bullets never are.
- A heading is a line of at most 80 characters holding one phrase: no sentence end inside
  outside brackets, not ending in 。 . 、 , : ; and not a quotation or a reading (`あしかが たかうじ`).
- A caption is a line that ends with a photo credit in brackets (`(AP通信)`, `(Getty Images)`,
  `(共同)`) or starts with 写真/Photo/▲; the credit becomes a unit of its own flagged `credit`
  (not analysed), the caption text stays analysed. A line that is only a credit (`写真:ロイター`)
  is a credit unit.
- Boilerplate: short lines made only of share words (`SHARE:`, `ツイート`...) or holding a footer
  phrase (`この記事が気に入ったら`, `フォローしよう`, `最新情報をお届けします`, `関連記事`...).
  A kicker is a section path (`article / グローバル·ポリティクス`, `ホーム > 国際`) among the first
  lines, before any heading. A reference list is a heading like `参考・引用リスト` or `出典` and the
  list items that follow it, up to the first line that is not a list item; URL-only lines too.
- The title is the first heading before any body paragraph (boilerplate, kickers and datelines
  skipped, foreign headings not taken); a text that starts with prose has none (seed 004,
  Wikipedia articles): title None. The title is the heading's original text.
- The published date comes only from a line standing alone as a date among the first lines,
  before the body (`22/01/2026`, `2026年1月22日`, `2026-01-22`, `令和8年1月22日`, with an optional
  weekday, time or 公開/更新 label). `NN/NN/YYYY` is read day-first when the first number is over
  12, month-first when the second is; when both are 12 or less the line is still a dateline but
  the date is ambiguous and `published` stays None. Dates in the body are never used.
- Language: units with kana are `ja`; kanji-only units are `ja` unless they read as Chinese
  (simplified-only characters, i.e. ones JIS X 0213 lacks, or Chinese function characters);
  mostly Latin is `en`; other scripts or no letters at all are `und`. Kana-less runs inside a
  Japanese sentence that read as Chinese are split off as `foreign` units (lang zh).
- Sentences end at 。 ! ? (full- or half-width), at `.` after Japanese text, and at `. ` before a
  capital in English, never inside 「」『』()[]【】〔〕《》〈〉“” pairs of at most 500 characters
  (a bracket that is never closed protects nothing). No unit is longer than 2,000 characters,
  in the normalised or the original text: longer runs are cut after 、 , or a space, else hard.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from pipeline.analysis.chars import HAN, HIRAGANA, KANA
from pipeline.analysis.rules import Pattern
from pipeline.analysis.timeline.reference import LATIN_MONTH
from pipeline.analysis.timeline.eras import era_names_longest_first, western_year
from pipeline.analysis.text.textnorm import NormalizedText, normalize
from pipeline.analysis.wordlists import read_rows

FLAGS = ("heading", "list_item", "caption", "credit", "boilerplate", "kicker", "dateline", "reference", "source", "related", "foreign")
NOT_ANALYSED_FLAGS = frozenset({"boilerplate", "kicker", "dateline", "reference", "source", "related", "credit", "foreign"})
ANALYSED_LANGS = frozenset({"ja", "und"})
MAX_UNIT_CHARS = 2000
BRACKET_CAP = 500  # a bracket pair longer than this does not stop sentence splitting
TOP_LINES = 8  # kickers and datelines are looked for among the first lines only
MAX_HEADING_CHARS = 80


@dataclass(frozen=True)
class Unit:
    sent_idx: int
    para_idx: int
    start: int  # original offsets, trimmed of surrounding whitespace
    end: int
    norm_start: int  # offsets into NormalizedText.text
    norm_end: int
    text: str  # original[start:end]
    norm_text: str  # normalized.text[norm_start:norm_end]
    lang: str  # "ja", "en", "zh", "und"
    flags: tuple[str, ...]  # in the order of FLAGS
    analysed: bool


@dataclass(frozen=True)
class PreparedText:
    normalized: NormalizedText
    units: tuple[Unit, ...]
    title: str | None
    published: datetime.date | None


# --- line-level patterns (on normalised text unless said otherwise) ---

_SHARE_WORDS = frozenset(r["word"] for r in read_rows("segment_share_words.tsv", ("word",)))
_SHARE_SEPARATORS = Pattern(
    "segment_share_separators",
    r"[\s:|/・,、!]+",
    why="what separates the words of a share-button line (`SHARE: ツイート | はてブ`), to split it into words",
    matches=(("シェア・ツイート", "・"), ("SHARE: Facebook | X", ": ")),
    rejects=("はてなブックマーク",),
)
_BOILERPLATE_PHRASES = Pattern(
    "segment_boilerplate_phrase",
    "|".join(r["regex"] for r in read_rows("segment_boilerplate_phrases.tsv", ("regex",))),
    why="footer and navigation phrases that make a short line boilerplate; 広告/PR only as the whole line",
    matches=(
        ("この記事が気に入ったらフォローしよう", "この記事が気に入ったら"),
        ("関連記事:円安はどこまで進むか", "関連記事"),
        ("Copyright 2026 Example Shimbun", "Copyright"),
        ("広告", "広告"),
    ),
    rejects=("広告費は前年より増えた", "PR会社の社長が会見した"),
    flags=re.I,
)
_MAX_BOILERPLATE_CHARS = 60
_KICKER_SEPARATORS = Pattern(
    "segment_kicker_separator",
    r"\s+[/|>»›]\s*|\s*[/|>»›]\s+|\s*[>»›]\s*",
    why="the separators of a section path above the title (`ホーム > 国際`); / and | only with a space beside them",
    matches=(("ホーム > 国際", " > "), ("article / グローバル・ポリティクス", " / "), ("ニュース»経済", "»")),
    rejects=("日米/日中関係の行方", "A|B案"),
)
_DATE_BODY = (
    r"(?:(?P<y1>\d{4})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})"
    r"|(?P<y2>\d{4})年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
    rf"|(?P<era>{'|'.join(era_names_longest_first())})(?P<ey>\d{{1,2}}|元)年(?P<m3>\d{{1,2}})月(?P<d3>\d{{1,2}})日"
    r"|(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y4>\d{4})"
    r"|(?P<mn>[A-Z][a-z]{2,8})\.? (?P<d5>\d{1,2}),? (?P<y5>\d{4})"
    r"|(?P<d6>\d{1,2}) (?P<mn6>[A-Z][a-z]{2,8})\.? (?P<y6>\d{4}))"
)
_DATELINE = Pattern(
    "segment_dateline",
    r"(?:(?:公開|更新|配信|掲載|投稿|発行|作成)日?(?:時)?|published|updated|posted|date)?\s*:?\s*"
    + _DATE_BODY
    + r"\s*(?:\(?(?:[月火水木金土日](?:曜日?)?|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\)?)?"
    r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:公開|更新|配信|掲載|投稿|JST|UTC|GMT)?",
    why="a line that is only a date (with an optional 公開/更新 label, weekday and time): the published date",
    matches=(
        ("公開日:2026-01-22 10:30", "公開日:2026-01-22 10:30"),
        ("令和8年1月22日(木)", "令和8年1月22日(木)"),
        ("22/01/2026", "22/01/2026"),
        ("Published: January 22, 2026", "Published: January 22, 2026"),
    ),
    rejects=("1月22日に発表された", "2026年1月の統計"),
    flags=re.I,
)
_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}

_REFERENCE_HEADING = Pattern(
    "segment_reference_heading",
    r"(?:追記)?(?:参考|引用|出典|参照)(?:文献|資料|記事|サイト|URL|リンク)?"
    r"(?:[・/、](?:参考|引用|出典|参照)(?:文献|資料)?)?(?:リスト|一覧)?(?:\([^()]{0,12}\))?:?"
    r"|(?:references|sources|bibliography|further reading|脚注|注釈)",
    why="the heading of a reference list (`参考・引用リスト`, `出典`, `References`): the list items after it are references",
    matches=(("参考・引用リスト", "参考・引用リスト"), ("出典:", "出典:"), ("References", "References")),
    rejects=("政府の発表によると",),
    flags=re.I,
)
_URL_LINE = Pattern(
    "segment_url_line",
    r"(?:https?://|www\.)\S+",
    why="a URL (a line that is only one is a reference, not prose)",
    matches=(("出典 https://example.jp/news/1", "https://example.jp/news/1"), ("www.example.co.jp", "www.example.co.jp")),
    rejects=("ftp://files.example.jp", "ウェブサイトで公表した"),
)

# List markers at the start of a line; group "content" starts after the marker and spaces.
_BULLET_MARKER = Pattern(
    "segment_bullet_marker",
    r"(?:[•‣◦⁃∙●○◉◎◆◇■□▪▫▶►▸▹➤✓✔☆★・]|[-*+](?= ))\s*",
    why="a bullet list marker at the start of a line, with the spaces after it; - * + only before a space",
    matches=(("・東京都の人口", "・"), ("- 円安が進む", "- "), ("● 速報", "● ")),
    rejects=("-5度を記録した", "3+2案"),
)
_NUMBER_MARKER = Pattern(
    "segment_number_marker",
    r"(?:(?P<num>\d{1,3})[.)](?=\s|\D|(?:19|20)\d\d(?!\d))"
    r"|\((?:\d{1,2}|[a-zA-Z]|[ア-ン]|[一二三四五六七八九十]{1,3})\)"
    r"|\[\d{1,3}\]"
    r"|[\u2460-\u2473\u2474-\u249b\u24b6-\u24e9\u2776-\u2793\u3251-\u325f\u32b1-\u32bf])\s*",
    why="a numbered list marker (`1.`, `(1)`, `[2]`, `①`); `N.` before a digit only when a year follows (`1.2022年`)",
    matches=(("1.2022年:ウクライナ侵攻", "1."), ("(1)抑止力の低下", "(1)"), ("①概要", "①"), ("[12] 出典", "[12] ")),
    rejects=("3.5%上昇した", "1.20倍に増えた"),
)

_CREDIT_AT_END = Pattern(
    "segment_credit_at_end",
    r"\((?P<credit>[^()]{1,40})\)$",
    why="a bracket at the end of a line: the place of a photo credit in a caption (`会談する両首脳(共同)`)",
    matches=(("首相官邸に入る首相(共同)", "(共同)"), ("会見する外相(AP)", "(AP)")),
    rejects=("(共同)通信によると", "首相(67)は会見で述べた。"),
)
_CREDIT_LATIN = Pattern(
    "segment_credit_latin",
    r"[A-Za-z0-9.&' /,-]{0,40}(?<![A-Za-z])(?:"
    + "|".join(r["regex"] for r in read_rows("segment_credit_agencies_latin.tsv", ("regex",)))
    + r")(?![A-Za-z])[A-Za-z0-9.&' /,-]{0,40}",
    why="a photo credit in Latin letters naming an agency or picture library as a whole word (`AP Photo/Jane Doe`)",
    matches=(("AP Photo/Jane Doe", "AP Photo/Jane Doe"), ("Getty Images", "Getty Images"), ("Reuters", "Reuters")),
    rejects=("APPLE", "Photographer"),
)
_CREDIT_JA_AGENCIES = read_rows("segment_credit_agencies_ja.tsv", ("name", "after_separator"))
_CREDIT_JA = Pattern(
    "segment_credit_ja",
    r"(?:写真[:=・]?)?(?:"
    + "|".join(r["name"] for r in _CREDIT_JA_AGENCIES)
    + r"|[^\s()。、\u3041-\u309f]{1,12}(?:通信社?|新聞社?|撮影|提供))"
    r"(?:[/・、,](?:"
    + "|".join(r["name"] for r in _CREDIT_JA_AGENCIES if r["after_separator"] == "yes")
    + r"|[^\s()。、\u3041-\u309f]{1,12}(?:通信社?|新聞社?|撮影|提供)))*",
    why="a Japanese photo credit: an agency, or a name ending in 通信/新聞/撮影/提供 without hiragana, joint ones too",
    matches=(("ロイター/共同", "ロイター/共同"), ("写真=時事", "写真=時事"), ("朝日新聞社提供", "朝日新聞社提供")),
    rejects=("地元の新聞によると",),
)
_CREDIT_LABELLED = Pattern(
    "segment_credit_labelled",
    r"(?:写真|撮影|提供|出典|画像|photo|image|credit|source)\s*[:=]\s*[^。]{1,40}",
    why="a labelled credit (`写真:ロイター`, `Photo: Jane Doe`): a label, then : or =, then the source",
    matches=(("写真:ロイター", "写真:ロイター"), ("Photo: Jane Doe", "Photo: Jane Doe"), ("提供=防衛省", "提供=防衛省")),
    rejects=("写真は首相官邸で撮影", "出典は政府の統計"),
    flags=re.I,
)
_CAPTION_START = Pattern(
    "segment_caption_start",
    r"(?:写真|画像|図|表)\s*[0-9]*\s*[:=]|[▲△▼]|【写真】|\[写真\]|photo:",
    why="how a caption line starts (`写真1:`, `▲`, `【写真】`, `Photo:`)",
    matches=(("写真1:会談する両首脳", "写真1:"), ("▲記者会見する外相", "▲"), ("【写真】被災地の様子", "【写真】")),
    rejects=("写真集が発売された", "図書館が開館した"),
    flags=re.I,
)

# --- sentence-level patterns ---

_OPENERS = {"「": "」", "『": "』", "(": ")", "[": "]", "【": "】", "〔": "〕", "《": "》", "〈": "〉", "“": "”", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_SENTENCE_MARKS = Pattern(
    "segment_sentence_mark",
    r"[「『(\[【〔《〈“{」』)\]】〕》〉”}]|[。!?]+|\.",
    why="what sentence splitting looks at: a bracket (opening or closing), a run of 。!?, or a '.'",
    matches=(("「はい」と答えた。", "「"), ("本当か!?", "!?"), ("in Japan. The", ".")),
    rejects=("首相は、会見で",),
)
_TRAILING_CLOSERS = frozenset("」』)]】〕》〉”’\"'")
_ABBREVIATIONS = frozenset(r["abbreviation"] for r in read_rows("segment_abbreviations.tsv", ("abbreviation",)))
_CUT_CHARS = ("、", ",", " ")
# Hiragana words separated by spaces or 、 (`あしかが たかうじ`): a reading, not a heading
# (a single hiragana word such as `まとめ` can be one).
_READING = Pattern(  # on the original line
    "segment_reading",
    f"[{HIRAGANA}\u30fc]+(?:[\\s、・,]+[{HIRAGANA}\u30fc]+)+",
    why="hiragana words separated by spaces or 、 (`あしかが たかうじ`): a reading, not a heading",
    matches=(("あしかが たかうじ", "あしかが たかうじ"), ("とくがわ・いえやす", "とくがわ・いえやす")),
    rejects=("まとめ", "足利 尊氏"),
)
_KICKER_SENTENCE_END = Pattern(
    "segment_kicker_sentence_end",
    "[。!?！？]",
    why="a sentence end: a part of a section path never holds one",
    matches=(("本当か?", "?"), ("首相が辞任。", "。")),
    rejects=("ホーム",),
)
_TRAILING_WORD = Pattern(
    "segment_trailing_word",
    r"[A-Za-z.]+$",
    why="the Latin word just before a '.', to tell an abbreviation (`Mr.`, `U.S.`) from a sentence end",
    matches=(("said Mr", "Mr"), ("officials in the U.S", "U.S")),
    rejects=("in 2026", "東京"),
)
_TITLE_LINE_BREAK = Pattern(
    "segment_title_line_break",
    r"\s*\n\s*",
    why="a line break with the spaces around it, removed from the title's original text",
    matches=(("円安の\n 行方", "\n "), ("日米 \n首脳会談", " \n")),
    rejects=("円安の行方",),
)

# --- language ---

_KANA = Pattern(
    "segment_kana",
    f"[{KANA}]",
    why="a kana (full- or half-width): a unit with one is Japanese",
    matches=(("NATOの会議", "の"), ("ｶﾀｶﾅ", "ｶ")),
    rejects=("北大西洋条約機構", "NATO summit"),
)
_HAN = Pattern(
    "segment_han",
    f"[{HAN}]",
    why="a Han character of any block, for telling Chinese and Japanese from other text",
    matches=(("NATO加盟国", "加"), ("这个", "这")),
    rejects=("ニュース", "NATO"),
)
_LATIN = Pattern(
    "segment_latin",
    "[A-Za-z\u00c0-\u024f]",
    why="a Latin letter, accented ones included",
    matches=(("国連UN", "U"), ("Café", "C")),
    rejects=("国連", "2026"),
)
_LATIN_WORD = Pattern(
    "segment_latin_word",
    "[A-Za-z\u00c0-\u024f]+",
    why="a word of Latin letters, to count the words of English prose",
    matches=(("the Goldman Sachs", "the"), ("2026 Café", "Café")),
    rejects=("日本の首相",),
)
_TWO_LATIN = Pattern(
    "segment_two_latin",
    "[A-Za-z\u00c0-\u024f].*?[A-Za-z\u00c0-\u024f]",
    why="at least two Latin letters: a unit without kana or Han is English only then",
    matches=(("AI", "AI"), ("A 123 B", "A 123 B")),
    rejects=("A", "2026-01"),
    flags=re.S,
)
_OTHER_LETTER = Pattern(
    "segment_other_letter",
    "[\u0370-\u03ff\u0400-\u052f\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1100-\u11ff\uac00-\ud7a3\u3130-\u318f]",
    why="a letter of another script (Greek, Cyrillic, Hebrew, Arabic, Indic, Thai, Hangul): not analysed",
    matches=(("Россия", "Р"), ("한국", "한")),
    rejects=("日本とEU", "Café"),
)
_LETTER = Pattern(
    "segment_letter",
    f"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u3041-\u30ff{HAN}\uac00-\ud7a3]",
    why="any letter (Latin, Greek, Cyrillic, kana, Han, Hangul): a heading or a kicker part must hold one",
    matches=(("123 円安", "円"), ("GDP", "G")),
    rejects=("2026-01-22 !?", "●"),
)
_HAN_RUN = Pattern(
    "segment_han_run",
    f"[{HAN}][{HAN}\\s,、。!?:;“”]*",
    why="a kana-less run of Han text with its punctuation and spaces: a candidate Chinese passage",
    matches=(("她说: 这个很好。", "她说: 这个很好。"), ("首相は会見で", "首相")),
    rejects=("ニュース", "NATO 2026"),
)
# Frequent in Chinese and rare in Japanese text (的, 是, 在, 会 and the like are common in
# Japanese words, so they are not evidence).
_CHINESE_FUNCTION = frozenset(r["char"] for r in read_rows("segment_chinese_function_chars.tsv", ("char",)))
_CHINESE_FUNCTION_RE = Pattern(
    "segment_chinese_function",
    f"[{''.join(sorted(_CHINESE_FUNCTION))}]",
    why="a Chinese function character (这, 们, 说, 吗...): many of them make a Han run read as Chinese",
    matches=(("他们说这个很好", "们"), ("還沒有", "還")),
    rejects=("日本の首相は会見で述べた",),
)


def prepare(original: str) -> PreparedText:
    normalized = normalize(original)
    pieces, title_piece, published = _structure(normalized)
    units = _related_headlines_flagged(_cited_sources_flagged(_units(normalized, pieces)))
    title = None
    if title_piece is not None and not any("foreign" in u.flags for u in units if u.norm_start == title_piece[0]):
        start, end = normalized.to_original(*title_piece)
        title = _TITLE_LINE_BREAK.sub("", normalized.original[start:end]).strip() or None
    return PreparedText(normalized=normalized, units=units, title=title, published=published)


# --- the list of cited sources an article ends with ---

_SOURCE_TITLE = Pattern(
    "segment_source_title",
    r"\A(?:[^。]{0,60}?(?:『.*』|「.*」|\"[^\"]*\")|[^\"。]{1,120}\")[ ]?。?\Z",
    why="a cited article's title in 『』 (with the site before it) in the list a news article ends with",
    matches=("asahi.com『「伝説のライダー」が事故死』。", "『キプロス旅客機が墜落、121人が搭乗』。", "(確認用出典)『ネコの名前「モモ」V4』。",
             "Taniguchi『ついに達成。太陽だけで飛ぶ』。", "福岡でCO中毒騒ぎ\"。"),
    rejects=("首相は『全力を尽くす』と述べ、会見を終えた人々は帰途についた。記者は残った。",),
)
_SOURCE_OUTLET_DATE = Pattern(
    "segment_source_outlet_date",
    r"\A(?:(?![0-9]+[年月日])[^、。]){1,60}、[ ]?(?:(?:(?![0-9]+[年月日])[^、。]){1,40}、[ ]?)?[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日"
    r"(?:[ ]?(?:午[前後])?[0-9]{1,2}時(?:[0-9]{1,2}分)?|[ ]?[0-9]{1,2}:[0-9]{2})?(?:[ ]?\((?:UTC|JST|GMT)[^()]{0,6}\))?"
    r"(?:[ ]?(?:付|朝刊|夕刊|紙面|電子版)(?:から)?)?(?:[ ]?\([^()。]{1,20}\))?"
    r"(?:[^『』「」\"。]{0,40}(?:『.*』|「.*」|\"[^\"]*\"))?[ ]?。?\"?\Z",
    why="the outlet and date of a cited article: 朝日新聞、2007年10月7日。 (a time, the edition or a bracketed remark may follow the date)",
    matches=("朝日新聞、2007年10月7日。", "ロイター、2010年7月6日14時3分。", "CNN、TimeWarnerCompany、2005年8月14日。",
             "ITmedia、2008年05月16日8時36分(UTC+9)。", "『朝日新聞』、2005年11月7日。",
             "ウィキニュース、2009年8月6日\"俳優が逮捕\"。", "中日スポーツ、2008年12月19日紙面から(東京中日と共有)。", "読売新聞、2008年3月7日朝刊。"),
    rejects=("政府は、2007年10月7日に法案を提出した。", "朝日新聞によると、2007年10月7日、首相が辞任した。",
             "1892年に発明され、1893年2月23日に特許を取得した。", "出生名:ロバート・ジマーマン、1941年5月24日-"),
)
_LATIN_SOURCE_ITEM = rf"(?:\"[^\"]*\"\.?[ ]?)?[^\",。\"]{{1,40}},[ ]?{LATIN_MONTH}\.?[ ]?[0-9]{{1,2}},[ ]?[0-9]{{4}}"
_SOURCE_LATIN = Pattern(
    "segment_source_latin",
    rf"\A[^。\"]{{0,80}}?(?:{_LATIN_SOURCE_ITEM}[ ]?)+(?:\"[^\"]*\"\.?[^\",。\"]{{0,40}})?。?\Z",
    why="cited articles of an English source list (a translated article): \"Title\".BBC,October10,2005, one after "
        "another in a unit, a related headline before them, or the next one cut by the sentence splitter after it",
    matches=("\"Rebels free hostages\".BBC,October10,2005。", "News,October 10, 2005\"Title two\".CNN,Oct. 11, 2005。",
             "ダルフールで停戦監視団を襲撃\"Rebels release hostages\".BBC,October10,2005\"Rebels free hostages\".Yahoo!"),
    rejects=("The talks ended on October 10, 2005, in Abuja, and more talks are planned for next month and later.",
             "政府は10月10日に声明を出した。"),
)
_SOURCE_REMARK = Pattern(
    "segment_source_remark",
    r"\A(?:\([^()]{1,30}\)|\[[^\[\]]{0,30}\])。?\Z",
    why="a bracketed remark between cited sources: (リンク先に動画あり)。, or an empty template left in the list: [『』]。",
    matches=("(リンク先に動画あり)。", "[『』]。"),
    rejects=("(共同)首相は辞任した。",),
)


def _cited_sources_flagged(units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """Flag `source` the list of cited articles at the end of a text (Wikinews and many sites:
    `asahi.com『title』。朝日新聞、2007年12月7日。`), which the sentence splitter leaves as units:
    the run of title, outlet-and-date and remark units that ends the text, when it holds at least
    one outlet and date. Up to MAX_AFTER_SOURCES units of the last paragraph may follow a list of
    two or more dated sources (related headlines, a translation note): they are flagged `related`.
    None of it is analysed (its titles are not mentions, its dates not claims); its dates give
    the article's reference date (pipeline.analysis.timeline.reference)."""
    if not units:
        return units
    last_para = units[-1].para_idx
    for skipped in range(MAX_AFTER_SOURCES + 1):
        end = len(units) - skipped
        if end <= 0 or units[end - 1 if end else 0].para_idx != last_para and skipped:
            break
        first, dated = end, 0
        for k in range(end - 1, -1, -1):
            text = units[k].norm_text
            if _SOURCE_OUTLET_DATE.fullmatch(text) or _SOURCE_LATIN.fullmatch(text):
                dated += 1
            elif not (_SOURCE_TITLE.fullmatch(text) or _SOURCE_REMARK.fullmatch(text)):
                break
            first = k
        if dated >= (2 if skipped else 1) and first < end:
            flagged = [_flagged(u, "source") for u in units[first:end]] + [_flagged(u, "related") for u in units[end:]]
            return units[:first] + tuple(flagged)
    return units


MAX_AFTER_SOURCES = 3

_DATED_HEADLINE = Pattern(
    "segment_dated_headline",
    r"[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日\([月火水木金土日]\)[::]",
    why="the date that opens each item of a related-headlines box (Wikinews 最近の記事: `2016年8月16日(火):台風14号、…`)",
    matches=("2016年8月16日(火):台風14号、発達して猛烈な台風に", "2012年10月23日(火):ハリケーン"),
    rejects=("2016年8月16日(火)に台風が上陸した。", "8月16日(火):台風"),
)
_DASH_DATED_HEADLINE = Pattern(
    "segment_dash_dated_headline",
    r"[-―—][0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日",
    why="the date after each item of a related-articles list glued into one line (`…3着入線-2006年10月2日第80回…`)",
    matches=("ディープインパクトは3着入線-2006年10月2日", "引退を発表―2006年9月10日"),
    rejects=("2006年10月2日に発表した。", "東京-大阪間は2006年10月2日に開通"),
)
MIN_DATED_HEADLINES = 2


def _related_headlines_flagged(units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """Flag `related` a unit that is a run of dated headlines (two or more items of a 最近の記事 box
    glued into one line, `2016年8月16日(火):…2014年7月7日(月):…`, or of a related-articles list,
    `…3着入線-2006年10月2日…失格-2006年10月19日`): other articles' news, copied
    into every article of a category, so never this article's claims or mentions."""
    return tuple(_flagged(u, "related") if u.analysed and _is_headline_run(u.norm_text) else u for u in units)


def _is_headline_run(text: str) -> bool:
    opening = _DATED_HEADLINE.match(text) and len(_DATED_HEADLINE.findall(text)) >= MIN_DATED_HEADLINES
    return bool(opening) or len(_DASH_DATED_HEADLINE.findall(text)) >= MIN_DATED_HEADLINES


def _flagged(unit: Unit, flag: str) -> Unit:
    return replace(unit, flags=tuple(f for f in FLAGS if f in {*unit.flags, flag}), analysed=False)


# --- structure: lines -> pieces (norm_start, norm_end, flags, para_idx) ---

@dataclass(frozen=True)
class _Line:
    start: int  # span in the normalised text, without surrounding spaces
    end: int
    text: str
    original: str  # the same line in the original text, stripped
    indented: bool  # the original line starts with whitespace


def _lines(nt: NormalizedText) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    text, original = nt.text, nt.original
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if start == end:
            continue
        o_start, o_end = nt.to_original(start, end)
        line_begin = original.rfind("\n", 0, o_start) + 1
        lines.append(_Line(start, end, text[start:end], original[o_start:o_end].strip(), o_start > line_begin))
    return lines


def _structure(nt: NormalizedText):
    pieces: list[tuple[int, int, tuple[str, ...], int]] = []
    title_piece = None
    published = None
    seen_body = False
    seen_heading = False
    in_references = False

    def emit(start: int, end: int, flags: tuple[str, ...], para: int, split: bool) -> None:
        spans = _sentence_spans(nt.text, start, end) if split else [(start, end)]
        pieces.extend((s, e, flags, para) for s, e in spans)

    for para, line in enumerate(_lines(nt)):
        text = line.text
        top = not seen_body and para < TOP_LINES
        if _is_boilerplate(text):
            emit(line.start, line.end, ("boilerplate",), para, False)
            continue
        if top and not seen_heading and _is_kicker(line.original):
            emit(line.start, line.end, ("kicker",), para, False)
            continue
        if top:
            is_dateline, date = _dateline(text)
            if is_dateline:
                emit(line.start, line.end, ("dateline",), para, False)
                published = published or date
                continue
        if _REFERENCE_HEADING.fullmatch(text):
            emit(line.start, line.end, ("heading", "reference"), para, False)
            in_references = True
            continue
        marker = _list_marker(text)
        if in_references:
            if marker is not None or _URL_LINE.fullmatch(text):
                content = line.start + (marker.end() if marker else 0)
                emit(content, line.end, ("list_item", "reference"), para, False)
                continue
            in_references = False
        if _URL_LINE.fullmatch(text):
            emit(line.start, line.end, ("reference",), para, False)
            continue
        if marker is not None:
            content = line.start + marker.end()
            if content == line.end:
                continue  # a bare marker carries nothing
            numbered = marker.re is _NUMBER_MARKER.compiled
            if numbered and not line.indented and _looks_like_heading(nt.text[content:line.end]):
                emit(content, line.end, ("heading", "list_item"), para, False)
                seen_heading = True
            else:
                emit(content, line.end, ("list_item",), para, True)
                seen_body = True
            continue
        caption = _caption(text)
        if caption is not None:
            caption_end, credit_start = caption
            if caption_end > 0:
                emit(line.start, line.start + caption_end, ("caption",), para, True)
            if credit_start is not None:
                emit(line.start + credit_start, line.end, ("credit",), para, False)
            continue
        if _looks_like_heading(text) and not _READING.fullmatch(line.original):
            emit(line.start, line.end, ("heading",), para, False)
            if not seen_body and title_piece is None:
                title_piece = (line.start, line.end)
            seen_heading = True
            continue
        emit(line.start, line.end, (), para, True)
        seen_body = True
    return pieces, title_piece, published


def _is_boilerplate(text: str) -> bool:
    if len(text) > _MAX_BOILERPLATE_CHARS:
        return False
    words = [w for w in _SHARE_SEPARATORS.split(text.lower()) if w]
    if words and all(w in _SHARE_WORDS for w in words):
        return True
    return bool(_BOILERPLATE_PHRASES.search(text))


def _is_kicker(original_line: str) -> bool:
    """A section path above the title: `article / グローバル·ポリティクス`, `ホーム > 国際`."""
    if len(original_line) > 60 or not _KICKER_SEPARATORS.search(original_line):
        return False
    parts = [p.strip() for p in _KICKER_SEPARATORS.split(original_line)]
    return len(parts) >= 2 and all(
        0 < len(p) <= 30 and _LETTER.search(p) and not _KICKER_SENTENCE_END.search(p) for p in parts
    )


def _dateline(text: str) -> tuple[bool, datetime.date | None]:
    """(whether the line is a date standing alone, the date when it is unambiguous and valid)."""
    m = _DATELINE.fullmatch(text)
    if not m:
        return False, None
    g = m.groupdict()
    try:
        if g["y1"]:
            y, mo, d = int(g["y1"]), int(g["m1"]), int(g["d1"])
        elif g["y2"]:
            y, mo, d = int(g["y2"]), int(g["m2"]), int(g["d2"])
        elif g["era"]:
            y = western_year(g["era"], 1 if g["ey"] == "元" else int(g["ey"]))
            mo, d = int(g["m3"]), int(g["d3"])
        elif g["y4"]:
            a, b, y = int(g["a"]), int(g["b"]), int(g["y4"])
            if a > 12 >= b or a == b:
                d, mo = a, b
            elif b > 12 >= a:
                mo, d = a, b
            else:  # 01/02/2026: day-first or month-first? A dateline, but no date is guessed.
                return 1 <= a and 1 <= b, None
        elif g["y5"]:
            mo, d, y = _MONTHS.get(g["mn"][:3].lower(), 0), int(g["d5"]), int(g["y5"])
            if not mo:
                return False, None
        else:
            d, mo, y = int(g["d6"]), _MONTHS.get(g["mn6"][:3].lower(), 0), int(g["y6"])
            if not mo:
                return False, None
        return True, datetime.date(y, mo, d)
    except ValueError:
        return False, None


def _list_marker(text: str) -> re.Match | None:
    return _NUMBER_MARKER.match(text) or _BULLET_MARKER.match(text)


def _looks_like_heading(text: str) -> bool:
    """A short single phrase: no sentence inside, not ending like a sentence or a clause."""
    if not 0 < len(text) <= MAX_HEADING_CHARS or not _LETTER.search(text):
        return False
    if text[-1] in "。.、,;:" or (text[0] == "「" and text[-1] == "」"):
        return False
    body = text[:-1] if text[-1] in "!?" else text
    return len(_sentence_spans(body, 0, len(body))) <= 1


def _caption(text: str) -> tuple[int, int | None] | None:
    """(end of the caption text, start of the credit or None) for a caption line, else None."""
    if _is_credit(text):
        return 0, 0
    m = _CREDIT_AT_END.search(text)
    if m and _is_credit(m.group()) and not text[: m.start()].rstrip().endswith(("。", ".")):
        return len(text[: m.start()].rstrip()), m.start()
    if _CAPTION_START.match(text):
        return len(text), None
    return None


def _is_credit(text: str) -> bool:
    """A photo credit: a Latin agency or picture-library name, a bracketed Japanese agency or
    newspaper (`(AP通信)`, `(共同)`), or a labelled one (`写真:ロイター`). A bare newspaper name
    on a line of its own is not taken as a credit."""
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        inner = text[1:-1].strip()
        return bool(_CREDIT_LATIN.fullmatch(inner) or _CREDIT_JA.fullmatch(inner) or _CREDIT_LABELLED.fullmatch(inner))
    return bool(_CREDIT_LATIN.fullmatch(text) or _CREDIT_LABELLED.fullmatch(text))


# --- sentences ---

def _protected_intervals(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level bracket pairs no longer than BRACKET_CAP, as (open, close + 1)."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for m in _SENTENCE_MARKS.finditer(text, start, end):
        ch = m.group()
        if ch in _OPENERS:
            stack.append((ch, m.start()))
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == opener:
                    open_pos = stack[depth][1]
                    del stack[depth:]
                    if m.end() - open_pos <= BRACKET_CAP:
                        pairs.append((open_pos, m.end()))
                    break
    pairs.sort()
    top: list[tuple[int, int]] = []
    for s, e in pairs:
        if top and s < top[-1][1]:
            if e > top[-1][1]:
                top[-1] = (top[-1][0], e)
            continue
        top.append((s, e))
    return top


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], trimmed of spaces, none empty."""
    protected = _protected_intervals(text, start, end)
    cuts: list[int] = []
    k = 0
    for m in _SENTENCE_MARKS.finditer(text, start, end):
        ch = m.group()
        if ch in _OPENERS or ch in _CLOSERS:
            continue
        pos = m.start()
        while k < len(protected) and protected[k][1] <= pos:
            k += 1
        if k < len(protected) and protected[k][0] <= pos:
            continue
        if ch == "." and not _is_full_stop(text, pos, end):
            continue
        cut = m.end()
        while cut < end and text[cut] in _TRAILING_CLOSERS:
            cut += 1
        if cuts and cuts[-1] >= cut:
            continue
        cuts.append(cut)
    spans = []
    prev = start
    for cut in [*cuts, end]:
        s, e = prev, cut
        while s < e and text[s] == " ":
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        if e > s:
            spans.append((s, e))
        prev = cut
    return spans


def _is_full_stop(text: str, pos: int, end: int) -> bool:
    """Whether the '.' at pos ends a sentence (Japanese ．, or English '. Capital')."""
    before = text[pos - 1] if pos > 0 else ""
    after = text[pos + 1] if pos + 1 < end else ""
    if not before or before.isdigit() and after.isdigit():
        return False
    if before > "\u2e80" and not after.isdigit():
        return True  # ．after Japanese text
    if after == "":
        return before.isalpha() or before in ")\"'”"
    if after != " ":
        return False
    nxt = text[pos + 2] if pos + 2 < end else ""
    if not (nxt.isupper() or nxt in "\"'“(" or nxt > "\u2e80"):
        return False
    word = _TRAILING_WORD.search(text[max(0, pos - 12):pos])
    if word and (word.group().lower() in _ABBREVIATIONS or len(word.group()) == 1 and word.group().isupper()):
        return False
    return True


def _capped(nt: NormalizedText, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span so that no piece exceeds MAX_UNIT_CHARS in normalised or original text."""
    text = nt.text
    if end - start <= MAX_UNIT_CHARS and int(nt.ends[end - 1]) - int(nt.starts[start]) <= MAX_UNIT_CHARS:
        return [(start, end)] if end > start else []
    spans = []
    while end - start > 0:
        origin = int(nt.starts[start])
        fits_original = int(np.searchsorted(nt.ends, origin + MAX_UNIT_CHARS, side="right"))
        limit = max(start + 1, min(end, start + MAX_UNIT_CHARS, fits_original))
        if limit >= end:
            spans.append((start, end))
            break
        cut = limit
        window = text[start:limit]
        for ch in _CUT_CHARS:
            i = window.rfind(ch)
            if i >= len(window) // 2:
                cut = start + i + 1
                break
        e = cut
        while e > start and text[e - 1] == " ":
            e -= 1
        if e > start:
            spans.append((start, e))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    return spans


# --- language and foreign runs ---

def _simplified_only(chars: str) -> int:
    """Han characters that Japanese encodings (JIS X 0213) lack: simplified Chinese forms."""
    count = 0
    for ch, n in Counter(chars).items():
        try:
            ch.encode("euc_jis_2004")
        except UnicodeEncodeError:
            count += n
    return count


def _reads_as_chinese(run: str) -> bool:
    han = "".join(_HAN.findall(run))
    if len(han) < 4:
        return False
    simplified = _simplified_only(han)
    function = sum(1 for ch in han if ch in _CHINESE_FUNCTION)
    return (simplified >= 2 and simplified * 6 >= len(han)) or (len(han) >= 8 and function * 5 >= len(han))


def _foreign_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Kana-less runs of Han text inside text[start:end] that read as Chinese."""
    if not _HAN.search(text, start, end):
        return []
    try:  # fast path: only JIS characters, so only the function-character test can fire
        text[start:end].encode("euc_jis_2004")
        if len(_CHINESE_FUNCTION_RE.findall(text, start, end)) < 3:
            return []
    except UnicodeEncodeError:
        pass
    runs = []
    for m in _HAN_RUN.finditer(text, start, end):
        if m.end() - m.start() >= 4 and _reads_as_chinese(m.group()):
            runs.append(m.span())
    return runs


def _language(text: str) -> str:
    if _KANA.search(text):
        return "ja"
    if _HAN.search(text):
        return "zh" if _reads_as_chinese(text) else "ja"
    if _OTHER_LETTER.search(text):
        return "und" if len(_OTHER_LETTER.findall(text)) >= len(_LATIN.findall(text)) else "en"
    return "en" if _TWO_LATIN.search(text) else "und"


# --- units ---

def _units(nt: NormalizedText, pieces) -> tuple[Unit, ...]:
    text, original = nt.text, nt.original
    spans: list[tuple[int, int, int, int, tuple[str, ...], int]] = []  # original, normalised, flags, para
    for start, end, flags, para in pieces:
        parts: list[tuple[int, int, tuple[str, ...]]] = []
        cursor = start
        for run_start, run_end in _foreign_runs(text, start, end):
            if run_start > cursor:
                parts.append((cursor, run_start, flags))
            parts.append((run_start, run_end, (*flags, "foreign")))
            cursor = run_end
        if cursor < end:
            parts.append((cursor, end, flags))
        for p_start, p_end, p_flags in parts:
            for s, e in _capped(nt, *_trimmed(text, p_start, p_end)):
                o_start, o_end = nt.to_original(s, e)
                while o_start < o_end and original[o_start].isspace():
                    o_start += 1
                while o_end > o_start and original[o_end - 1].isspace():
                    o_end -= 1
                spans.append((o_start, o_end, s, e, p_flags, para))
    langs = _languages([text[s:e] for _, _, s, e, _, _ in spans])
    units: list[Unit] = []
    for (o_start, o_end, s, e, p_flags, para), lang in zip(spans, langs):
        norm_text = text[s:e]
        unit_flags = set(p_flags)
        if lang == "zh" or (lang == "und" and _OTHER_LETTER.search(norm_text)):
            unit_flags.add("foreign")
        units.append(Unit(
            sent_idx=len(units),
            para_idx=para,
            start=o_start,
            end=o_end,
            norm_start=s,
            norm_end=e,
            text=original[o_start:o_end],
            norm_text=norm_text,
            lang=lang,
            flags=tuple(f for f in FLAGS if f in unit_flags),
            analysed=lang in ANALYSED_LANGS and not (unit_flags & NOT_ANALYSED_FLAGS),
        ))
    return tuple(units)


def _languages(texts: list[str]) -> list[str]:
    """Language of each unit. Latin words that do not read as English prose (`IMF`, `Nicotiana
    tabacum`, `The Goldman Sachs Group, Inc.`, `SHARE:`) are `en` only next to English prose
    (`Article 5` above the English text), else `und`, so names in Latin letters are analysed."""
    langs = [_language(t) for t in texts]
    prose = [lang == "en" and _is_english_prose(t) for t, lang in zip(texts, langs)]
    for i, lang in enumerate(langs):
        if lang == "en" and not prose[i] and not (i > 0 and prose[i - 1] or i + 1 < len(langs) and prose[i + 1]):
            langs[i] = "und"
    return langs


def _is_english_prose(text: str) -> bool:
    words = _LATIN_WORD.findall(text)
    if len(words) >= 12:
        return True
    ends_sentence = text.rstrip("\"'”’)").endswith((".", "!", "?"))
    return len(words) >= 4 and ends_sentence and words[-1].lower() not in _ABBREVIATIONS


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end
