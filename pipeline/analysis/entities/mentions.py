"""Named-entity mentions from GiNZA, corrected by the gazetteer and a few rules for news text.

GiNZA's statistical NER is kept for names the gazetteer does not know, but on news it
labels known referents erratically (NATO as Country, Company, Person or Game; グリーンランド
as Flora) and glues names to titles (ルッテ事務総長 as Position_Vocation). So:
gazetteer names win over GiNZA spans, single-character country forms (米 in 日米, 対米,
米国防長官) become mentions of their country, titles and honorifics are split off names
into `role`, and numeric ENE labels are left to the claims parser.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.analysis.chars import KANJI, KATAKANA_LETTERS, is_kanji, is_katakana
from pipeline.analysis.entities.gazetteer import Gazetteer, GazetteerEntry, katakana_key
from pipeline.analysis.rules import Pattern
from pipeline.analysis.wordlists import WordListError, read_rows

# GiNZA spans of these labels made only of common nouns in kanji or kana are kinds of things,
# not names (首都 City, 帽子 Clothing, 槍 Weapon, カエル is kept out by being OTHER): measured on
# the WAC train split, dropping them raises precision at no recall cost. ORG is not in the list:
# many organisation names are common nouns to Sudachi.
COMMON_NOUN_NOT_NAME = frozenset({"OTHER", "GPE", "LOC", "FAC", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NER_SPANS = "ner"  # doc.spans key of GiNZA's statistical entities, before the ruler

# GiNZA ENE label -> coarse label (data/ene_labels.tsv says why). Differs from
# ginza.ENE_ONTONOTES_MAPPING where that map is wrong for news; an ENE label not in it is OTHER.
_ENE_LABELS = read_rows("ene_labels.tsv", ("ene", "coarse"))
LABEL_MAP: dict[str, str] = {row["ene"]: row["coarse"] for row in _ENE_LABELS if row["coarse"] != "numeric"}

# ENE's Timex (2.*) and Numex (3.*) subtrees, plus units and currencies: these are claims.
NUMERIC_ENE = frozenset(row["ene"] for row in _ENE_LABELS if row["coarse"] == "numeric")

_COARSE_LABELS = read_rows("coarse_labels.tsv", ("coarse", "default_ene"), ("irex",))

# Coarse label -> IREX category, for scoring on IREX-annotated data. NORP (nationalities),
# EVENT and OTHER have no IREX name category.
COARSE_TO_IREX: dict[str, str] = {row["coarse"]: row["irex"] for row in _COARSE_LABELS if row["irex"]}

# The ENE label a gazetteer span carries when its row names none.
DEFAULT_ENE = {row["coarse"]: row["default_ene"] for row in _COARSE_LABELS}
_unknown = {row["coarse"] for row in _ENE_LABELS} - set(DEFAULT_ENE) - {"numeric"}
if _unknown:
    raise WordListError(f"ene_labels.tsv: coarse labels {sorted(_unknown)} are not in coarse_labels.tsv")

# Word lists of the rules below (data/entity_words.tsv: word, role, and a regex where a word
# needs a guard), each role's rows in file order.
_ENTITY_WORDS = read_rows("entity_words.tsv", ("word", "role"), ("regex",))
_ENTITY_WORD_ROLES = ("abbr_head", "name_suffix", "name_suffix_exact", "latin_function_word", "place_trailer",
                      "not_in_org_name", "place_suffix_token", "org_head", "person_trailer", "org_form", "law_head")
_unknown = {row["role"] for row in _ENTITY_WORDS} - set(_ENTITY_WORD_ROLES)
if _unknown:
    raise WordListError(f"entity_words.tsv: unknown roles {sorted(_unknown)}; expected {', '.join(_ENTITY_WORD_ROLES)}")


def _words(role: str) -> list[str]:
    """The words of one role of entity_words.tsv, in file order."""
    words = [row["word"] for row in _ENTITY_WORDS if row["role"] == role]
    if not words:
        raise WordListError(f"entity_words.tsv: no rows of role {role!r}")
    return words


def _word_alternatives(role: str) -> str:
    """One role of entity_words.tsv as regex alternatives, in file order (the order they are tried
    in, unlike rules.alternation): each word escaped, or the row's regex where it has one."""
    alternatives = []
    for row in _ENTITY_WORDS:
        if row["role"] != role:
            continue
        if row["regex"] and re.fullmatch(row["regex"], row["word"]) is None:
            raise WordListError(f"entity_words.tsv: regex {row['regex']!r} ({role}) does not match its word {row['word']!r}")
        alternatives.append(row["regex"] or re.escape(row["word"]))
    if not alternatives:
        raise WordListError(f"entity_words.tsv: no rows of role {role!r}")
    return "|".join(alternatives)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str
    label_ene: str | None
    role: str | None
    source: str  # ginza | gazetteer | rule
    key: str


def coarse_label(ene: str) -> str | None:
    """Coarse label of a GiNZA ENE label; None for numeric labels, which are not mentions."""
    if ene in NUMERIC_ENE:
        return None
    return LABEL_MAP.get(ene, "OTHER")


def build_nlp(gazetteer: Gazetteer) -> Language:
    """ja_ginza with an entity_ruler of the gazetteer's names placed after "ner".

    The ruler overwrites overlapping statistical entities, so doc.ents carries the gazetteer's
    referent (ent.ent_id_ is its key) wherever a name is known. The statistical entities are
    kept in doc.spans["ner"] first: the ruler drops a whole span around a known name
    (元NATO事務総長ラスムセン around NATO), and the rest of it may still hold a name. compound_splitter is excluded:
    with split_mode unset it does nothing.
    """
    nlp = spacy.load("ja_ginza", exclude=["compound_splitter"])
    nlp.add_pipe("keep_ner_ents", after="ner")
    ruler = nlp.add_pipe("entity_ruler", after="keep_ner_ents", config={"overwrite_ents": True})
    patterns = [
        {"label": entry.ene or DEFAULT_ENE[entry.label], "pattern": surface, "id": entry.key}
        for entry in gazetteer.entries
        for surface in dict.fromkeys(entry.surfaces)
        if len(surface) > 1  # single-character forms (米, 英) need context: see _abbreviations
    ]
    # Phrase patterns are tokenised by the pipes before the ruler; the tokenizer alone is enough.
    with nlp.select_pipes(enable=["entity_ruler"]):
        ruler.add_patterns(patterns)
    return nlp


@Language.component("keep_ner_ents")
def keep_ner_ents(doc: Doc) -> Doc:
    doc.spans[NER_SPANS] = list(doc.ents)
    return doc


@dataclass(frozen=True)
class Roles:
    titles: tuple[str, ...]
    honorifics: tuple[str, ...]
    domains: tuple[str, ...]
    prefixes: tuple[str, ...]


def load_roles(path: Path | str = "roles.tsv") -> Roles:
    kinds: dict[str, list[str]] = {"title": [], "honorific": [], "domain": [], "prefix": []}
    for row in read_rows(path, ("form", "kind")):
        kinds[row["kind"]].append(row["form"])
    return Roles(*(tuple(sorted(set(kinds[k]), key=lambda s: (-len(s), s))) for k in ("title", "honorific", "domain", "prefix")))


def _alternation(forms: tuple[str, ...]) -> str:
    return "|".join(re.escape(f) for f in forms)


@dataclass(frozen=True)
class _RolePatterns:
    role: Pattern  # title with its domain (国防長官, 防衛副大臣), prefixes (元) allowed before
    role_at_end: Pattern
    honorific: Pattern
    prefix: Pattern


_ROLE_FORMS = load_roles()
_ROLE_TITLE_REGEX = f"(?:{_alternation(_ROLE_FORMS.domains)})*(?:{_alternation(_ROLE_FORMS.titles)})"
_ROLE_TITLE = Pattern(
    "entity_role_title",
    _ROLE_TITLE_REGEX,
    why="a title of roles.tsv with its domains (国防長官, 防衛副大臣): split off a person's name into its role",
    matches=(("ルッテ事務総長が会見した", "事務総長"), ("ヘグセス国防長官", "国防長官"), ("香川防衛副大臣", "防衛副大臣")),
    rejects=("防衛費の増額", "国防の強化"),
)
_ROLE_TITLE_AT_END = Pattern(
    "entity_role_title_at_end",
    f"{_ROLE_TITLE_REGEX}$",
    why="a title right before a name (元NATO事務総長|ラスムセン): matched on the text before it",
    matches=(("元NATO事務総長", "事務総長"), ("アメリカ国防長官", "国防長官")),
    rejects=("事務総長が訪日",),
)
_ROLE_HONORIFIC = Pattern(
    "entity_role_honorific",
    f"(?:{_alternation(_ROLE_FORMS.honorifics)})",
    why="an honorific of roles.tsv (氏, さん); counts only as a whole token right after a name",
    matches=(("山本氏は", "氏"), ("田中さん", "さん")),
    rejects=("山本首相",),
)
_ROLE_PREFIX = Pattern(
    "entity_role_prefix",
    f"^(?:{_alternation(_ROLE_FORMS.prefixes)})+",
    why="prefixes of roles.tsv at the start of a name or title (元NATO, 前首相): dropped from the name",
    matches=(("元事務総長", "元"), ("前首相", "前")),
    rejects=("首相の元側近",),
)
_ROLES = _RolePatterns(role=_ROLE_TITLE, role_at_end=_ROLE_TITLE_AT_END, honorific=_ROLE_HONORIFIC, prefix=_ROLE_PREFIX)

# Single-character country forms count only in these contexts: 日米, 米・英 (a run of them),
# 対米, 訪日, 在日 (after a prefix), 米軍, 米国防長官, 米大統領 (before a head noun).
# Prefix -> the forms it takes (None: any), from data/entity_abbr_prefixes.tsv.
_ABBR_PREFIXES = {row["prefix"]: row["countries"] or None for row in read_rows("entity_abbr_prefixes.tsv", ("prefix",), ("countries",))}
_ABBR_HEADS = Pattern(
    "entity_abbr_head",
    _word_alternatives("abbr_head"),
    why="head nouns after which a single-character country form is its country (米軍, 英首相); matched right after it",
    matches=(("米国防長官が来日", "国防"), ("英海軍の艦艇", "海軍"), ("米政府高官", "政府")),
    rejects=("国防衛産業の育成",),  # 米国防衛産業 is 米国 + 防衛産業, not 米 + 国防
)
_NO_HEADS = frozenset("日中")  # 日 and 中 only in runs and after prefixes: 同日会談, 期間中経済
_NO_RUN_START = {"中": "米欧南"}  # 中米, 中欧 are Central America, Central Europe
_NOT_IN_RULE = frozenset("加")  # 加盟, 参加, 追加

# A known name inside a longer GiNZA span is a different referent when the rest of the span
# makes a name with it: モンゴル高原, 大日本帝国, 日本経済新聞, 北アジア, NATO情報融合センター.
# Otherwise the rest is a title or a common noun (トランプ政権, NATO加盟国, 米国政府) and is split off.
_NAME_SUFFIXES = Pattern(
    "entity_name_suffix",
    f"(?:{_word_alternatives('name_suffix')})$",
    why="the rest of a span after a known name makes a new name with it when it ends in one of these",
    matches=(("モンゴル高原", "高原"), ("日本経済新聞", "新聞"), ("NATO情報融合センター", "センター")),
    rejects=("トランプ政権", "NATO加盟国", "高原の町"),
)
_NAME_PREFIXES = Pattern(
    "entity_name_prefix",
    "^(?:北|南|東|西|中央|中部|北部|南部|東部|西部|北東|北西|南東|南西|古代|大|旧|汎|環|英領|仏領|米領|全)$",
    why="the whole rest of a span before a known name that makes a new name with it: 北|アジア, 大|日本帝国",
    matches=(("北", "北"), ("古代", "古代"), ("英領", "英領")),
    rejects=("北海道", "大学"),
)
# one-character suffixes only when they are all the rest: 長門国, 上海市 (not 加盟国, 政府)
_NAME_SUFFIX_EXACT = frozenset(_words("name_suffix_exact"))
_LATIN_FUNCTION_WORDS = frozenset(_words("latin_function_word"))

_SHIP = Pattern(
    "entity_ship_name",
    r"(?:空母|戦艦|駆逐艦|潜水艦|揚陸艦|巡洋艦|護衛艦|フリゲート|艦|号)「([^「」]{1,40})」",
    why="a ship's name in 「」 after a ship word (空母「カール・ビンソン」): group 1 is a PRODUCT",
    matches=(("空母「カール・ビンソン」が寄港した", "空母「カール・ビンソン」"), "護衛艦「いずも」"),
    rejects=("「いずも」と呼ばれる", "空母の「配備」"),
)
# 『』 quotes titles of books, papers, films and programmes (WAC train: 106 of 121 such spans are
# IREX ARTIFACT); 「」 quotes anything and is left to GiNZA.
_TITLE = Pattern(
    "entity_quoted_title",
    r"『([^『』\n]{1,60})』",
    why="a title in 『』 (a book, paper, film or programme): group 1 is a WORK_OF_ART unless it is a quotation",
    matches=(("小説『雪国』を読んだ", "『雪国』"), "番組『日曜討論』で"),
    rejects=("「雪国」を読んだ", "題名は『』のまま"),
)
# Numbered roads: 国道1号, 県道16号線 (GiNZA leaves them out or keeps only 国道).
_ROUTE = Pattern(
    "entity_numbered_road",
    r"(?:国道|県道|都道|府道|道道|州道)\d+号(?:線)?",
    why="a numbered road (国道1号, 県道16号線) is a FAC",
    matches=(("国道1号で事故", "国道1号"), ("県道16号線を通行止め", "県道16号線")),
    rejects=("国道沿いの店",),
)
_QUOTATIVE = Pattern(
    "entity_quotative",
    "と(?:見な|みな|呼|よ[ばび]|称|言|い[わうい]|さ[れせ]|し[てた]|考|表現|位置づ|評)",
    why="a quotative verb right after 』: the 『』 quoted a phrase (『脅威』と見なす), not a title",
    matches=(("と見なされる", "と見な"), ("と呼ばれる", "と呼"), ("といわれた", "といわ")),
    rejects=("とともに", "と会談した"),
)
_PREDICATE_POS = frozenset({"VERB", "AUX", "ADJ", "ADP", "SCONJ", "PART"})
# Statute names: a kanji compound of four or more characters ending in 法 (健康保険法, 労働基準法),
# not a method noun (分類法, 製法, 手法, 記数法); treaties and charters (下関条約, 国連憲章), also
# before an article number (日米安全保障条約|第5条).
# Three-character 〜法 are left to GiNZA: on WAC train they are more often methods (積分法) than laws.
_LAW = Pattern(
    "entity_statute_name",
    f"(?<![{KANJI}])(?:改正|新|旧|現行)?"
    f"((?:[{KANJI}]{{3,}}(?<![方手技寸製算文記進数泳角像用療作論理式語音話調貫斤])法"
    f"|[{KANJI}]{{2,}}(?:条約|憲章|協定|議定書)|[{KANJI}]{{2,}}憲法))(?:(?![{KANJI}])|(?=第))",
    why="a statute, treaty or charter name as a whole kanji compound (労働基準法, 下関条約): group 1 is a LAW",
    matches=(("改正労働基準法が成立", "改正労働基準法"), ("日米安全保障条約第5条", "日米安全保障条約"), ("下関条約に調印", "下関条約")),
    rejects=("二進記数法で表す", "積分法を学ぶ", "健康保険法改正案を提出"),
)
# IREX place boundaries (WAC train): 関東|地方, 近畿|地域, 三重県|北部, 朝鮮半島|中部以南,
# 西アフリカ|諸国, 日本|全域 -- the region word or the part is not in the name.
_PLACE_TRAILER = Pattern(
    "entity_place_trailer",
    f"(?:{_word_alternatives('place_trailer')})$",
    why="a region word or part at the end of a place span (関東|地方, 三重県|北部): cut off the name",
    matches=(("関東地方", "地方"), ("三重県北部", "北部"), ("朝鮮半島中部以南", "以南")),
    rejects=("地方自治体", "東京都"),
)
# Suffixes that make a new place name of a known one: イタリア半島, メキシコ湾, パナマ共和国, イギリス連邦.
_PLACE_NAME_SUFFIX = Pattern(
    "entity_place_name_suffix",
    f"(?:亜大陸|大陸|半島|諸島|列島|本島|島(?!嶼)|湾|市(?![{KANJI}])|海峡|地峡|共和国|連合王国|王国|帝国|公国|独立国|連合国|自治州|自治区"
    f"|連邦(?!政府|議会|軍|準備|捜査|最高|予算|法|税|裁|機関|職員|当局|制)|国(?![{KANJI}]))",
    why="a suffix right after a known place that makes a new place of it (イタリア|半島, パナマ|共和国)",
    matches=(("半島の南部", "半島"), ("湾で操業", "湾"), ("連邦の一員", "連邦")),
    rejects=("島嶼部の防衛", "連邦政府の職員", "市内の施設"),
)
_STATE_SUFFIXES = frozenset({"市", "共和国", "連合王国", "王国", "帝国", "連邦", "公国", "独立国", "連合国", "自治州", "自治区", "国"})
_DEPENDENCY = Pattern(
    "entity_dependency",
    f"領[{KATAKANA_LETTERS}ー・]+",
    why="領 and a katakana name after a known place: a dependency, one GPE (フランス領ギアナ, 英領バージン諸島)",
    matches=(("フランス領ギアナの首都", "領ギアナ"), ("英領バージン諸島", "領バージン")),
    rejects=("領土問題", "領空侵犯"),
)
_DIRECTION_PREFIXES = frozenset("東西南北大小")  # 西|インド諸島, 東|ローマ帝国, 大|日本帝国
# Words after a place that make a description, not an organisation name: 欧州各国軍, ヨーロッパ駐留軍
_NOT_IN_ORGANISATION_NAME = frozenset(_words("not_in_org_name"))
# A chain of administrative units is one address, the most specific place: 東京都豊島区,
# 大阪府大阪市北区, アメリカ合衆国ワシントンD.C.; a country and a unit in it may be joined by ・
# (イギリス・ロンドン, カナダ・ケベック州).
_ADMIN_UNIT = Pattern(
    "entity_admin_unit_end",
    "[都道府県州省市区郡町村]$",
    why="a word ending in an administrative unit (豊島区, 名古屋市) is part of a longer place name",
    matches=(("豊島区", "区"), ("名古屋市", "市")),
    rejects=("区役所", "東京都庁"),
)
_ADDRESS_ENE = frozenset({"City", "Province", "County"})
_ADMIN_UNIT_INSIDE = Pattern(
    "entity_admin_unit",
    "[都道府県州省市区郡町村]",
    why="an administrative unit inside a place after another place: joined into one address (ハワイ州オアフ島)",
    matches=(("ハワイ州オアフ島", "州"), ("カリフォルニア州", "州")),
    rejects=("オアフ島", "ロンドン"),
)
# Tokens that may follow a place-name token inside a place name (長野県, 尾張国, 伊豆半島).
_PLACE_SUFFIX_TOKENS = frozenset(_words("place_suffix_token"))
# Heads of organisation names: without a proper noun in it, a GiNZA organisation must end in one
# (文部省, 国語審議会, 国際サッカー連盟); bare common nouns (内閣, 皇族, 中央政府) are not names.
_ORG_HEAD = Pattern(
    "entity_org_head",
    f"(?:{_word_alternatives('org_head')})$",
    why="the head an organisation name ends in (文部省, 国語審議会, ロシア軍); not 大会, 社会, 機会, 集会",
    matches=(("国語審議会", "審議会"), ("文部省", "省"), ("国際サッカー連盟", "連盟")),
    rejects=("全国大会", "社会", "内閣"),
)
# Family and rank words after a surname: 徳川|将軍家, ラッセル|伯爵, 平|氏 (IREX annotates the name).
_PERSON_TRAILER = Pattern(
    "entity_person_trailer",
    f"(?:{_word_alternatives('person_trailer')})$",
    why="a family or rank word at the end of a person span (徳川|将軍家, 平|氏): cut off the name",
    matches=(("徳川将軍家", "将軍家"), ("ラッセル伯爵", "伯爵"), ("平氏", "氏")),
    rejects=("家族", "氏名"),
)
# Legal forms before a name: 株式会社文藝春秋, 公益財団法人日本相撲協会.
_ORG_FORM = Pattern(
    "entity_org_legal_form",
    f"(?:{_word_alternatives('org_form')})",
    why="a legal form at the start of a span makes it an organisation name (株式会社文藝春秋)",
    matches=(("株式会社文藝春秋", "株式会社"), ("公益財団法人日本相撲協会", "公益財団法人"), ("NPO法人の代表", "NPO法人")),
    rejects=("法人税の改正", "会社員"),
)
# A foreign place name and a place word: アムステル川, マゾフシェ県, コーン諸島, アイリッシュ海.
_PLACE_SUFFIX_END = Pattern(
    "entity_place_word_end",
    "(?:川|河|海|湖|山|山脈|島|諸島|半島|湾|県|州|省|市|区|郡|町|村|港|岬|峡|高原|平原|盆地|砂漠)$",
    why="a place word at the end of a span: what is before it, in katakana or Latin, is a foreign place name",
    matches=(("アムステル川", "川"), ("コーン諸島", "諸島"), ("マゾフシェ県", "県")),
    rejects=("アムステルダム", "川沿い"),
)
_LAW_HEAD = Pattern(
    "entity_law_head",
    f"(?:{_word_alternatives('law_head')})$",
    why="the head a statute or treaty name ends in (道路法, 国連憲章): a name ending in one is a LAW",
    matches=(("道路法", "法"), ("国連憲章", "憲章"), ("下関条約", "条約")),
    rejects=("法案", "憲法改正"),
)
_LATIN_ONLY = Pattern(
    "entity_latin_only",
    r"[A-Za-z0-9][A-Za-z0-9 \u3000.,&'’\-/:+]*",
    why="a span in Latin script only (fullmatch): acronyms and English names, kept without a proper-noun word",
    matches=(("NATO Summit", "NATO Summit"), ("AM放送", "AM")),
    rejects=("北大西洋条約機構",),
)
_ACRONYM = Pattern(
    "entity_acronym",
    r"[A-Z]{2,6}s?",
    why="an acronym (fullmatch: PDF, GDP, NGOs): GiNZA's products among them are mostly not names",
    matches=(("GDP比", "GDP"), ("NGOs", "NGOs")),
    rejects=("Nato",),
)
_HIRAGANA_ONLY = Pattern(
    "entity_hiragana_only",
    r"[\u3041-\u309fー・\s]+",
    why="a span in hiragana only (fullmatch): readings and kana words, not names",
    matches=(("あしかがたかうじ", "あしかがたかうじ"),),
    rejects=("足利尊氏", "アシカガ"),
)
_KATAKANA_NAME_RUN = Pattern(
    "entity_katakana_name_run",
    f"[{KATAKANA_LETTERS}ー]+(?:[・＝=][{KATAKANA_LETTERS}ー]+)*",
    why="a foreign name as one katakana run, its parts joined by ・ or ＝ (リヒャルト・シュトラウス)",
    matches=(("作曲家リヒャルト・シュトラウスの", "リヒャルト・シュトラウス"), ("ジャン＝ポール", "ジャン＝ポール")),
    rejects=("東京と大阪",),
)
_NAME_JOINERS = frozenset("・＝=")
_PUNCT_EDGES = " \u3000・･、。,.:;：；「」『』()（）[]［］【】〈〉《》\"'“”‘’-‐—―~〜"


def _is_name_script(text: str) -> bool:
    """Katakana or Latin throughout (with ・ and spaces): how foreign names are written."""
    core = [c for c in text if c not in "・･ 　.-ー"]
    return bool(core) and all(is_katakana(c) or c.isascii() and c.isalnum() for c in core)


def _abbreviations(text: str, covered: list[bool], abbr: dict[str, GazetteerEntry]) -> list[tuple[int, int, GazetteerEntry]]:
    found: list[tuple[int, int, GazetteerEntry]] = []
    usable = {c: e for c, e in abbr.items() if c not in _NOT_IN_RULE and is_kanji(c)}

    def free(i: int) -> bool:
        return 0 <= i < len(text) and not covered[i] and text[i] in usable

    def word_start(i: int) -> bool:
        prev = text[i - 1] if i > 0 else ""
        return not is_kanji(prev) or prev in usable or prev in _ABBR_PREFIXES

    i = 0
    while i < len(text):
        if not free(i):
            i += 1
            continue
        # a run: 日米, 英仏独, 米・英
        run = [i]
        j = i + 1
        while True:
            if free(j) and text[j] != text[run[-1]]:
                run.append(j)
                j += 1
            elif j + 1 < len(text) and text[j] in "・･" and free(j + 1):
                run.append(j + 1)
                j += 2
            else:
                break
        first, second = text[run[0]], text[run[1]] if len(run) > 1 else ""
        if len(run) > 1 and word_start(i) and second not in _NO_RUN_START.get(first, ""):
            found.extend((k, k + 1, usable[text[k]]) for k in run)
            i = j
            continue
        c = text[i]
        prev = text[i - 1] if i > 0 else ""
        allowed_after = _ABBR_PREFIXES.get(prev, "-")
        after_prefix = prev in _ABBR_PREFIXES and (allowed_after is None or c in allowed_after)
        before_head = c not in _NO_HEADS and word_start(i) and _ABBR_HEADS.match(text, i + 1) is not None
        if after_prefix or before_head:
            found.append((i, i + 1, usable[c]))
        i += 1
    return found


def _tokens_over(doc: Doc, start: int, end: int):
    """Tokens that overlap text[start:end] (spaCy's character index, not a scan of the doc)."""
    span = doc.char_span(start, end, alignment_mode="expand") if start < end else None
    return list(span) if span is not None else []


def _inner_tokens(doc: Doc, start: int, end: int):
    """Tokens wholly inside text[start:end]: 軍 left over from 米軍 (one token) is not inside 軍."""
    span = doc.char_span(start, end, alignment_mode="contract") if start < end else None
    return list(span) if span is not None else []


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _PUNCT_EDGES:
        start += 1
    while end > start and text[end - 1] in _PUNCT_EDGES:
        end -= 1
    return start, end


def _role_after(text: str, end: int, doc_token_starts: set[int], doc_token_ends: set[int], country_at: dict[int, int]) -> str | None:
    """A title right after a name (ルッテ事務総長), perhaps behind a country (トランプ米大統領), or an honorific token (山本氏)."""
    pos = country_at.get(end, end)
    m = _ROLES.role.match(text, pos)
    if m:
        return m.group(0)
    m = _ROLES.honorific.match(text, end)
    if m and end in doc_token_starts and m.end() in doc_token_ends:
        return m.group(0)
    return None


def _role_before(text: str, start: int) -> str | None:
    """A title right before a name: アメリカ国防長官ピート・ヘッグセス, 元NATO事務総長ラスムセン."""
    m = _ROLES.role_at_end.search(text[max(0, start - 16):start])
    return m.group(0) if m else None


def mentions_in_doc(doc: Doc, gazetteer: Gazetteer) -> list[Mention]:
    """Entity mentions of one analysed unit, offsets into doc.text, sorted by position."""
    text = doc.text
    covered = [False] * len(text)
    mentions: list[Mention] = []

    def claim(start: int, end: int) -> None:
        for k in range(start, end):
            covered[k] = True

    for start, end, label, ene in _rule_spans(doc, text):
        if not any(covered[start:end]):
            mentions.append(Mention(start, end, text[start:end], label, ene, None, "rule", f"{label}:{katakana_key(text[start:end])}"))
            claim(start, end)

    statistical = doc.spans[NER_SPANS] if NER_SPANS in doc.spans else [e for e in doc.ents if not e.ent_id_]
    statistical = [e for e in statistical if coarse_label(e.label_) is not None]
    known: list[tuple[int, int, GazetteerEntry, str]] = []
    for m in gazetteer.find(text):
        if any(covered[m.start:m.end]) or _cuts_tagged_name(doc, statistical, m.start, m.end):
            continue
        longer = (_PLACE_NAME_SUFFIX.match(text, m.end) or _DEPENDENCY.match(text, m.end)) if m.entry.label in ("GPE", "LOC") else None
        if longer is not None and not any(covered[m.end:longer.end()]):
            label = "GPE" if longer.group(0) in _STATE_SUFFIXES or longer.re is _DEPENDENCY.compiled else "LOC"
            prefixed = m.start > 0 and text[m.start - 1] in _DIRECTION_PREFIXES and not covered[m.start - 1] \
                and not (m.start > 1 and is_kanji(text[m.start - 2]))
            start = m.start - 1 if prefixed else m.start
            surface = text[start:longer.end()]
            mentions.append(Mention(start, longer.end(), surface, label, DEFAULT_ENE[label], None, "rule", f"{label}:{katakana_key(surface)}"))
            claim(start, longer.end())
            continue
        known.append((m.start, m.end, m.entry, "gazetteer"))
        claim(m.start, m.end)
    for ent in doc.ents:
        # ruler spans the character scan missed (it works on tokens, the scan on characters)
        entry = gazetteer.get(ent.ent_id_) if ent.ent_id_ else None
        if entry is not None and not any(covered[ent.start_char:ent.end_char]) and not _inside_katakana_run(text, ent.start_char, ent.end_char):
            known.append((ent.start_char, ent.end_char, entry, "gazetteer"))
            claim(ent.start_char, ent.end_char)
    whole: set[tuple[int, int]] = set()
    for ent in statistical:
        inside = [k for k in known if ent.start_char <= k[0] and k[1] <= ent.end_char]
        if inside and _forms_longer_name(text, ent.start_char, ent.end_char, inside, coarse_label(ent.label_)):
            whole.add((ent.start_char, ent.end_char))
            known = [k for k in known if k not in inside]
            for k in inside:
                for c in range(k[0], k[1]):
                    covered[c] = False
            claim(ent.start_char, ent.end_char)  # GiNZA's whole span, below
    # an organisation named after a place GiNZA did not tag whole: アメリカ航空宇宙局, イギリス陸軍, 名古屋市交通局
    for k in [k for k in known if k[2].label in ("GPE", "LOC")]:
        org_end = _organisation_after_place(doc, text, k[1], covered)
        if org_end is not None:
            known.remove(k)
            surface = text[k[0]:org_end]
            mentions.append(Mention(k[0], org_end, surface, "ORG", DEFAULT_ENE["ORG"], None, "rule", f"ORG:{katakana_key(surface)}"))
            claim(k[0], org_end)
    for start, end, entry in _abbreviations(text, covered, gazetteer.abbreviations()):
        known.append((start, end, entry, "rule"))
        claim(start, end)

    token_starts = {t.idx for t in doc}
    token_ends = {t.idx + len(t.text) for t in doc}
    # where a country form ends, the title behind it starts: トランプ|米|大統領
    country_at = {start: end for start, end, entry, _ in known if entry.label == "GPE"}

    for start, end, entry, source in known:
        role = _role_after(text, end, token_starts, token_ends, country_at) or _role_before(text, start) if entry.label == "PERSON" else None
        mentions.append(Mention(start, end, text[start:end], entry.label, entry.ene or DEFAULT_ENE[entry.label], role, source, entry.key))

    for ent in statistical:
        coarse = coarse_label(ent.label_)
        if (ent.start_char, ent.end_char) in whole:
            pieces, cut = [(ent.start_char, ent.end_char)], False
        else:
            pieces = _uncovered_pieces(covered, ent.start_char, ent.end_char)
            cut = any(covered[ent.start_char:ent.end_char])
        for start, end in pieces:
            mention = _mention_from_piece(doc, text, gazetteer, start, end, ent.label_, coarse, cut, token_starts, token_ends, country_at)
            if mention is not None and mention.source == "ginza" and (mention.start, mention.end) != (ent.start_char, ent.end_char):
                mention = dataclasses.replace(mention, source="rule")
            if mention is not None:
                mentions.append(mention)
                claim(mention.start, mention.end)
    for start, end in _personal_name_runs(doc, text, covered):
        role = _role_after(text, end, token_starts, token_ends, country_at)
        mentions.append(Mention(start, end, text[start:end], "PERSON", "Person", role, "rule", f"PERSON:{katakana_key(text[start:end])}"))
        claim(start, end)
    mentions = sorted(mentions, key=lambda m: (m.start, m.end, m.label))
    return _joined_person_names(text, _joined_addresses(text, mentions))


def _personal_name_runs(doc: Doc, text: str, covered: list[bool]) -> list[tuple[int, int]]:
    """Names Sudachi knows as personal names that GiNZA's NER left out, nothing else having claimed
    them: a surname and a given name (上杉|景勝), dotted parts (カール|・|マルクス), or one kanji
    word of a full name (豊臣秀吉, 徳川家光). A lone word is not enough: Sudachi tags ポール, グラム,
    一国 as given names too (WAC train)."""
    runs: list[list] = []  # [start, end, name words]
    for t in doc:
        t_end = t.idx + len(t.text)
        if "人名" in t.tag_ and not any(covered[t.idx:t_end]):
            if runs and runs[-1][1] == t.idx:
                runs[-1][1] = t_end
                runs[-1][2].append(t)
            else:
                runs.append([t.idx, t_end, [t]])
        elif t.text in _NAME_JOINERS and runs and runs[-1][1] == t.idx and t.i + 1 < len(doc) and "人名" in doc[t.i + 1].tag_:
            runs[-1][1] = t_end
    return [(start, end) for start, end, words in runs
            if len(words) > 1 or (len(words[0].text) > 2 and all(is_kanji(c) for c in words[0].text) and words[0].tag_.endswith("人名-一般"))
            if not _HIRAGANA_ONLY.fullmatch(text, start, end)]

def _rule_spans(doc: Doc, text: str) -> list[tuple[int, int, str, str]]:
    """Names found by their form, before the gazetteer and GiNZA: ships, 『titles』 and statutes."""
    spans = [(m.start(1), m.end(1), "PRODUCT", "Ship") for m in _SHIP.finditer(text)]
    spans += [(m.start(1), m.end(1), "WORK_OF_ART", "Art_Other") for m in _TITLE.finditer(text) if _is_title(doc, text, m)]
    spans += [(m.start(1), m.end(1), "LAW", "Law") for m in _LAW.finditer(text)]
    spans += [(m.start(), m.end(), "FAC", "Road") for m in _ROUTE.finditer(text)]
    return sorted(spans)


def _is_title(doc: Doc, text: str, m: re.Match) -> bool:
    """『』 around a title, not a quotation: news nests quotes in 「」 with 『』 (「かつては『米軍が来るまで
    持ちこたえる』が…」), quotes a phrase before と見なす/と呼ぶ, and a title does not end in a predicate."""
    if text.count("「", 0, m.start()) > text.count("」", 0, m.start()):
        return False
    if _QUOTATIVE.match(text, m.end()):
        return False
    last = _tokens_over(doc, m.start(1), m.end(1))
    return not last or last[-1].pos_ not in _PREDICATE_POS


def _joined_addresses(text: str, mentions: list[Mention]) -> list[Mention]:
    """東京都 + 豊島区 -> 東京都豊島区: a place followed by an administrative unit inside it is one address."""
    joined: list[Mention] = []
    for m in mentions:
        prev = joined[-1] if joined else None
        if (prev is not None and prev.label == "GPE" and len(prev.text) > 1 and len(m.text) > 1
                and (m.start == prev.end or (m.start == prev.end + 1 and text[prev.end] == "・" and prev.label_ene == "Country"))
                and _is_address_part(m)):
            surface = text[prev.start:m.end]
            joined[-1] = Mention(prev.start, m.end, surface, "GPE", m.label_ene, None, "rule", f"GPE:{katakana_key(surface)}")
        else:
            joined.append(m)
    return joined


def _is_address_part(m: Mention) -> bool:
    """An administrative unit, or a place named after one: 豊島区, カリフォルニア州, ハワイ州オアフ島."""
    if m.label == "GPE" and m.label_ene in _ADDRESS_ENE:
        return True
    return m.label in ("GPE", "LOC") and _ADMIN_UNIT_INSIDE.search(m.text, 1) is not None


def _joined_person_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """A foreign name GiNZA cut at its dots (リヒャルト・ゲオルク | シュトラウス) is the whole ・-joined
    katakana run, when no other mention is in that run."""
    persons = [m for m in mentions if m.label == "PERSON" and m.source != "gazetteer"]
    if not persons:
        return mentions
    result = list(mentions)
    for run in _KATAKANA_NAME_RUN.finditer(text):
        start, end = run.span()
        if text.startswith("サー・", start):
            start += 3
        if not any(c in _NAME_JOINERS for c in text[start:end]):
            continue
        inside = [m for m in result if m.start < end and start < m.end]
        if not inside or not all(m in persons and start <= m.start and m.end <= end for m in inside):
            continue
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (start, end):
            continue
        first = inside[0]
        surface = text[start:end]
        merged = Mention(start, end, surface, "PERSON", "Person", first.role or inside[-1].role, "rule", f"PERSON:{katakana_key(surface)}")
        result = sorted([m for m in result if m not in inside] + [merged], key=lambda m: (m.start, m.end, m.label))
    return result


def _organisation_after_place(doc: Doc, text: str, end: int, covered: list[bool]) -> int | None:
    """End of a compound noun that starts right after a place name and ends in an organisation head
    (航空宇宙局, 陸軍, 社会民主党), or None."""
    found = None
    following = _tokens_over(doc, end, len(text))
    for t in following:
        t_end = t.idx + len(t.text)
        if t.idx < end or any(covered[t.idx:t_end]) or not (t.tag_.startswith("名詞") or t.tag_.startswith("接尾辞-名詞的")) \
                or t.tag_.startswith("名詞-数詞") or t.text in _NOT_IN_ORGANISATION_NAME:
            break
        if _ORG_HEAD.search(text, end, t_end) and not _ROLES.role.search(text, end, t_end):
            found = t_end
    return found


def _cuts_tagged_name(doc: Doc, statistical: list, start: int, end: int) -> bool:
    """A known name inside one proper-noun word GiNZA tagged is part of a longer place name: 東京都 in
    東京都豊島区, 名古屋 in 名古屋市中村区名駅 (Sudachi's single words); not トランプ in トランプ政権."""
    for t in _tokens_over(doc, start, end):
        t_end = t.idx + len(t.text)
        if (t.idx < start or t_end > end) and "固有名詞" in t.tag_:
            place = "地名" in t.tag_ or _ADMIN_UNIT.search(t.text) or _NAME_SUFFIXES.search(t.text) or t.text[-1] in _NAME_SUFFIX_EXACT
            return bool(place) and any(e.start_char <= t.idx and t_end <= e.end_char for e in statistical)
    return False


def _forms_longer_name(text: str, start: int, end: int, inside: list, coarse: str | None) -> bool:
    first, last = min(k[0] for k in inside), max(k[1] for k in inside)
    left = text[start:first]
    left = _ROLES.prefix.sub("", left) if _ROLES.prefix.match(left) and len(left) > 1 else left
    right = text[last:end]
    if right and (right in _NAME_SUFFIX_EXACT or (len(right) > 1 and _NAME_SUFFIXES.search(right) and not _ROLES.role.search(right))):
        return True
    # an organisation named after a place or a person: 日本電気, ドイツ社会民主党, アメリカ航空宇宙局, ロシア軍
    if coarse == "ORG" and right and _ORG_HEAD.search(right) and not _ROLES.role.search(right):
        return True
    if left and _NAME_PREFIXES.match(left):
        return True
    if right.startswith("領") and len(right) > 1:
        return True  # a dependency: フランス領ギアナ, 英領インド
    return False


def _plausible_latin_name(surface: str) -> bool:
    """Latin-script names are capitalised words (function words between them)."""
    words = surface.split()
    if not words or not all(w.isascii() for w in words):
        return True
    if words[0].lower() in _LATIN_FUNCTION_WORDS or words[-1].lower() in _LATIN_FUNCTION_WORDS:
        return len(words) == 1 and words[0] not in _LATIN_FUNCTION_WORDS and words[0] != words[0].lower()
    return all(w[0].isupper() or w[0].isdigit() or w in _LATIN_FUNCTION_WORDS for w in words)


def _uncovered_pieces(covered: list[bool], start: int, end: int) -> list[tuple[int, int]]:
    pieces, piece_start = [], None
    for k in range(start, end + 1):
        if k < end and not covered[k]:
            piece_start = k if piece_start is None else piece_start
        elif piece_start is not None:
            pieces.append((piece_start, k))
            piece_start = None
    return pieces


def _trim_trailer(text: str, start: int, end: int, pattern: Pattern, min_left: int, token_starts: set[int]) -> tuple[int, str | None]:
    """End of the name once `pattern` is cut off its end (repeatedly, at word starts: 平|氏 but not
    足利|貞氏), and the last piece cut."""
    cut = None
    while True:
        m = pattern.search(text, start, end)
        if m is None or m.start() - start < min_left or m.start() not in token_starts:
            return end, cut
        end, cut = m.start(), m.group(0)


def _inside_katakana_run(text: str, start: int, end: int) -> bool:
    """A katakana name is a whole run: ワシントン in ジョージ・ワシントン, マリ in マリ・キュリー are parts of other names."""
    if not _is_name_script(text[start:end]) or not all(is_katakana(c) for c in text[start:end]):
        return False
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return any(is_katakana(c) for c in (before, after))


def _mention_from_piece(doc: Doc, text: str, gazetteer: Gazetteer, start: int, end: int, ene: str, coarse: str, cut: bool,
                        token_starts: set[int], token_ends: set[int], country_at: dict[int, int]) -> Mention | None:
    """The name in what GiNZA tagged (or what is left of it beside gazetteer names), titles split off,
    retyped or dropped by what Sudachi says of its words."""
    start, end = _strip_edges(text, start, end)
    if cut:
        # what is left beside a known name ends at its first particle: カリフォルニア州|の都市
        end = next((t.idx for t in _tokens_over(doc, start, end) if start < t.idx and t.pos_ in _PREDICATE_POS), end)
    m = _ROLES.prefix.match(text[start:end])
    if m and m.end() < end - start and start + m.end() in token_starts:  # 元|NATO, not 新潟
        start += m.end()
    role = None
    # a leading title: 事務総長ラスムセン
    m = _ROLES.role.match(text, start)
    if m and m.end() < end:
        role, start = m.group(0), m.end()
    # a title that starts inside the span and ends at or after it: ルッテ事務総長, 香川防衛|副大臣
    for k in range(start + 1, end + 1):
        m = _ROLES.role.match(text, k)
        if m and m.end() >= end:
            role, end = m.group(0), k
            break
    else:
        if role is None:
            role = _role_after(text, end, token_starts, token_ends, country_at)
    if coarse in _PLACE_LABELS:
        if cut and _PLACE_TRAILER.fullmatch(text, start, end):
            return None  # the part of a known place: イタリア半島|中部
        end, _ = _trim_trailer(text, start, end, _PLACE_TRAILER, 2, token_starts)
    elif coarse == "PERSON" or ene == "Family":
        end, trailer = _trim_trailer(text, start, end, _PERSON_TRAILER, 1, token_starts)
        if trailer is not None:
            coarse, ene = "PERSON", "Person"
            role = role or (trailer if trailer == "氏" else None)
    start, end = _strip_edges(text, start, end)
    if start >= end:
        return None
    surface = text[start:end]
    entry = gazetteer.lookup(surface)
    if entry is not None:
        return Mention(start, end, surface, entry.label, entry.ene or DEFAULT_ENE[entry.label], role if entry.label == "PERSON" else None, "gazetteer", entry.key)
    if _HIRAGANA_ONLY.fullmatch(surface):
        return None  # readings (あしかがたかうじ) and kana words: GiNZA's labels on them are noise
    tokens = _inner_tokens(doc, start, end)
    proper = any("固有名詞" in t.tag_ for t in tokens)
    personal = any("人名" in t.tag_ for t in tokens)
    place_only = any("地名" in t.tag_ for t in tokens) and all("地名" in t.tag_ or t.text in _PLACE_SUFFIX_TOKENS for t in tokens)
    name_script = _is_name_script(surface)
    latin = any(c.isascii() and c.isalpha() for c in surface)
    if role is not None and (ene == "Person" or name_script or personal):
        coarse, ene = "PERSON", "Person"
    elif role is not None and coarse == "OTHER":
        return None  # a title or position with no name in it: 国防長官, 上級職員
    else:
        role = None if coarse != "PERSON" else role
    if cut and not proper:
        return None  # what is left beside a known name is a common noun: 政権, 加盟国, 駐留軍
    if not _plausible_latin_name(surface):
        return None  # GiNZA on English sentences: "against one", "Charter of"
    # GiNZA's label against Sudachi's word classes (WAC train): a "person" with no personal-name
    # word and no title is a place when its words are place names (飛鳥, タシケント: 79 of 139
    # LOCATION) and otherwise a common noun (フルート, ジェンダー, アセット: none of 182 a person);
    # place-name words under any other label are places too (清, 長安, 満州国: 39 of 61 OTHER).
    if coarse == "PERSON" and role is None and not personal:
        if not place_only:
            return None
        coarse, ene = "GPE", DEFAULT_ENE["GPE"]
    elif coarse not in _PLACE_LABELS and coarse != "PERSON" and place_only and not personal:
        coarse, ene = "GPE", DEFAULT_ENE["GPE"]
    # the head word names the kind whatever GiNZA said: ノーベル文学賞 and ピューリッツァー賞 are
    # awards, JR会社法 and 北アイルランド法 statutes (IREX ARTIFACT), not organisations
    if coarse in ("ORG", "OTHER", "EVENT", "PERSON") and len(surface) > 2 and (proper or name_script or latin):
        if surface.endswith("賞"):
            coarse, ene, role = "PRODUCT", "Award", None
        elif _LAW_HEAD.search(surface) and not surface.endswith(("令", "律")):
            coarse, ene, role = "LAW", "Law", None
    latin_only = latin and _LATIN_ONLY.fullmatch(surface) is not None
    if not proper and not latin_only:
        # Spans of common nouns only are kinds of things (頭脳流出 Offense, 首都 City, 防衛費 Product,
        # 核兵器 Weapon, AM放送), katakana loanwords too (アセット, フルート), except places Sudachi
        # does not know (ファドゥーツ). Organisations need an organisation head (文部省, 国語審議会),
        # statutes a statute head (道路法; not 安全保障政策, エステル結合).
        if coarse == "ORG" and _ORG_HEAD.search(surface) is None and _ORG_FORM.match(surface) is None \
                and not (name_script and "・" in surface):
            return None
        if coarse == "LAW" and _LAW_HEAD.search(surface) is None:
            return None
        if coarse in COMMON_NOUN_NOT_NAME and not (coarse in ("GPE", "LOC") and _is_name_script(_PLACE_SUFFIX_END.sub("", surface))):
            return None
    if coarse == "PRODUCT" and latin_only and _ACRONYM.fullmatch(surface):
        return None  # PDF, API, SNS, GDP: GiNZA's products among acronyms are mostly not names
    return Mention(start, end, surface, coarse, ene, role, "ginza", f"{coarse}:{katakana_key(surface)}")
