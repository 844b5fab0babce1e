"""Named-entity mentions from GiNZA, corrected by the gazetteer and a few rules for news text.

GiNZA's statistical NER is kept for names the gazetteer does not know, but on news it
labels known referents erratically (NATO as Country, Company, Person or Game; グリーンランド
as Flora) and glues names to titles (ルッテ事務総長 as Position_Vocation). So:
gazetteer names win over GiNZA spans, single-character country forms (米 in 日米, 対米,
米国防長官) become mentions of their country, titles and honorifics are split off names
into `role`, and numeric ENE labels are left to the claims parser.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .gazetteer import Gazetteer, GazetteerEntry, katakana_key

# GiNZA spans of these labels made only of common nouns in kanji or kana are kinds of things,
# not names (首都 City, 帽子 Clothing, 槍 Weapon, カエル is kept out by being OTHER): measured on
# the WAC train split, dropping them raises precision at no recall cost. ORG is not in the list:
# many organisation names are common nouns to Sudachi.
COMMON_NOUN_NOT_NAME = frozenset({"OTHER", "GPE", "LOC", "FAC", "PERSON", "NORP", "PRODUCT"})
NER_SPANS = "ner"  # doc.spans key of GiNZA's statistical entities, before the ruler
ROLES_TSV = Path(__file__).resolve().parent / "data" / "roles.tsv"

# GiNZA ENE label -> coarse label. Differs from ginza.ENE_ONTONOTES_MAPPING where that map is
# wrong for news: international and political organisations are organisations (not NORP),
# titles, positions, doctrines and offences are not names of things (OTHER).
LABEL_MAP: dict[str, str] = {
    "Person": "PERSON", "God": "PERSON",
    "Organization": "ORG", "Organization_Other": "ORG", "International_Organization": "ORG",
    "Show_Organization": "ORG", "Family": "ORG", "Sports_Organization": "ORG",
    "Sports_Organization_Other": "ORG", "Sports_Federation": "ORG", "Sports_League": "ORG",
    "Sports_Team": "ORG", "Pro_Sports_Organization": "ORG", "Juridical_Person": "ORG",
    "Juridical_Person_Other": "ORG", "Corporation_Other": "ORG", "Nonprofit_Organization": "ORG",
    "Company": "ORG", "Company_Group": "ORG", "Political_Organization": "ORG",
    "Political_Organization_Other": "ORG", "Government": "ORG", "Political_Party": "ORG",
    "Cabinet": "ORG", "Military": "ORG", "Channel": "ORG",
    "Ethnic_Group": "NORP", "Ethnic_Group_Other": "NORP", "Nationality": "NORP", "Religion": "NORP",
    "GPE": "GPE", "GPE_Other": "GPE", "City": "GPE", "Province": "GPE", "Country": "GPE", "County": "GPE",
    "Address": "GPE", "Address_Other": "GPE", "Postal_Address": "GPE",
    "Location": "LOC", "Location_Other": "LOC", "Region": "LOC", "Region_Other": "LOC",
    "Continental_Region": "LOC", "Domestic_Region": "LOC", "Geological_Region": "LOC",
    "Geological_Region_Other": "LOC", "Spa": "LOC", "Mountain": "LOC", "Island": "LOC", "River": "LOC",
    "Lake": "LOC", "Sea": "LOC", "Bay": "LOC",
    "Facility": "FAC", "Facility_Other": "FAC", "Facility_Part": "FAC", "Dam": "FAC",
    "Archaeological_Place": "FAC", "Archaeological_Place_Other": "FAC", "Tomb": "FAC", "FOE": "FAC",
    "FOE_Other": "FAC", "GOE_Other": "FAC", "Military_Base": "FAC", "Castle": "FAC", "Palace": "FAC",
    "Public_Institution": "FAC", "Accommodation": "FAC", "Medical_Institution": "FAC", "School": "FAC",
    "Research_Institute": "FAC", "Market": "FAC", "Power_Plant": "FAC", "Park": "FAC",
    "Shopping_Complex": "FAC", "Sports_Facility": "FAC", "Museum": "FAC", "Zoo": "FAC",
    "Amusement_Park": "FAC", "Theater": "FAC", "Worship_Place": "FAC", "Transport_Facility": "FAC",
    "Transport_Facility_Other": "FAC", "Car_Stop": "FAC", "Station": "FAC", "Airport": "FAC",
    "Port": "FAC", "Line": "FAC", "Line_Other": "FAC", "Railroad": "FAC", "Road": "FAC", "Canal": "FAC",
    "Water_Route": "FAC", "Tunnel": "FAC", "Bridge": "FAC", "Tumulus": "FAC",
    "Product": "PRODUCT", "Product_Other": "PRODUCT", "Musical_Instrument": "PRODUCT",
    "Clothing": "PRODUCT", "Money_Form": "PRODUCT", "Drug": "PRODUCT", "Weapon": "PRODUCT",
    "Stock": "PRODUCT", "Award": "PRODUCT", "Decoration": "PRODUCT", "Service": "PRODUCT",
    "Character": "PRODUCT", "ID_Number": "PRODUCT", "Game": "PRODUCT", "Game_Other": "PRODUCT",
    "Digital_Game": "PRODUCT", "Software": "PRODUCT", "Vehicle": "PRODUCT", "Vehicle_Other": "PRODUCT",
    "Car": "PRODUCT", "Train": "PRODUCT", "Aircraft": "PRODUCT", "Spaceship": "PRODUCT", "Ship": "PRODUCT",
    "Food": "PRODUCT", "Food_Other": "PRODUCT", "Dish": "PRODUCT",
    "Art": "WORK_OF_ART", "Art_Other": "WORK_OF_ART", "Video_Work": "WORK_OF_ART", "Painting": "WORK_OF_ART",
    "Broadcast_Program": "WORK_OF_ART", "Movie": "WORK_OF_ART", "Show": "WORK_OF_ART",
    "Music": "WORK_OF_ART", "Book": "WORK_OF_ART", "Printing": "WORK_OF_ART",
    "Printing_Other": "WORK_OF_ART", "Newspaper": "ORG", "Magazine": "WORK_OF_ART", "Picture": "WORK_OF_ART",
    "Rule": "LAW", "Rule_Other": "LAW", "Treaty": "LAW", "Law": "LAW", "Plan": "LAW",
    "Event": "EVENT", "Event_Other": "EVENT", "Occasion": "EVENT", "Occasion_Other": "EVENT",
    "Election": "EVENT", "Religious_Festival": "EVENT", "Competition": "EVENT", "Conference": "EVENT",
    "Incident": "EVENT", "Incident_Other": "EVENT", "War": "EVENT", "Natural_Phenomenon": "EVENT",
    "Natural_Phenomenon_Other": "EVENT", "Natural_Disaster": "EVENT", "Earthquake": "EVENT",
    # Not names of referents: kinds, titles, doctrines, living things, languages, addresses.
    "Name": "OTHER", "Name_Other": "OTHER", "Individual_Animal": "OTHER", "Individual_Animal_Other": "OTHER",
    "Racehorse": "OTHER", "Offense": "OTHER", "Class": "OTHER", "Doctrine_Method": "OTHER",
    "Doctrine_Method_Other": "OTHER", "Culture": "OTHER", "Academic": "OTHER", "Sport": "OTHER",
    "Style": "OTHER", "Movement": "OTHER", "Theory": "OTHER", "Title": "OTHER", "Title_Other": "OTHER",
    "Position_Vocation": "OTHER", "Language": "OTHER", "Language_Other": "OTHER",
    "National_Language": "OTHER", "Virtual_Address": "OTHER", "Virtual_Address_Other": "OTHER",
    "Phone_Number": "OTHER", "Email": "OTHER", "URL": "OTHER", "Natural_Object": "OTHER",
    "Natural_Object_Other": "OTHER", "Element": "OTHER", "Compound": "OTHER", "Mineral": "OTHER",
    "Living_Thing": "OTHER", "Living_Thing_Other": "OTHER", "Fungus": "OTHER", "Mollusk_Arthropod": "OTHER",
    "Mollusc_Arthropod": "OTHER", "Insect": "OTHER", "Fish": "OTHER", "Amphibia": "OTHER",
    "Reptile": "OTHER", "Bird": "OTHER", "Mammal": "OTHER", "Flora": "OTHER", "Living_Thing_Part": "OTHER",
    "Living_Thing_Part_Other": "OTHER", "Animal_Part": "OTHER", "Flora_Part": "OTHER", "Disease": "OTHER",
    "Disease_Other": "OTHER", "Animal_Disease": "OTHER", "Color": "OTHER", "Color_Other": "OTHER",
    "Nature_Color": "OTHER", "Material": "OTHER", "Astral_Body_Other": "OTHER",
    "Astronomical_Object": "OTHER", "Astronomical_Object_Other": "OTHER", "Star": "OTHER", "Planet": "OTHER",
    "Constellation": "OTHER",
}

# ENE's Timex (2.*) and Numex (3.*) subtrees, plus units and currencies: these are claims.
NUMERIC_ENE = frozenset({
    "Timex", "Timex_Other", "Timeex", "Timeex_Other", "Time", "Date", "Day_Of_Week", "Era",
    "Periodx", "Periodx_Other", "Period_Time", "Period_Day", "Period_Week", "Period_Month",
    "Period_Year", "Time_Top_Other", "Numex", "Numex_Other", "Money", "Stock_Index", "Point",
    "Percent", "Multiplication", "Frequency", "Age", "School_Age", "Ordinal_Number", "Rank",
    "Latitude_Longitude", "Latitude_Longtitude", "Measurement", "Measurement_Other",
    "Physical_Extent", "Space", "Volume", "Weight", "Speed", "Intensity", "Temperature", "Calorie",
    "Seismic_Intensity", "Seismic_Magnitude", "Countx", "Countx_Other", "N_Person",
    "N_Organization", "N_Location", "N_Location_Other", "N_Country", "N_Facility", "N_Product",
    "N_Event", "N_Natural_Object", "N_Natural_Object_Other", "N_Animal", "N_Flora",
    "Unit", "Unit_Other", "Currency",
})

# Coarse label -> IREX category, for scoring on IREX-annotated data. NORP (nationalities),
# EVENT and OTHER have no IREX name category.
COARSE_TO_IREX: dict[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "PRODUCT": "ARTIFACT",
    "WORK_OF_ART": "ARTIFACT",
    "LAW": "ARTIFACT",
}

# The ENE label a gazetteer span carries when its row names none.
DEFAULT_ENE = {
    "PERSON": "Person", "ORG": "Organization_Other", "GPE": "GPE_Other", "LOC": "Location_Other",
    "FAC": "Facility_Other", "PRODUCT": "Product_Other", "EVENT": "Event_Other", "LAW": "Rule_Other",
    "NORP": "Nationality", "WORK_OF_ART": "Art_Other", "OTHER": "Name_Other",
}


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


def load_roles(path: Path = ROLES_TSV) -> Roles:
    kinds: dict[str, list[str]] = {"title": [], "honorific": [], "domain": [], "prefix": []}
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        for row in rows:
            kinds[row["kind"].strip()].append(row["form"].strip())
    return Roles(*(tuple(sorted(set(kinds[k]), key=lambda s: (-len(s), s))) for k in ("title", "honorific", "domain", "prefix")))


def _alternation(forms: tuple[str, ...]) -> str:
    return "|".join(re.escape(f) for f in forms)


@dataclass(frozen=True)
class _RolePatterns:
    role: re.Pattern  # title with its domain (国防長官, 防衛副大臣), prefixes (元) allowed before
    role_at_end: re.Pattern
    honorific: re.Pattern
    prefix: re.Pattern


def _role_patterns(roles: Roles) -> _RolePatterns:
    title = f"(?:{_alternation(roles.domains)})*(?:{_alternation(roles.titles)})"
    prefix = f"(?:{_alternation(roles.prefixes)})"
    return _RolePatterns(
        role=re.compile(title),
        role_at_end=re.compile(f"{title}$"),
        honorific=re.compile(f"(?:{_alternation(roles.honorifics)})"),
        prefix=re.compile(f"^{prefix}+"),
    )


_ROLES = _role_patterns(load_roles())

# Single-character country forms count only in these contexts: 日米, 米・英 (a run of them),
# 対米, 訪日, 在日 (after a prefix), 米軍, 米国防長官, 米大統領 (before a head noun).
_ABBR_PREFIXES = {"対": None, "訪": None, "反": None, "親": None, "駐": None, "在": "日米英仏独露韓豪", "来": "日米", "滞": "日米", "離": "日米", "知": "日米", "全": "米"}
_ABBR_HEADS = re.compile(
    "国防(?!衛)|国務|政府|政権|大統領|副大統領|首相|外相|国防相|財務相|海軍|空軍|陸軍|海兵隊|軍|兵|艦|空母|原子力|"
    "議会|上院|下院|側|紙|誌|当局|大使|企業|経済|財務|商務|司法|情報機関|主導|首脳|両国|国債|国内|国民|"
    "製|系|連邦|政治|外交|通商|関税|同盟|会談|関係|メディア|高官|報道|当局者|株|市場|国籍"
)
_NO_HEADS = frozenset("日中")  # 日 and 中 only in runs and after prefixes: 同日会談, 期間中経済
_NO_RUN_START = {"中": "米欧南"}  # 中米, 中欧 are Central America, Central Europe
_NOT_IN_RULE = frozenset("加")  # 加盟, 参加, 追加

# A known name inside a longer GiNZA span is a different referent when the rest of the span
# makes a name with it: モンゴル高原, 大日本帝国, 日本経済新聞, 北アジア, NATO情報融合センター.
# Otherwise the rest is a title or a common noun (トランプ政権, NATO加盟国, 米国政府) and is split off.
_NAME_SUFFIXES = re.compile(
    "(?:高原|列島|半島|諸島|群島|海峡|山脈|平原|盆地|砂漠|地方|帝国|王国|共和国|連邦|公国|王朝|"
    "特別市|広域市|自治区|新聞|新聞社|放送|テレビ|通信社|出版|出版社|書店|鉄道|電鉄|航空|銀行|証券|株式会社|"
    "大学|学院|研究所|研究機構|機構|協会|連盟|評議会|委員会|センター|本部|司令部|大使館|空港|基地|神社)$"
)
_NAME_PREFIXES = re.compile("^(?:北|南|東|西|中央|中部|北部|南部|東部|西部|北東|北西|南東|南西|古代|大|旧|汎|環|英領|仏領|米領|全)$")
# one-character suffixes only when they are all the rest: 長門国, 上海市 (not 加盟国, 政府)
_NAME_SUFFIX_EXACT = frozenset("国市区郡町村州省県都府道湾海川山湖島社線城寺駅港朝")
_LATIN_FUNCTION_WORDS = frozenset({"of", "and", "the", "de", "du", "des", "la", "le", "for", "von", "van", "der", "di", "da", "&"})

_SHIP = re.compile(r"(?:空母|戦艦|駆逐艦|潜水艦|揚陸艦|巡洋艦|護衛艦|フリゲート|艦|号)「([^「」]{1,40})」")
_PUNCT_EDGES = " \u3000・･、。,.:;：；「」『』()（）[]［］【】〈〉《》\"'“”‘’-‐—―~〜"


def _is_kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or c in "々〆ヶ"


def _is_name_script(text: str) -> bool:
    """Katakana or Latin throughout (with ・ and spaces): how foreign names are written."""
    core = [c for c in text if c not in "・･ 　.-ー"]
    return bool(core) and all(("\u30a0" <= c <= "\u30ff") or c.isascii() and c.isalnum() for c in core)


def _abbreviations(text: str, covered: list[bool], abbr: dict[str, GazetteerEntry]) -> list[tuple[int, int, GazetteerEntry]]:
    found: list[tuple[int, int, GazetteerEntry]] = []
    usable = {c: e for c, e in abbr.items() if c not in _NOT_IN_RULE and _is_kanji(c)}

    def free(i: int) -> bool:
        return 0 <= i < len(text) and not covered[i] and text[i] in usable

    def word_start(i: int) -> bool:
        prev = text[i - 1] if i > 0 else ""
        return not _is_kanji(prev) or prev in usable or prev in _ABBR_PREFIXES

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


def _tokens_in(doc: Doc, start: int, end: int):
    return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]


def _has_proper_noun(doc: Doc, start: int, end: int) -> bool:
    # only tokens wholly inside: 軍 left over from 米軍 (a proper noun token) is not a name
    return any("固有名詞" in t.tag_ for t in _tokens_in(doc, start, end) if t.idx >= start and t.idx + len(t.text) <= end)


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

    ships = [(m.start(1), m.end(1)) for m in _SHIP.finditer(text)]
    for start, end in ships:
        mentions.append(Mention(start, end, text[start:end], "PRODUCT", "Ship", None, "rule", f"PRODUCT:{katakana_key(text[start:end])}"))
        claim(start, end)

    known: list[tuple[int, int, GazetteerEntry, str]] = []
    for m in gazetteer.find(text):
        if not any(covered[m.start:m.end]):
            known.append((m.start, m.end, m.entry, "gazetteer"))
            claim(m.start, m.end)
    for ent in doc.ents:
        # ruler spans the character scan missed (it works on tokens, the scan on characters)
        entry = gazetteer.get(ent.ent_id_) if ent.ent_id_ else None
        if entry is not None and not any(covered[ent.start_char:ent.end_char]):
            known.append((ent.start_char, ent.end_char, entry, "gazetteer"))
            claim(ent.start_char, ent.end_char)
    statistical = doc.spans[NER_SPANS] if NER_SPANS in doc.spans else [e for e in doc.ents if not e.ent_id_]
    statistical = [e for e in statistical if coarse_label(e.label_) is not None]
    whole: set[tuple[int, int]] = set()
    for ent in statistical:
        inside = [k for k in known if ent.start_char <= k[0] and k[1] <= ent.end_char]
        if inside and _forms_longer_name(doc, ent.start_char, ent.end_char, inside):
            whole.add((ent.start_char, ent.end_char))
            known = [k for k in known if k not in inside]
            for k in inside:
                for c in range(k[0], k[1]):
                    covered[c] = False
            claim(ent.start_char, ent.end_char)  # GiNZA's whole span, below
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
            mention = _mention_from_piece(doc, gazetteer, start, end, ent.label_, coarse, cut, token_starts, token_ends, country_at)
            if mention is not None and mention.source == "ginza" and (mention.start, mention.end) != (ent.start_char, ent.end_char):
                mention = dataclasses.replace(mention, source="rule")
            if mention is not None:
                mentions.append(mention)
                claim(mention.start, mention.end)
    return sorted(mentions, key=lambda m: (m.start, m.end, m.label))


def _forms_longer_name(doc: Doc, start: int, end: int, inside: list) -> bool:
    text = doc.text
    first, last = min(k[0] for k in inside), max(k[1] for k in inside)
    left = text[start:first]
    left = _ROLES.prefix.sub("", left) if _ROLES.prefix.match(left) and len(left) > 1 else left
    right = text[last:end]
    if right and (right in _NAME_SUFFIX_EXACT or (len(right) > 1 and _NAME_SUFFIXES.search(right) and not _ROLES.role.search(right))):
        return True
    if left and _NAME_PREFIXES.match(left):
        return True
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


def _mention_from_piece(doc: Doc, gazetteer: Gazetteer, start: int, end: int, ene: str, coarse: str, cut: bool,
                        token_starts: set[int], token_ends: set[int], country_at: dict[int, int]) -> Mention | None:
    """The name in what GiNZA tagged (or what is left of it beside gazetteer names), titles split off."""
    text = doc.text
    start, end = _strip_edges(text, start, end)
    m = _ROLES.prefix.match(text[start:end])
    if m and m.end() < end - start:
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
    start, end = _strip_edges(text, start, end)
    if start >= end:
        return None
    surface = text[start:end]
    entry = gazetteer.lookup(surface)
    if entry is not None:
        return Mention(start, end, surface, entry.label, entry.ene or DEFAULT_ENE[entry.label], role if entry.label == "PERSON" else None, "gazetteer", entry.key)
    proper = _has_proper_noun(doc, start, end)
    name_script = _is_name_script(surface)
    personal = any("人名" in t.tag_ for t in _tokens_in(doc, start, end))
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
    if coarse in COMMON_NOUN_NOT_NAME and not (proper or name_script):
        return None  # GiNZA tags kinds of things too (頭脳流出 Offense, 首都 City)
    return Mention(start, end, surface, coarse, ene, role, "ginza", f"{coarse}:{katakana_key(surface)}")
