"""Named-entity mentions from GiNZA, the gazetteer and a few rules for news text.

GiNZA's statistical NER is kept for names the gazetteer does not know, but on news it labels
known referents erratically (NATO as Country, Company, Person or Game; グリーンランド as Flora)
and glues names to titles (ルッテ事務総長 as Position_Vocation). So every source proposes
candidate spans -- names found by their form, gazetteer names, known names made longer by a
rule (イタリア半島, 兵庫県警, 米軍), GiNZA's spans, single-character country forms (米 in 日米,
対米), Sudachi's personal-name words -- and `settle_spans` alone decides between overlapping ones:
the longest wins, then the source order of CANDIDATE_ORIGINS. A GiNZA span is dropped or cut
only on evidence about its own words (a common noun, a title, a particle; _rest_is_not_a_name),
never because a gazetteer name is part of it: 大阪証券取引所 stays one organisation, with the
place it is named after kept as a link (`Mention.links`), not as a mention. Titles and honorifics
around a person's name go to `role` (山田|被告, 佐藤|前社長), and numeric ENE labels are left to
the claims parser.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.analysis.chars import KANJI, KATAKANA_LETTERS, is_kanji, is_katakana, is_katakana_letter
from pipeline.analysis.entities.gazetteer import Gazetteer, GazetteerEntry, katakana_key
from pipeline.analysis.entities.outlets import is_time_zone
from pipeline.analysis.rules import Pattern, Rule
from pipeline.analysis.wordlists import WordListError, read_rows

# GiNZA spans of these labels made only of common nouns in kanji or kana are kinds of things,
# not names (首都 City, 帽子 Clothing, 槍 Weapon, カエル is kept out by being OTHER): measured on
# the WAC train split, dropping them raises precision at no recall cost. ORG is not in the list:
# many organisation names are common nouns to Sudachi.
COMMON_NOUN_NOT_NAME = frozenset({"OTHER", "GPE", "LOC", "FAC", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# GiNZA's labels of sports teams, which are often written as their city (阪神, 横浜) and stay teams
_TEAM_ENE = frozenset({"Sports_Organization", "Sports_Organization_Other", "Sports_Team", "Pro_Sports_Organization", "Sports_League"})
# labels whose common-noun spans are still names when they are written in katakana or Latin (see
# _mention_from_piece): facilities (レゴランド) and titles of works (週刊少年ジャンプ, ドラゴンボール改), whose
# words are common nouns as titles are phrases; products only when they are vehicles (ENE Car, Ship,
# Spaceship) wholly in katakana or Latin (スカイラブ, not 高速バス), as GiNZA's other products in katakana
# are mostly kinds (コーヒー, ユニフォーム: WAC dev+test, none a name)
_FOREIGN_NAMED_LABELS = frozenset({"FAC", "WORK_OF_ART"})
_COMPANY_LABELS = frozenset({"PRODUCT", "OTHER", "WORK_OF_ART", "FAC", "PERSON", "EVENT"})  # GiNZA labels a company's name is retyped from
_VEHICLE_ENE = frozenset({"Vehicle", "Vehicle_Other", "Car", "Train", "Aircraft", "Spaceship", "Ship"})
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
_ENTITY_WORDS = read_rows("entity_words.tsv", ("word", "role"), ("regex", "ene"))
_ENTITY_WORD_ROLES = ("abbr_head", "name_suffix", "name_suffix_exact", "latin_function_word", "place_trailer",
                      "not_in_org_name", "place_suffix_token", "org_head", "org_head_after_place", "org_head_after_person", "not_name_head", "event_trailer", "abbr_org_head",
                       "person_trailer", "org_form", "company_head", "law_head", "facility_head", "event_head")
_unknown = {row["role"] for row in _ENTITY_WORDS} - set(_ENTITY_WORD_ROLES)
if _unknown:
    raise WordListError(f"entity_words.tsv: unknown roles {sorted(_unknown)}; expected {', '.join(_ENTITY_WORD_ROLES)}")


# The ENE label of an organisation a rule makes with a head (entity_words.tsv, column ene): 米軍 Military.
_ORG_HEAD_ENE = {row["word"]: row["ene"] for row in _ENTITY_WORDS if row["ene"]}
_unknown = set(_ORG_HEAD_ENE.values()) - {row["ene"] for row in _ENE_LABELS}
if _unknown:
    raise WordListError(f"entity_words.tsv: ene labels {sorted(_unknown)} are not in ene_labels.tsv")


def _organisation_ene(surface: str) -> str:
    """The ENE label of a rule-made organisation, from the longest head it ends in (日本政府 Government)."""
    heads = [w for w in _ORG_HEAD_ENE if surface.endswith(w)]
    return _ORG_HEAD_ENE[max(heads, key=lambda w: (len(w), w))] if heads else DEFAULT_ENE["ORG"]


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
    # keys of the known names inside the mention that are not mentions of their own: the place an
    # organisation is named after (大阪 in 大阪証券取引所, 米 in 米軍), in text order
    links: tuple[str, ...] = ()


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
    titles: tuple[str, ...]  # every title, person titles included
    person_titles: tuple[str, ...]
    honorifics: tuple[str, ...]
    domains: tuple[str, ...]
    prefixes: tuple[str, ...]


_ROLE_KINDS = ("title", "person_title", "honorific", "domain", "prefix")


def load_roles(path: Path | str = "roles.tsv") -> Roles:
    kinds: dict[str, list[str]] = {k: [] for k in _ROLE_KINDS}
    for row in read_rows(path, ("form", "kind")):
        if row["kind"] not in kinds:
            raise WordListError(f"roles.tsv: form {row['form']!r} has kind {row['kind']!r}; expected one of {', '.join(_ROLE_KINDS)}")
        kinds[row["kind"]].append(row["form"])
    kinds["title"] += kinds["person_title"]
    return Roles(*(tuple(sorted(set(kinds[k]), key=lambda s: (-len(s), s))) for k in _ROLE_KINDS))


def _alternation(forms: tuple[str, ...]) -> str:
    return "|".join(re.escape(f) for f in forms)


@dataclass(frozen=True)
class _RolePatterns:
    role: Pattern  # title with its domain (国防長官, 防衛副大臣)
    prefixed_role: Pattern  # the same with prefixes (前社長, 元建築士): only from a word start
    role_at_end: Pattern
    person_role: Pattern
    honorific: Pattern
    prefix: Pattern


_ROLE_FORMS = load_roles()
_ROLE_TITLE_REGEX = f"(?:{_alternation(_ROLE_FORMS.domains)})*(?:{_alternation(_ROLE_FORMS.titles)})"
_ROLE_PREFIX_REGEX = f"(?:{_alternation(_ROLE_FORMS.prefixes)})"
_ROLE_TITLE = Pattern(
    "entity_role_title",
    _ROLE_TITLE_REGEX,
    why="a title of roles.tsv with its domains (国防長官, 防衛副大臣): split off a person's name into its role",
    matches=(("ルッテ事務総長が会見した", "事務総長"), ("ヘグセス国防長官", "国防長官"), ("香川防衛副大臣", "防衛副大臣"), ("山田被告は", "被告")),
    rejects=("防衛費の増額", "国防の強化"),
)
_ROLE_PREFIXED_TITLE = Pattern(
    "entity_role_prefixed_title",
    f"{_ROLE_PREFIX_REGEX}*{_ROLE_TITLE_REGEX}",
    why="a title with the prefixes before it (前社長, 元建築士, 元被告): the role of the name before it, counted only from a word start (山元社長 is 山元 + 社長)",
    matches=(("佐藤前社長は", "前社長"), ("山田元建築士", "元建築士"), ("鈴木容疑者", "容疑者")),
    rejects=("前向きな社風",),
)
_ROLE_TITLE_AT_END = Pattern(
    "entity_role_title_at_end",
    f"{_ROLE_TITLE_REGEX}$",
    why="a title right before a name (元NATO事務総長|ラスムセン): matched on the text before it",
    matches=(("元NATO事務総長", "事務総長"), ("アメリカ国防長官", "国防長官")),
    rejects=("事務総長が訪日",),
)
_ROLE_PERSON = Pattern(
    "entity_role_person_title",
    f"{_ROLE_PREFIX_REGEX}*(?:{_alternation(_ROLE_FORMS.person_titles)})",
    why="a title only a person's name stands before (被告, 容疑者, 前社長; roles.tsv person_title): the name before it is a PERSON",
    matches=(("長野容疑者は", "容疑者"), ("佐藤前社長", "前社長")),
    rejects=("大阪府知事", "日本代表"),
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
    f"^{_ROLE_PREFIX_REGEX}+",
    why="prefixes of roles.tsv at the start of a name or title (元NATO, 前首相): dropped from the name",
    matches=(("元事務総長", "元"), ("前首相", "前")),
    rejects=("首相の元側近",),
)
_ROLES = _RolePatterns(role=_ROLE_TITLE, prefixed_role=_ROLE_PREFIXED_TITLE, role_at_end=_ROLE_TITLE_AT_END,
                       person_role=_ROLE_PERSON, honorific=_ROLE_HONORIFIC, prefix=_ROLE_PREFIX)

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
_ABBR_ORG_HEAD = Pattern(
    "entity_abbr_org_head",
    _word_alternatives("abbr_org_head"),
    why="a head after a country form that makes one organisation of the two (米軍, 米海軍, 英政府); matched right after it",
    matches=(("米軍は欧州で", "軍"), ("米海軍の艦艇", "海軍"), ("英政府高官", "政府")),
    rejects=("軍人の数", "軍事費"),
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
_BATTLE = Pattern(
    "entity_battle_name",
    f"((?P<place>[{KANJI}{KATAKANA_LETTERS}ヶ・ー]{{2,}})の(?:戦い|合戦|役|乱|変|陣))(?![{KANJI}])",
    why="a place or era, の and a word for a battle or uprising is the name of that event (長篠の戦い, 応仁の乱); group 1 (group `place`, before の, must hold a proper noun)",
    matches=(("長篠の戦いで敗れた", "長篠の戦い"), ("文禄・慶長の役では", "文禄・慶長の役"), ("本能寺の変の後", "本能寺の変")),
    rejects=("社長の役割", "その戦い", "市の変更"),  # 最後の戦い matches: the words before の hold no proper noun (_rule_spans)
)
_TIME_ZONE_AFTER = Pattern(
    "entity_time_zone_after_place",
    r"(?:東部|中部|西部|太平洋|山岳)?(?:標準|夏)?時間(?![帯枠])",
    why="after a place, a clock (日本時間, ニューヨーク東部時間, 英国夏時間): the place names a time zone, not a mention",
    matches=(("時間14日午後6時", "時間"), ("東部時間", "東部時間"), ("標準時間の", "標準時間")),
    rejects=("時間帯", "時刻表"),
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
    matches=(("国語審議会", "審議会"), ("文部省", "省"), ("国際サッカー連盟", "連盟"), ("ウィーン三重奏団", "団"), ("横浜FC", "FC")),
    rejects=("全国大会", "社会", "内閣", "抗議の集団", "師団", "博覧会"),
)
_ORG_HEAD_AFTER_PLACE = Pattern(
    "entity_org_head_after_place",
    f"(?:{_word_alternatives('org_head_after_place')})$",
    why="a head that makes an organisation of the known place before it (日本|政府, 兵庫県|警, 大阪|地検|特捜部); alone a common noun",
    matches=(("日本政府", "政府"), ("兵庫県警", "県警"), ("大阪地検特捜部", "特捜部"), ("大阪証券取引所", "証券取引所")),
    rejects=("政府関係者", "警察官"),
)
_CLUB_AFTER_NAME = Pattern(
    "entity_club_after_name",
    r"[(（]＿[)）]",
    why="a known place alone in brackets (fullmatch of the characters around it): after a player's name, his club (田中(横浜))",
    matches=("(＿)", "（＿）"),
    rejects=("(＿、", "＿)"),
)
_ORG_HEAD_AFTER_PERSON = Pattern(
    "entity_org_head_after_person",
    f"(?:{_word_alternatives('org_head_after_person')})$",
    why="a head that makes an organisation of the person before it: トランプ|政権, 岸|内閣",
    matches=(("トランプ政権", "政権"), ("池田内閣", "内閣")),
    rejects=("政権交代",),
)
_NOT_NAME_HEADS = frozenset(_words("not_name_head"))
_EVENT_TRAILER = Pattern(
    "entity_event_trailer",
    f"(?:{_word_alternatives('event_trailer')})$",
    why="a time word at the end of an event span (第二次世界大戦|後, 開戦|前): when, not the event's name",
    matches=(("第二次世界大戦後", "後"), ("第二次大戦前", "前"), ("第二次世界大戦開戦後", "開戦後")),
    rejects=("ベトナム戦争", "前夜祭"),
)
_NUMBERING_PREFIXES = frozenset({"第", "全"})  # 第25回|衆議院議員総選挙, 全|日本選手権: part of an event's name
# GiNZA labels under which a span with a known name inside is kept whole unless the rest says otherwise
# (_rest_is_not_a_name): names of organisations, events, facilities, products and works are often a
# place and more (大阪証券取引所, ベトナム戦争, パナマ運河). Places keep the stricter test of
# _forms_longer_name (IREX place boundaries: 関東|地方).
_KEEP_WHOLE_LABELS = frozenset({"ORG", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "PERSON"})
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
    why="a legal form (or 劇団) at the start of a span makes it an organisation name (株式会社文藝春秋, 劇団四季)",
    matches=(("株式会社文藝春秋", "株式会社"), ("公益財団法人日本相撲協会", "公益財団法人"), ("NPO法人の代表", "NPO法人"), ("劇団四季", "劇団")),
    rejects=("法人税の改正", "会社員"),
)
_COMPANY_HEAD = Pattern(
    "entity_company_head",
    f"(?<=.)(?:{_word_alternatives('company_head')})$",
    why="a company's head after a name GiNZA typed as a product, a facility or a person (カンタス|航空, 住友|化学): a company",
    matches=(("カンタス航空", "航空"), ("住友化学", "化学"), ("北星鉛筆株式会社", "株式会社"), ("ギブソン・ギター・コーポレーション", "コーポレーション")),
    rejects=("航空", "航空機", "化学式", "株式会社文藝春秋"),
)
# A foreign place name and a place word: アムステル川, マゾフシェ県, コーン諸島, アイリッシュ海.
_PLACE_SUFFIX_END = Pattern(
    "entity_place_word_end",
    "(?:川|河|海|湖|山|山脈|島|諸島|半島|湾|県|州|省|市|区|郡|町|村|港|岬|峡|高原|平原|盆地|砂漠)$",
    why="a place word at the end of a span: what is before it, in katakana or Latin, is a foreign place name",
    matches=(("アムステル川", "川"), ("コーン諸島", "諸島"), ("マゾフシェ県", "県")),
    rejects=("アムステルダム", "川沿い"),
)
_FACILITY_HEAD = Pattern(
    "entity_facility_head",
    f"(?:{_word_alternatives('facility_head')})$",
    why="the head a facility name ends in (美術館, 図書館, 神社): after a known place, the rest is a name with it (岡山県|立美術館)",
    matches=(("岡山県立美術館", "美術館"), ("国立国会図書館", "図書館"), ("大阪城", "城")),
    rejects=("美術館の前", "城下町"),
)
_EVENT_HEAD = Pattern(
    "entity_event_head",
    f"(?:{_word_alternatives('event_head')})$",
    why="the head an event name ends in (博覧会, 選手権, 映画祭): a GiNZA span ending in one is an EVENT, and keeps the place inside it (パリ|万国博覧会)",
    matches=(("パリ万国博覧会", "博覧会"), ("世界水泳選手権", "選手権"), ("ベルリン国際映画祭", "映画祭")),
    rejects=("日本相撲協会", "博覧会場"),
)
_LAW_HEAD = Pattern(
    "entity_law_head",
    f"(?:{_word_alternatives('law_head')})$",
    why="the head a statute or treaty name ends in (道路法, 国連憲章): a name ending in one is a LAW",
    matches=(("道路法", "法"), ("国連憲章", "憲章"), ("下関条約", "条約")),
    rejects=("法案", "憲法改正"),
)
_PRODUCT_NAME_SHAPE = Pattern(
    "entity_product_name_shape",
    f"[{KATAKANA_LETTERS}A-Za-z][^\\s]*[\\s・][{KATAKANA_LETTERS}A-Za-z]|[{KATAKANA_LETTERS}ーA-Za-z]+\\d|[{KATAKANA_LETTERS}ー]+[A-Za-z]|[A-Za-z]+[{KATAKANA_LETTERS}]",
    why="the shape of a product name, not of a loanword: words apart (キングダム ハーツ, クール・ジョア), a model number (ケストレル1300) or mixed scripts (ミクロイドS)",
    matches=(("キングダム ハーツ シリーズ", "キングダム ハ"), ("ライレー・ケストレル1300", "ライレー・ケ"), "ミクロイドS"),
    rejects=("フルート", "アセット", "核兵器"),
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
_BRACKETED_READING = Pattern(
    "entity_bracketed_reading",
    r"[(（][\u3041-\u309fー・\s]+[)）]",
    why="a hiragana reading in brackets (岡田彰布(あきのぶ)氏): cut off the name at its end, stepped over to the title after it",
    matches=(("岡田彰布(あきのぶ)", "(あきのぶ)"),),
    rejects=("ヘリオス航空(キプロス)", "岡田彰布"),
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
    f"[{KATAKANA_LETTERS}ー]+(?:[・＝=](?:[A-Z]\\.?[・＝=])?[{KATAKANA_LETTERS}ー]+)*",
    why="a foreign name as one katakana run, its parts joined by ・ or ＝, a middle initial among them (リヒャルト・シュトラウス, ジョン・F・ケネディ)",
    matches=(("作曲家リヒャルト・シュトラウスの", "リヒャルト・シュトラウス"), ("ジャン＝ポール", "ジャン＝ポール"), ("ジョン・F・ケネディ大統領", "ジョン・F・ケネディ")),
    rejects=("東京と大阪",),
)
_NAME_JOINERS = frozenset("・＝=")
_NOT_GIVEN_NAMES = frozenset({"等"})  # 吉村|等 ("Yoshimura and others"): Sudachi reads 等 as a given name
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
    while True:
        before = (start, end)
        while start < end and text[start] in _PUNCT_EDGES:
            start += 1
        while end > start and text[end - 1] in _PUNCT_EDGES:
            end -= 1
        start, end = _balanced_brackets(text, start, end)
        reading = _BRACKETED_READING.search(text, start, end)
        if reading is not None and reading.end() == end and reading.start() > start:
            end = reading.start()  # 岡田彰布(あきのぶ): the reading is not part of the name
        if (start, end) == before:
            return start, end


_BRACKET_PAIRS = {"(": ")", "（": "）", "「": "」", "『": "』", "[": "]", "［": "］", "【": "】", "〈": "〉", "《": "》"}
_CLOSING_BRACKETS = frozenset(_BRACKET_PAIRS.values())


def _balanced_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """A name closes the brackets it opens: a span that opens one and does not close it (GiNZA's
    ヘリオス航空(キプロス) with its closing bracket stripped as an edge) ends before it (ヘリオス航空:
    the bracketed qualifier is not part of the name); one that closes a bracket it did not open
    starts after it."""
    opened: list[int] = []
    for k in range(start, end):
        c = text[k]
        if c in _BRACKET_PAIRS:
            opened.append(k)
        elif c in _CLOSING_BRACKETS:
            if opened and _BRACKET_PAIRS[text[opened[-1]]] == c:
                opened.pop()
            else:
                start, opened = k + 1, []
    return start, (opened[0] if opened else end)


def _role_after(text: str, end: int, doc_token_starts: set[int], doc_token_ends: set[int], country_at: dict[int, int]) -> str | None:
    """A title right after a name (ルッテ事務総長), perhaps behind a country (トランプ米大統領), or an honorific token (山本氏)."""
    reading = _BRACKETED_READING.match(text, end)
    end = reading.end() if reading is not None else end
    pos = country_at.get(end, end)
    m = _ROLES.role.match(text, pos) or (pos in doc_token_starts and _ROLES.prefixed_role.match(text, pos))
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


# Where candidates come from, in the order that settles a tie between two overlapping candidates
# of the same length (see settle_spans): a name found by its form, then a known name made longer
# by a rule, then the gazetteer, then GiNZA, then one-character country forms, then Sudachi's
# personal-name words.
CANDIDATE_ORIGINS = (
    "form",          # 『titles』, ship names, statutes, numbered roads (_rule_spans)
    "place_name",    # a known place and a suffix that makes a new place of it: イタリア|半島, フランス|領ギアナ
    "organisation",  # a known name and an organisation head after it: アメリカ|航空宇宙局, 兵庫県|警
    "gazetteer",     # a known name: the gazetteer's character scan, or its entity ruler
    "ginza",         # GiNZA's statistical span, whole or what is left of it beside known names
    "abbreviation",  # a one-character country form in a compound: 日|米, 対|米, 米|軍
    "name_run",      # personal-name words Sudachi knows that GiNZA's NER left out: 豊臣秀吉
)
_ORIGIN_RANK = {origin: rank for rank, origin in enumerate(CANDIDATE_ORIGINS)}
# Origins whose candidates name a known referent: when a longer candidate wins over one of them,
# the winner keeps its key as a link (大阪証券取引所 -> 大阪).
_LINKED_ORIGINS = frozenset({"place_name", "gazetteer", "abbreviation"})


@dataclass(frozen=True)
class Candidate:
    """A possible mention from one source, before overlaps are settled."""
    mention: Mention
    origin: str

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end


def settle_spans(candidates: list[Candidate], parts: list[Candidate] = ()) -> list[Mention]:
    """The mentions of a unit: of candidates that overlap, one wins, as in spaCy's filter_spans.

    The longest candidate wins; between candidates of the same length, the origin earlier in
    CANDIDATE_ORIGINS, then the leftmost. A candidate that overlaps a winner is dropped. A winner
    keeps, in `links`, the keys of the known names it covers (大阪証券取引所 covers 大阪, 兵庫県警
    covers 兵庫県): the place an organisation is named after is a link, not a mention of its own.
    `parts` are known names already found to be part of a longer name (日本 in 全日本選手権): they
    are never mentions, only links of what covers them. A winner from another origin over GiNZA's
    span of the same words takes GiNZA's finer ENE label (GINZA_ENE_ON_SAME_SPAN).
    """
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), _ORIGIN_RANK[c.origin], c.start, c.end, c.mention.label, c.mention.key))
    taken = [False] * (max((c.end for c in candidates), default=0))
    winners: list[Candidate] = []
    for c in ordered:
        if c.start < c.end and not any(taken[c.start:c.end]):
            winners.append(c)
            for k in range(c.start, c.end):
                taken[k] = True
    mentions = []
    for w in winners:
        finer = _finer_ene(w, [c for c in candidates if (c.start, c.end) == (w.start, w.end) and c is not w])
        if finer is not None:
            w = dataclasses.replace(w, mention=dataclasses.replace(w.mention, label_ene=finer))
        links = tuple(dict.fromkeys(
            c.mention.key for c in sorted([*candidates, *parts], key=lambda c: (c.start, c.end))
            if c.origin in _LINKED_ORIGINS and c is not w and w.start <= c.start and c.end <= w.end and c.mention.key != w.mention.key
        ))
        mentions.append(dataclasses.replace(w.mention, links=links) if links else w.mention)
    return sorted(mentions, key=lambda m: (m.start, m.end, m.label))


def _finer_ene_of(pair: tuple[tuple[str, str | None], tuple[str, str | None, str]]) -> str | None:
    """(winner's coarse label and ENE label, (coarse, ENE, origin) of a candidate of the same span) ->
    the ENE label the winner takes from it, or None."""
    (coarse, ene), (other_coarse, other_ene, other_origin) = pair
    if other_origin != "ginza" or other_coarse != coarse or other_ene is None or ene == other_ene:
        return None
    return other_ene if ene in (None, DEFAULT_ENE.get(coarse)) else None


GINZA_ENE_ON_SAME_SPAN = Rule(
    "entity_ginza_ene_on_same_span",
    "a rule-made or known name that wins over GiNZA's span of the same words and coarse label keeps GiNZA's finer "
    "ENE label where its own is only the coarse label's default: 日本|協会 made by a head (Organization_Other) "
    "is the Corporation_Other GiNZA tagged; a head's own ENE label (米軍 Military) stays",
    check=_finer_ene_of,
    examples=((( ("ORG", "Organization_Other"), ("ORG", "Corporation_Other", "ginza")), "Corporation_Other"),
              ((("ORG", "Military"), ("ORG", "Company", "ginza")), None),
              ((("ORG", "Organization_Other"), ("GPE", "City", "ginza")), None),
              ((("ORG", "Organization_Other"), ("ORG", "Company", "gazetteer")), None)),
)


def _finer_ene(winner: Candidate, same_span: list[Candidate]) -> str | None:
    """GiNZA's finer ENE label for a winner from another origin (GINZA_ENE_ON_SAME_SPAN), or None."""
    if winner.origin == "ginza":
        return None
    for c in same_span:
        finer = GINZA_ENE_ON_SAME_SPAN(((winner.mention.label, winner.mention.label_ene), (c.mention.label, c.mention.label_ene, c.origin)))
        if finer is not None:
            return finer
    return None


def _mask(spans, length: int) -> list[bool]:
    """Characters inside any of the (start, end) spans."""
    mask = [False] * length
    for start, end in spans:
        for k in range(start, end):
            mask[k] = True
    return mask


def mentions_in_doc(doc: Doc, gazetteer: Gazetteer) -> list[Mention]:
    """Entity mentions of one analysed unit, offsets into doc.text, sorted by position.

    Every source proposes candidates (_form_candidates, _known_candidates, _ginza_candidates,
    _organisation_candidates, _abbreviation_candidates, _name_run_candidates); settle_spans
    decides between overlapping ones; then adjacent places join into addresses and a dotted
    foreign name cut by GiNZA is joined again.
    """
    text = doc.text
    statistical = doc.spans[NER_SPANS] if NER_SPANS in doc.spans else [e for e in doc.ents if not e.ent_id_]
    statistical = [e for e in statistical if coarse_label(e.label_) is not None]
    token_starts = {t.idx for t in doc}
    token_ends = {t.idx + len(t.text) for t in doc}

    forms = _form_candidates(doc, text)
    known = _known_candidates(doc, text, gazetteer, statistical)
    known_names = [c for c in known if c.origin == "gazetteer"]
    # GiNZA spans that hold as one name with the known names inside them: 日本電気, モンゴル高原
    whole = [(e.start_char, e.end_char) for e in statistical if _holds_known_names(doc, text, e, known_names)]
    def in_whole(c: Candidate) -> bool:  # a known name inside a GiNZA span that holds: a link, not a mention
        return c.origin in ("gazetteer", "abbreviation") and any(s <= c.start and c.end <= e for s, e in whole)

    # an organisation head after a known name makes an organisation even inside a GiNZA span that holds
    # (トランプ政権 tagged as a product): the other spans block it
    # and after a person GiNZA found (麻生|内閣, named after a leader no list knows)
    persons = [_candidate(e.start_char, e.end_char, text, "PERSON", e.label_, "ginza", "ginza") for e in statistical
               if coarse_label(e.label_) == "PERSON"]
    organisations = _organisation_candidates(doc, text, known_names + persons, [(c.start, c.end) for c in forms + known], whole)
    blocked = _mask([(c.start, c.end) for c in forms + known + organisations] + whole, len(text))
    abbreviations = _abbreviation_candidates(text, blocked, gazetteer)
    # a one-character country form is a known name too: a GiNZA span holds with one as with any other
    # (全米不動産協会, 全米女子オープン), on the same evidence (_holds_known_names), and it becomes its link;
    # not with a run of them (米露|会談, 日米|同盟: the countries of a relation), nor as a place (全|米 is the US)
    forms_inside = [c for c in abbreviations if c.origin == "abbreviation"]
    whole += [(e.start_char, e.end_char) for e in statistical if (e.start_char, e.end_char) not in whole
              and coarse_label(e.label_) not in ("GPE", "LOC")
              and sum(e.start_char <= c.start and c.end <= e.end_char for c in forms_inside) == 1
              and _holds_known_names(doc, text, e, known_names + forms_inside)]
    inside_whole = [c for c in known_names + forms_inside if in_whole(c)]
    # where a country form ends, the title behind it starts: トランプ|米|大統領
    country_at = {c.start: c.end for c in known_names + abbreviations if c.mention.label == "GPE" and not in_whole(c)}
    known = [_with_person_role(doc, c, text, token_starts, token_ends, country_at) for c in known]
    anchors = _mask([(c.start, c.end) for c in forms + known + organisations + abbreviations if not in_whole(c)], len(text))
    ginza = _ginza_candidates(doc, text, gazetteer, statistical, set(whole), anchors, token_starts, token_ends, country_at)
    taken = _mask([(c.start, c.end) for c in forms + known + organisations + abbreviations + ginza if not in_whole(c)]
                  + whole, len(text))
    runs = _name_run_candidates(doc, text, taken, token_starts, token_ends, country_at)
    candidates = [c for c in forms + known + organisations + abbreviations + ginza + runs if not in_whole(c)]
    mentions = settle_spans(candidates, parts=inside_whole)
    # 日本時間14日: a place before a clock names a time zone, not a place the story is about
    # (and UTC, GMT, 日本時間 themselves are labels of clocks, whatever GiNZA typed them as)
    mentions = [m for m in mentions if not (m.label in ("GPE", "LOC") and _TIME_ZONE_AFTER.match(text, m.end)) and not is_time_zone(m.text)]
    mentions = _joined_family_and_given_names(doc, text, _joined_addresses(text, mentions), token_starts, token_ends)
    return _joined_clubs(text, _joined_person_names(text, mentions))


def _candidate(start: int, end: int, text: str, label: str, ene: str | None, source: str, origin: str,
               key: str | None = None, role: str | None = None) -> Candidate:
    surface = text[start:end]
    return Candidate(Mention(start, end, surface, label, ene, role, source, key or f"{label}:{katakana_key(surface)}"), origin)


def _form_candidates(doc: Doc, text: str) -> list[Candidate]:
    """Names found by their form: ships, 『titles』, statutes, numbered roads."""
    return [_candidate(start, end, text, label, ene, "rule", "form") for start, end, label, ene in _rule_spans(doc, text)]


def _known_candidates(doc: Doc, text: str, gazetteer: Gazetteer, statistical: list) -> list[Candidate]:
    """Gazetteer names in the text (the character scan, then ruler spans it missed), and known places
    made longer by a place suffix (イタリア半島, パナマ共和国, フランス領ギアナ)."""
    found: list[Candidate] = []
    for m in gazetteer.find(text):
        if _cuts_tagged_name(doc, statistical, m.start, m.end):
            continue
        longer = (_PLACE_NAME_SUFFIX.match(text, m.end) or _DEPENDENCY.match(text, m.end)) if m.entry.label in ("GPE", "LOC") else None
        if longer is not None:
            label = "GPE" if longer.group(0) in _STATE_SUFFIXES or longer.re is _DEPENDENCY.compiled else "LOC"
            prefixed = m.start > 0 and text[m.start - 1] in _DIRECTION_PREFIXES and not (m.start > 1 and is_kanji(text[m.start - 2]))
            start = m.start - 1 if prefixed else m.start
            found.append(_candidate(start, longer.end(), text, label, DEFAULT_ENE[label], "rule", "place_name"))
            continue
        found.append(_candidate(m.start, m.end, text, m.entry.label, m.entry.ene or DEFAULT_ENE[m.entry.label], "gazetteer", "gazetteer", m.entry.key))
    scanned = _mask([(c.start, c.end) for c in found], len(text))
    for ent in doc.ents:
        # ruler spans the character scan missed (it works on tokens, the scan on characters)
        entry = gazetteer.get(ent.ent_id_) if ent.ent_id_ else None
        if entry is not None and not any(scanned[ent.start_char:ent.end_char]) and not _inside_katakana_run(text, ent.start_char, ent.end_char):
            found.append(_candidate(ent.start_char, ent.end_char, text, entry.label, entry.ene or DEFAULT_ENE[entry.label], "gazetteer", "gazetteer", entry.key))
    return found


def _club_context(text: str, start: int, end: int) -> str:
    """The characters around a known place: the one before and the one after it (for _CLUB_AFTER_NAME)."""
    return (text[start - 1] if start > 0 else "") + "＿" + (text[end] if end < len(text) else "")


def _person_ends_at(doc: Doc, end: int) -> bool:
    """Whether a personal-name word (Sudachi) or a GiNZA person ends right at `end`."""
    span = doc.char_span(end - 1, end, alignment_mode="expand") if end > 0 else None
    if span is None or span.end_char != end:
        return False
    last = span[-1]
    return "人名" in last.tag_ or any(e.end_char == end and coarse_label(e.label_) == "PERSON" for e in doc.spans.get(NER_SPANS, doc.ents))


def _with_person_role(doc: Doc, c: Candidate, text: str, token_starts: set[int], token_ends: set[int], country_at: dict[int, int]) -> Candidate:
    """A known person's title or honorific, after the name (ルッテ事務総長) or before it (元NATO事務総長ラスムセン);
    a known place right before a person's title (長野|容疑者) or an honorific is a person of that name, not the place."""
    if c.origin != "gazetteer":
        return c
    if c.mention.label in ("GPE", "LOC") and _CLUB_AFTER_NAME.fullmatch(_club_context(text, c.start, c.end)) and _person_ends_at(doc, c.start - 1):
        # 田中(横浜): the club of a player in a sports result, not the city; left unlinked
        return _candidate(c.start, c.end, text, "ORG", "Sports_Organization_Other", "rule", "gazetteer")
    if c.mention.label in ("GPE", "LOC"):
        role = _role_after(text, c.end, token_starts, token_ends, {})
        if role is None or not (_ROLES.person_role.fullmatch(role) or _ROLES.honorific.fullmatch(role)):
            return c
        return _candidate(c.start, c.end, text, "PERSON", "Person", "rule", "gazetteer", role=role)
    if c.mention.label != "PERSON":
        return c
    role = _role_after(text, c.end, token_starts, token_ends, country_at) or _role_before(text, c.start)
    return dataclasses.replace(c, mention=dataclasses.replace(c.mention, role=role)) if role else c


def _holds_known_names(doc: Doc, text: str, ent, known: list[Candidate]) -> bool:
    """Whether a GiNZA span with known names inside is one longer name: モンゴル高原, 日本電気 (a suffix
    or head that makes a name), or a name of another kind with nothing against it (大阪証券取引所,
    ベトナム戦争, 奈良竜樹): GiNZA's span is not dropped because a known name is part of it."""
    inside = [(c.start, c.end) for c in known if ent.start_char <= c.start and c.end <= ent.end_char]
    if not inside:
        return False
    coarse = coarse_label(ent.label_)
    if _forms_longer_name(text, ent.start_char, ent.end_char, inside, coarse):
        return True
    return coarse in _KEEP_WHOLE_LABELS and not _rest_is_not_a_name(doc, text, ent.start_char, ent.end_char, inside, coarse)


def _rest_is_not_a_name(doc: Doc, text: str, start: int, end: int, inside: list[tuple[int, int]], coarse: str) -> bool:
    """The evidence that a GiNZA span is a known name and words about it rather than one longer name:
    nothing but known names (日米, フランス・ドイツ), a title (トランプ大統領, 元NATO事務総長ラスムセン),
    a particle or verb (国際連合の), a reading (ドイツさいとういつ), a common noun before the known
    name (通称ギニアビサウ, 近代日本), a place part (中国東北部) or a descriptive head (日本史, TBS系列)
    after it; for an organisation, no head and no other name word (日本武術: 日本|電気 has a head,
    京都サンガ another name word); for a person, no personal-name word (大阪府知事)."""
    start, end = _strip_edges(text, start, end)
    mask = _mask(inside, len(text))
    rest = "".join(text[k] for k in range(start, end) if not mask[k] and text[k] not in _PUNCT_EDGES)
    if not rest or _HIRAGANA_ONLY.fullmatch(rest):
        return True
    words = [t for t in _tokens_over(doc, start, end) if not all(mask[t.idx:t.idx + len(t.text)])]
    for m in _ROLES.role.finditer(text, start, end):
        # a title at the end of the span or right before a name (トランプ大統領, NATO事務総長ラスムセン),
        # not one inside a longer word (衆議院議員総選挙)
        if not any(s <= m.start() < e for s, e in inside) and (m.end() >= end or mask[m.end()] or is_katakana(text[m.end()])):
            return True
    if any(t.pos_ in _PREDICATE_POS for t in words):
        return True
    first = min(s for s, _ in inside)
    last = max(e for _, e in inside)
    tail = text[last:end]
    # a head of a name at the end (国立国会|図書館, 岡山県|立美術館): the common nouns before are part of it
    headed = bool(tail) and any(h.search(tail) is not None for h in (_ORG_HEAD, _FACILITY_HEAD, _EVENT_HEAD))
    before = [t for t in words if t.idx + len(t.text) <= first]
    if not headed and any(t.tag_.startswith(("名詞-普通名詞", "接頭辞")) and "助数詞" not in t.tag_ and t.text not in _NUMBERING_PREFIXES
           and not _NAME_PREFIXES.match(t.text) and not _ORG_FORM.match(t.text) for t in before):
        return True
    tail_words = [t for t in words if t.idx >= last]
    if tail and (tail in _NOT_NAME_HEADS or _PLACE_TRAILER.search(tail) or (tail_words and tail_words[-1].text in _NOT_NAME_HEADS)):
        return True
    other_name = any("固有名詞" in t.tag_ for t in words) or any(is_katakana(c) or (c.isascii() and c.isalpha()) for c in rest)
    if coarse == "ORG":
        return not other_name and not headed and _ORG_FORM.search(text, start, end) is None
    if coarse == "PERSON":
        return not any("人名" in t.tag_ for t in words) and not _is_name_script(rest)
    return False


def _organisation_candidates(doc: Doc, text: str, known: list[Candidate], spans: list[tuple[int, int]],
                             whole: list[tuple[int, int]]) -> list[Candidate]:
    """An organisation named after a known place or person GiNZA did not tag whole: アメリカ航空宇宙局,
    イギリス陸軍, 兵庫県警, トランプ政権."""
    found = []
    statistical = doc.spans.get(NER_SPANS, doc.ents)
    for c in known:
        if c.mention.label in ("GPE", "LOC"):
            heads = (_ORG_HEAD, _ORG_HEAD_AFTER_PLACE)
        elif c.mention.label == "PERSON":
            heads = (_ORG_HEAD_AFTER_PERSON,)
        else:
            continue
        blocked = _mask(spans + [(s, e) for s, e in whole if not (s <= c.start and c.end <= e)], len(text))
        org_end = _organisation_after_place(doc, text, c.end, blocked, heads)
        if org_end is not None:
            ene = _organisation_ene(text[c.start:org_end])
            start = _sport_before(doc, statistical, c.start, org_end) if ene in _TEAM_ENE else c.start
            found.append(_candidate(start, org_end, text, "ORG", ene, "rule", "organisation"))
    return found


def _sport_before(doc: Doc, statistical, place_start: int, org_end: int) -> int:
    """Where a national team's name starts: at its sport, when GiNZA's span covers one common noun
    before the place and the team (サッカー|日本代表 and 野球|日本代表 are two teams); else at the place."""
    for e in statistical:
        if e.end_char == org_end and e.start_char < place_start:
            before = _tokens_over(doc, e.start_char, place_start)
            if len(before) == 1 and before[0].idx == e.start_char and before[0].tag_.startswith("名詞-普通名詞"):
                return e.start_char
    return place_start


def _abbreviation_candidates(text: str, blocked: list[bool], gazetteer: Gazetteer) -> list[Candidate]:
    """One-character country forms in compounds (日米, 対米, 米大統領) where nothing longer stands, and the
    organisations they make with a head (米軍, 英政府: the country a link of the organisation)."""
    found = []
    for start, end, entry in _abbreviations(text, blocked, gazetteer.abbreviations()):
        found.append(_candidate(start, end, text, entry.label, entry.ene or DEFAULT_ENE[entry.label], "rule", "abbreviation", entry.key))
        head = _ABBR_ORG_HEAD.match(text, end) if entry.label == "GPE" else None
        if head is not None and not any(blocked[end:head.end()]):
            found.append(_candidate(start, head.end(), text, "ORG", _organisation_ene(text[start:head.end()]), "rule", "organisation"))
    return found


def _ginza_candidates(doc: Doc, text: str, gazetteer: Gazetteer, statistical: list, whole: set[tuple[int, int]], anchors: list[bool],
                      token_starts: set[int], token_ends: set[int], country_at: dict[int, int]) -> list[Candidate]:
    """GiNZA's spans, whole where they hold as one name, else the pieces of them outside known names;
    each trimmed of titles, retyped or dropped by what Sudachi says of its words (_mention_from_piece)."""
    found = []
    for ent in statistical:
        coarse = coarse_label(ent.label_)
        if (ent.start_char, ent.end_char) in whole:
            pieces, cut = [(ent.start_char, ent.end_char)], False
        else:
            pieces = _uncovered_pieces(anchors, ent.start_char, ent.end_char)
            cut = any(anchors[ent.start_char:ent.end_char])
        for start, end in pieces:
            mention = _mention_from_piece(doc, text, gazetteer, start, end, ent.label_, coarse, cut, token_starts, token_ends, country_at,
                                          holds_known=(ent.start_char, ent.end_char) in whole)
            if mention is not None and mention.source == "ginza" and (mention.start, mention.end) != (ent.start_char, ent.end_char):
                mention = dataclasses.replace(mention, source="rule")
            if mention is not None:
                found.append(Candidate(mention, "ginza"))
    return found


def _name_run_candidates(doc: Doc, text: str, taken: list[bool], token_starts: set[int], token_ends: set[int],
                         country_at: dict[int, int]) -> list[Candidate]:
    found = []
    for start, end in _personal_name_runs(doc, text, taken):
        role = _role_after(text, end, token_starts, token_ends, country_at)
        found.append(_candidate(start, end, text, "PERSON", "Person", "rule", "name_run", role=role))
    return found


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
    """Names found by their form, before the gazetteer and GiNZA: ships, 『titles』, statutes, roads and battles."""
    spans = [(m.start(1), m.end(1), "PRODUCT", "Ship") for m in _SHIP.finditer(text)]
    spans += [(m.start(1), m.end(1), "WORK_OF_ART", "Art_Other") for m in _TITLE.finditer(text) if _is_title(doc, text, m)]
    spans += [(m.start(1), m.end(1), "LAW", "Law") for m in _LAW.finditer(text)]
    spans += [(m.start(), m.end(), "FAC", "Road") for m in _ROUTE.finditer(text)]
    spans += [(m.start(1), m.end(1), "EVENT", "War") for m in _BATTLE.finditer(text) if _names_before(doc, m.start("place"), m.end("place"))]
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


def _joined_clubs(text: str, mentions: list[Mention]) -> list[Mention]:
    """A place, ・ and a team right after it are one team: ボストン・|レッドソックス (GiNZA tags the
    nickname as the club and the city as a place)."""
    result: list[Mention] = []
    for m in mentions:
        prev = result[-1] if result else None
        if prev is not None and (prev.label in ("GPE", "LOC") or prev.label_ene in _TEAM_ENE) and m.label == "ORG" and m.label_ene in _TEAM_ENE \
                and m.start == prev.end + 1 and text[prev.end] == "・":
            surface = text[prev.start:m.end]
            result[-1] = Mention(prev.start, m.end, surface, "ORG", m.label_ene, None, "rule", f"ORG:{katakana_key(surface)}")
            continue
        result.append(m)
    return result


def _joined_family_and_given_names(doc: Doc, text: str, mentions: list[Mention], token_starts: set[int], token_ends: set[int]) -> list[Mention]:
    """A surname word and the given-name word right after it (Sudachi's 人名-姓, 人名-名) are one person
    where a person mention is on them and nothing reaches outside the two: 内藤 | 時浩 (GiNZA gave the
    given name as a position), 小栗 + 有以 (the given name left out)."""
    result = list(mentions)
    for family, given in zip(doc, doc[1:]):
        if not (family.tag_.endswith("人名-姓") and given.tag_.endswith("人名-名")) or given.text in _NOT_GIVEN_NAMES:
            continue
        start, end = _strip_edges(text, family.idx, given.idx + len(given.text))  # Sudachi's 彰布(あきのぶ) is one word
        inside = [m for m in result if m.start < end and start < m.end]
        if not any(m.label == "PERSON" for m in inside) or not all(start <= m.start and m.end <= end for m in inside):
            continue
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (start, end):
            continue
        if any(m.role and m.end < end for m in inside):
            continue  # the title starts where the name ends: 山田|元建築士, not a given name 元建
        surface = text[start:end]
        role = next((m.role for m in inside if m.role), None) or _role_after(text, end, token_starts, token_ends, {})
        merged = Mention(start, end, surface, "PERSON", "Person", role, "rule", f"PERSON:{katakana_key(surface)}")
        result = sorted([m for m in result if m not in inside] + [merged], key=lambda m: (m.start, m.end, m.label))
    return result


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


def _organisation_after_place(doc: Doc, text: str, end: int, covered: list[bool], heads: tuple[Pattern, ...] = ()) -> int | None:
    """End of a compound noun that starts right after a place name and ends in an organisation head
    (航空宇宙局, 陸軍, 社会民主党; or one of `heads`: 兵庫県|警), not in an event head (工業品|共進会), or None."""
    heads = heads or (_ORG_HEAD, _ORG_HEAD_AFTER_PLACE)
    found = None
    following = _tokens_over(doc, end, len(text))
    for t in following:
        t_end = t.idx + len(t.text)
        if t.idx < end < t_end and t.tag_.startswith("名詞") and not any(covered[end:t_end]):
            # one word with the name in it (トランプ政権 is one Sudachi word): its rest may be the head
            if any(h.search(text, end, t_end) for h in heads) and not _title_in(text, end, t_end):
                found = t_end
            continue
        if t.idx < end or any(covered[t.idx:t_end]) or not (t.tag_.startswith("名詞") or t.tag_.startswith("接尾辞-名詞的")) \
                or t.tag_.startswith("名詞-数詞") or t.text in _NOT_IN_ORGANISATION_NAME:
            break
        if _EVENT_HEAD.search(text, end, t_end):
            return None  # the compound names a gathering: 北海道|工業品共進会 is an event, not 北海道工業
        if any(h.search(text, end, t_end) for h in heads) and not _title_in(text, end, t_end):
            found = t_end
    return found


# Heads after a place that are titles elsewhere (山田代表): after a place they name the organisation
# (日本|代表, the national team), not the place's office.
_PLACE_HEADS_OVER_TITLES = frozenset(_words("org_head_after_place"))


def _title_in(text: str, start: int, end: int) -> bool:
    """Whether a title (not one of the place heads) is in text[start:end]."""
    return any(m.group(0) not in _PLACE_HEADS_OVER_TITLES for m in _ROLES.role.finditer(text, start, end))


def _cuts_tagged_name(doc: Doc, statistical: list, start: int, end: int) -> bool:
    """A known name inside one proper-noun word GiNZA tagged is part of a longer place name: 東京都 in
    東京都豊島区, 名古屋 in 名古屋市中村区名駅 (Sudachi's single words); not トランプ in トランプ政権."""
    for t in _tokens_over(doc, start, end):
        t_end = t.idx + len(t.text)
        if (t.idx < start or t_end > end) and t.tag_.endswith("固有名詞-一般") and _foreign_name_word(t.text, start - t.idx, end - t.idx):
            return True  # one name word of its own with the known name in it: 日本|ゼオン, 近畿|日本|ツーリスト
        if (t.idx < start or t_end > end) and "固有名詞" in t.tag_:
            place = "地名" in t.tag_ or _ADMIN_UNIT.search(t.text) or _NAME_SUFFIXES.search(t.text) or t.text[-1] in _NAME_SUFFIX_EXACT
            return bool(place) and any(e.start_char <= t.idx and t_end <= e.end_char for e in statistical)
    return False


def _foreign_name_word(word: str, start: int, end: int) -> bool:
    """Whether the rest of one Sudachi word around a known name at word[start:end] is a katakana or
    Latin name and no organisation head (日本|ゼオン, 近畿日本|ツーリスト; not 横浜|FC, アメリカ|軍)."""
    rest = word[:start] + word[end:]
    foreign = any(is_katakana_letter(c) or (c.isascii() and c.isalpha()) for c in rest)
    return foreign and not any(h.search(word) for h in (_ORG_HEAD, _FACILITY_HEAD, _EVENT_HEAD))


def _forms_longer_name(text: str, start: int, end: int, inside: list, coarse: str | None) -> bool:
    first, last = min(k[0] for k in inside), max(k[1] for k in inside)
    left = text[start:first]
    left = _ROLES.prefix.sub("", left) if _ROLES.prefix.match(left) and len(left) > 1 else left
    right = text[last:end]
    if right and (right in _NAME_SUFFIX_EXACT or (len(right) > 1 and _NAME_SUFFIXES.search(right) and not _ROLES.role.search(right))):
        return True
    # an organisation named after a place or a person: 日本電気, ドイツ社会民主党, アメリカ航空宇宙局, ロシア軍
    if coarse == "ORG" and right and (_ORG_HEAD.search(right) or _ORG_HEAD_AFTER_PLACE.search(right) or _ORG_HEAD_AFTER_PERSON.search(right)) \
            and not _ROLES.role.search(right):
        return True
    # an event named after a place: パリ|万国博覧会, 北海道|工業品共進会
    if right and _EVENT_HEAD.search(right) and not _ROLES.role.search(right):
        return True
    if left and _NAME_PREFIXES.match(left):
        return True
    if right.startswith("領") and len(right) > 1:
        return True  # a dependency: フランス領ギアナ, 英領インド
    return False


def _names_before(doc: Doc, start: int, head_start: int) -> bool:
    """Whether the words before a head (doc.text[start:head_start]) are a name: a proper noun among
    them, or katakana or Latin (カンタス|航空, 住友|化学; not 民間|航空, 有機|化学)."""
    before = doc.text[start:head_start]
    if not before or _HIRAGANA_ONLY.fullmatch(before):
        return False
    # the words over the name part: one proper-noun word may run on into the head (京阪電気鉄道 is one word)
    return _is_name_script(before.strip("・")) or any("固有名詞" in t.tag_ for t in _tokens_over(doc, start, head_start))


def _place_and_katakana_name(tokens) -> bool:
    """Whether words are a place name and then katakana words only (サンフランシスコ|・|ジャイアンツ)."""
    if len(tokens) < 2 or "地名" not in tokens[0].tag_:
        return False
    rest = "".join(t.text for t in tokens[1:]).lstrip("・")
    return len(rest) > 1 and all(is_katakana(c) for c in rest) and not any("地名" in t.tag_ for t in tokens[1:])


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
                        token_starts: set[int], token_ends: set[int], country_at: dict[int, int], holds_known: bool = False) -> Mention | None:
    """The name in what GiNZA tagged (or what is left of it beside gazetteer names), titles split off,
    retyped or dropped by what Sudachi says of its words. `holds_known`: the span holds known names as
    one longer name (_holds_known_names); ending in a name's head, it has a name in it whatever Sudachi
    says of its words (国立国会図書館)."""
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
    if m and m.end() < end - 1:  # not 天皇|杯: one character is not a name
        role, start = m.group(0), m.end()
    # a title that starts inside the span and ends at or after it: ルッテ事務総長, 香川防衛|副大臣
    for k in range(start + 1, end + 1):
        m = _ROLES.role.match(text, k) or (k in token_starts and _ROLES.prefixed_role.match(text, k))
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
    elif coarse == "EVENT":
        end, _ = _trim_trailer(text, start, end, _EVENT_TRAILER, 2, token_starts)
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
    # 長野|容疑者, 福岡|前社長: a name before a person's title is a person's, whatever else it names
    person_role = role is not None and _ROLES.person_role.fullmatch(role) is not None and coarse != "ORG"
    if entry is not None and not (person_role and entry.label != "PERSON"):
        return Mention(start, end, surface, entry.label, entry.ene or DEFAULT_ENE[entry.label], role if entry.label == "PERSON" else None, "gazetteer", entry.key)
    if _HIRAGANA_ONLY.fullmatch(surface):
        return None  # readings (あしかがたかうじ) and kana words: GiNZA's labels on them are noise
    tokens = _inner_tokens(doc, start, end)
    # a span that holds known names and ends in a name's head (国立国会|図書館) has a name in it
    headed = holds_known and any(h.search(surface) for h in (_ORG_HEAD, _FACILITY_HEAD, _EVENT_HEAD))
    proper = headed or any("固有名詞" in t.tag_ for t in tokens)
    personal = any("人名" in t.tag_ for t in tokens)
    place_only = any("地名" in t.tag_ for t in tokens) and all("地名" in t.tag_ or t.text in _PLACE_SUFFIX_TOKENS for t in tokens)
    name_script = _is_name_script(surface)
    latin = any(c.isascii() and c.isalpha() for c in surface)
    if role is not None and (ene == "Person" or name_script or personal or person_role):
        coarse, ene = "PERSON", "Person"
    elif role is not None and coarse == "OTHER":
        return None  # a title or position with no name in it: 国防長官, 上級職員
    else:
        role = None if coarse != "PERSON" else role
    if cut and not proper:
        return None  # what is left beside a known name is a common noun: 政権, 加盟国, 駐留軍
    if not _plausible_latin_name(surface):
        return None  # GiNZA on English sentences: "against one", "Charter of"
    if coarse == "OTHER" and role is None and len(surface) > 2 and _ORG_HEAD.search(surface) is not None \
            and (proper or _organisation_ene(surface) == "Political_Party"):
        # an organisation's head at the end of what GiNZA took for a position or a class: 民主党, MLB選手会
        # (common nouns only are as often kinds: 所属事務所, 協力会社, CS放送; a party is a name)
        coarse, ene = "ORG", _organisation_ene(surface)
    company = _COMPANY_HEAD.search(surface) if coarse in _COMPANY_LABELS and not person_role else None
    if company is not None and _names_before(doc, start, start + company.start()):
        # a name and a company's head, typed by GiNZA as a product, a facility or a person: a company
        coarse, ene, role = "ORG", "Company", None
    # GiNZA's label against Sudachi's word classes (WAC train): a "person" with no personal-name
    # word and no title is a place when its words are place names (飛鳥, タシケント: 79 of 139
    # LOCATION) and otherwise a common noun (フルート, ジェンダー, アセット: none of 182 a person);
    # place-name words under any other label are places too (清, 長安, 満州国: 39 of 61 OTHER).
    if coarse == "PERSON" and role is None and not personal and _place_and_katakana_name(tokens):
        # a "person" of a place name and katakana words is an organisation named after the place, a
        # club mostly: サンフランシスコ・ジャイアンツ, 秋田ノーザンハピネッツ
        coarse, ene = "ORG", DEFAULT_ENE["ORG"]
    elif coarse == "PERSON" and role is None and not personal:
        if not place_only:
            return None
        coarse, ene = "GPE", DEFAULT_ENE["GPE"]
    elif coarse not in _PLACE_LABELS and coarse != "PERSON" and ene not in _TEAM_ENE and place_only and not personal:
        # but not a team GiNZA typed as one: 阪神 as a Pro_Sports_Organization is the club
        coarse, ene = "GPE", DEFAULT_ENE["GPE"]
    # the head word names the kind whatever GiNZA said: ノーベル文学賞 and ピューリッツァー賞 are
    # awards, JR会社法 and 北アイルランド法 statutes (IREX ARTIFACT), not organisations
    if coarse in ("ORG", "OTHER", "EVENT", "PERSON", "PRODUCT") and len(surface) > 2 and surface.endswith("賞") \
            and len(_inner_tokens(doc, start, end)) > 2:
        # an award whatever its words (銀熊賞, アカデミー助演女優賞; not 文学賞 alone): a name
        return Mention(start, end, surface, "PRODUCT", "Award", None, "ginza", f"PRODUCT:{katakana_key(surface)}")
    if coarse in ("ORG", "OTHER", "PRODUCT", "WORK_OF_ART", "LAW") and len(surface) > 2 and _EVENT_HEAD.search(surface):
        # a gathering's head (パリ万国博覧会 tagged Show_Organization): an event
        coarse, ene = "EVENT", DEFAULT_ENE["EVENT"]
    elif coarse == "ORG" and len(surface) > 2 and _FACILITY_HEAD.search(surface) and not _ORG_HEAD.search(surface):
        # a building's head (愛知県体育館, 岡山県立美術館, GiNZA's School or Museum): a facility
        coarse, ene = "FAC", ene if ene == "Museum" else DEFAULT_ENE["FAC"]
    if coarse in ("ORG", "OTHER", "EVENT", "PERSON", "PRODUCT") and len(surface) > 2 and (proper or name_script or latin):
        if surface.endswith("賞"):
            coarse, ene, role = "PRODUCT", "Award", None
        elif _LAW_HEAD.search(surface) and not surface.endswith(("令", "律")):
            coarse, ene, role = "LAW", "Law", None
    latin_only = latin and _LATIN_ONLY.fullmatch(surface) is not None
    if not proper and not latin_only:
        # Spans of common nouns only are kinds of things (頭脳流出 Offense, 首都 City, 防衛費 Product,
        # 核兵器 Weapon, AM放送), katakana loanwords too (アセット, フルート), except places Sudachi
        # does not know (ファドゥーツ). Organisations need an organisation head (文部省, 国語審議会) or
        # katakana or Latin words, more than one (レッドソックス): one word of Sudachi's dictionary is as
        # often a kind GiNZA took for a company (トウモロコシ; WAC train: keeping every katakana organisation
        # added 112 spans, 24 of them names, ORG F1 49.2 -> 48.8; more than one word: 49.1),
        # statutes a statute head (道路法; not 安全保障政策, エステル結合).
        if coarse == "ORG" and _ORG_HEAD.search(surface) is None and _ORG_FORM.match(surface) is None \
                and not (name_script and len(tokens) > 1):
            return None
        if coarse == "LAW" and _LAW_HEAD.search(surface) is None:
            return None
        # facilities, works and vehicles named in katakana or Latin (レゴランド, ベンチュラ港, ドラゴンボール改,
        # スカイラブ) are kept: measured on both conventions, the rule cost recall there and gained no precision
        foreign = any(is_katakana_letter(c) or (c.isascii() and c.isalpha()) for c in surface)
        if coarse in COMMON_NOUN_NOT_NAME and not (coarse in ("GPE", "LOC") and _is_name_script(_PLACE_SUFFIX_END.sub("", surface))) \
                and not (coarse in _FOREIGN_NAMED_LABELS and foreign) and not (ene in _VEHICLE_ENE and name_script) and not (coarse == "PRODUCT" and _PRODUCT_NAME_SHAPE.search(surface)):
            return None
    if (coarse == "PRODUCT" or ene == "Game") and latin_only and _ACRONYM.fullmatch(surface):
        return None  # PDF, API, SNS, GDP, AWACS: GiNZA's products (and Games, once mapped to products) among acronyms are mostly not names
    return Mention(start, end, surface, coarse, ene, role, "ginza", f"{coarse}:{katakana_key(surface)}")
