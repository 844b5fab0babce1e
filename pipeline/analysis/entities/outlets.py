"""Who reports news, as opposed to what the news is about: news outlets and time-zone labels.

A story is told by its places, organisations and people, not by the papers that report it
(朝日新聞によると, ロイター通信は…と伝えた), and a number belongs to its holder, never to the outlet
that reports it nor to the time zone it is stated in (UTC+8). Used by the claims (a cited
organisation is no holder) and the cross-article step (stories, fact holders).
"""

from __future__ import annotations

from pipeline.analysis.wordlists import read_rows

# The agencies a photo credit names (ロイター, AP, 共同, 新華社...), the same list the segmenter uses.
NEWS_AGENCIES = frozenset(row["name"] for row in read_rows("segment_credit_agencies_ja.tsv", ("name", "after_separator"))) | \
    frozenset(row["name"] for row in read_rows("news_outlets.tsv", ("name",)))
OUTLET_ENE = frozenset({"Newspaper", "Channel", "Magazine", "Broadcast_Program"})
# news sites too: 時事ドットコム, asahi.com, YOMIURI ONLINE, 毎日jp (a cited title's numbers are no site's)
OUTLET_ENDINGS = ("新聞", "新聞社", "新報", "日報", "通信", "通信社", "放送", "テレビ", "ニュース", "タイムズ", "タイムス", "ポスト", "ジャーナル",
                  "ドットコム", ".com", "ONLINE", "オンライン", "jp")
TIME_ZONE_LABELS = frozenset({"UTC", "GMT", "JST", "日本時間", "現地時間", "協定世界時", "グリニッジ標準時"})


def is_news_outlet(text: str, ene: str | None = None) -> bool:
    """朝日新聞, ロイター, AP通信, NHKニュース (by ENE label, agency name or name ending)."""
    return ene in OUTLET_ENE or text in NEWS_AGENCIES or text.endswith(OUTLET_ENDINGS) or \
        any(text.startswith(a) and text[len(a):] in ("通信", "通信社", "電") for a in NEWS_AGENCIES)


def is_time_zone(text: str) -> bool:
    return text in TIME_ZONE_LABELS or text.startswith(("UTC", "GMT"))


def can_hold(text: str) -> bool:
    """Whether a name may be the holder of a number: not an outlet that reports it, not a time zone."""
    return not (is_news_outlet(text) or is_time_zone(text))
