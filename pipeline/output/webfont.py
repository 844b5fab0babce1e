"""The Japanese font report.html embeds, so it renders on a machine without any Japanese font.

The font is Noto Sans JP (Regular), shipped on PyPI by `pylopdf-fonts-jp`. Chosen over
IPAexGothic (in `matplotlib-fontja`, a dev dependency) because its SIL Open Font License 1.1 is
the usual free licence for embedding and redistributing, the package has no dependencies
(matplotlib-fontja would bring matplotlib into the pipeline's runtime), and it covers more of
what news text holds (Latin with diacritics such as č, š). Its cost is speed: its outlines are
CFF, which fontTools walks in pure Python, two to three times slower to subset than IPAexGothic's
TrueType outlines.

The page embeds a subset with just the characters it uses, as WOFF2 in a data: URL. The same
characters give the same bytes (fontTools and brotli are deterministic, the font's timestamp is
kept), and the last subset made is kept in `<out>/.report-font/` under a key of the characters,
the font file and these options, so a run that rewrites the report with the same text (a rule
was edited, --no-cache) does not subset again.

Brotli runs at quality 9, not fontTools' fixed 11: on 2,700 characters of news that is 0.1 s
instead of 2–4 s for a file 9 % larger. Subsetting those 2,700 characters (800 Wikinews
articles) takes about 1.4 s of CPU in all; the five seed articles' 1,150, about 0.6 s.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

FAMILY = "Report Sans JP"  # the @font-face name; the font's own name table is kept (Noto Sans JP, its licence)
CACHE_FOLDER = ".report-font"
SUBSET_VERSION = "1"  # change when the options below change: it is part of the cache key
BROTLI_QUALITY = 9
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F))  # printable ASCII, for what a reader types in the search boxes
WOFF2_SIGNATURE = b"wOF2"


@dataclass(frozen=True)
class Subset:
    woff2: bytes
    key: str  # sha256 of the font file, SUBSET_VERSION and the characters (32 hex digits)
    n_chars: int  # characters asked for that the font has
    missing: str  # characters of the text the font lacks (not spaces or controls), sorted

    def data_url(self) -> str:
        return "data:font/woff2;base64," + base64.b64encode(self.woff2).decode("ascii")


def font_path() -> Path:
    import pylopdf_fonts_jp

    return Path(pylopdf_fonts_jp.sans_path())


def licence_note() -> str:
    """One line for the page's CSS, naming the font, its copyright and licence."""
    return "Noto Sans JP (subset), (c) 2014-2021 Adobe, SIL Open Font License 1.1, from the PyPI package pylopdf-fonts-jp"


def subset_for(text: str, cache_dir: Path | None = None) -> Subset:
    """The font cut down to the characters of `text` (and printable ASCII), as WOFF2."""
    font_file = font_path()
    font_bytes = font_file.read_bytes()
    chars = "".join(sorted(set(text) | set(ALWAYS)))
    key = hashlib.sha256(
        b"\x1e".join([hashlib.sha256(font_bytes).digest(), SUBSET_VERSION.encode(), chars.encode("utf-8", "surrogatepass")])
    ).hexdigest()[:32]
    cached = _read_cache(cache_dir, key)
    if cached is not None:
        return cached
    subset = _make_subset(font_bytes, chars, key)
    _write_cache(cache_dir, subset)
    return subset


def _make_subset(font_bytes: bytes, chars: str, key: str) -> Subset:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]  # keep the copyright and licence records (0, 13, 14): the OFL asks for them
    options.hinting = False  # smaller; screens render CJK outlines well without hints
    options.desubroutinize = True  # smaller once compressed (420 KB instead of 444 KB on 2,700 characters), as fast
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE"]  # the page is written horizontally
    options.layout_features = ["ccmp", "locl", "kern", "liga"]  # not palt/vert: the page uses neither
    # recalcBBoxes=False: the hhea/head bounds of the whole font are kept (they only matter for clipping, and
    # recomputing them walks every CFF outline in Python); recalcTimestamp=False keeps the bytes reproducible.
    font = TTFont(io.BytesIO(font_bytes), recalcBBoxes=False, recalcTimestamp=False)
    cmap = font.getBestCmap()
    unicodes = sorted({ord(c) for c in chars} & set(cmap))
    missing = "".join(c for c in chars if ord(c) not in cmap and c.isprintable() and not c.isspace())
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    with _brotli_quality(BROTLI_QUALITY):
        font.save(out)
    return Subset(out.getvalue(), key, len(unicodes), missing)


@contextlib.contextmanager
def _brotli_quality(quality: int):
    """fontTools' WOFF2 writer calls brotli.compress without a quality (so 11, the slowest); give it one.

    The writer's module reference to brotli is swapped for the duration of one save and put back.
    """
    from fontTools.ttLib import woff2 as woff2_module

    real = getattr(woff2_module, "brotli", None)
    if real is None or not hasattr(real, "compress"):
        yield  # another fontTools layout: its own default
        return

    class _Brotli:
        def __getattr__(self, name):
            return getattr(real, name)

        @staticmethod
        def compress(data, *args, **kwargs):
            kwargs.setdefault("quality", quality)
            return real.compress(data, *args, **kwargs)

    woff2_module.brotli = _Brotli()
    try:
        yield
    finally:
        woff2_module.brotli = real


# ---------------------------------------------------------------- the cache of the last subset


def _cache_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"{key}.woff2"


def _read_cache(cache_dir: Path | None, key: str) -> Subset | None:
    """The subset kept under `key`, or None (none kept, or a file cut short by a killed run)."""
    if cache_dir is None:
        return None
    try:
        data = _cache_file(cache_dir, key).read_bytes()
        # <4-byte length of a JSON header><header: n_chars, missing><the WOFF2 file>
        size = int.from_bytes(data[:4], "big")
        header = json.loads(data[4 : 4 + size])
        woff2 = data[4 + size :]
    except (OSError, ValueError):
        return None
    if woff2[:4] != WOFF2_SIGNATURE or len(woff2) < 48 or int.from_bytes(woff2[8:12], "big") != len(woff2):
        return None
    return Subset(woff2, key, header["n_chars"], header["missing"])


def _write_cache(cache_dir: Path | None, subset: Subset) -> None:
    """Keep this subset as the only one (a best effort: the page does not depend on it)."""
    if cache_dir is None:
        return
    header = json.dumps({"n_chars": subset.n_chars, "missing": subset.missing}, ensure_ascii=False).encode()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = _cache_file(cache_dir, subset.key)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(len(header).to_bytes(4, "big") + header + subset.woff2)
        os.replace(tmp, path)
        for other in cache_dir.iterdir():
            if other.name != path.name:
                other.unlink(missing_ok=True)
    except OSError:
        pass
