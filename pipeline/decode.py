"""Bytes to text: find the encoding of a file, or say plainly why it is not text.

Japanese files come as UTF-8 (with or without BOM), UTF-16 with a BOM, Shift_JIS/CP932,
EUC-JP or ISO-2022-JP. Order of trials, and why:

1. signatures of binary formats (PNG, PDF, ZIP...) -> "binary": a clear message beats mojibake;
2. a BOM decides UTF-32/UTF-16/UTF-8-sig outright;
3. NUL bytes mean UTF-16 without a BOM (accepted only if it decodes to clean text) or not text;
4. strict UTF-8, then ISO-2022-JP when escape sequences are present;
5. UTF-8 with a few damaged bytes (< 1 % and far outnumbered by valid multi-byte sequences),
   decoded with U+FFFD and counted in `replaced`;
6. CP932 and EUC-JP strictly, kept only when the result looks like Japanese (kana, kanji and
   Japanese punctuation, not half-width katakana soup), the best-looking one wins;
   (before 6, a charset the file declares itself, as a web page does in <meta charset>, is tried
   strictly: it decides between Shift_JIS and EUC-JP on short pages; a wrong one fails and is skipped);
7. charset-normalizer for anything else (Latin-1, GB18030, ...), kept only when its result
   is coherent; otherwise "undecodable". Mojibake is never returned silently.

The returned text has CRLF and lone CR turned into LF and no leading BOM: it is the
"original text" every offset of the pipeline points into.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from pipeline.errors import REJECT_REASONS


@dataclass(frozen=True)
class Decoded:
    text: str  # decoded, CRLF/CR -> LF, BOM removed: the original text all offsets point into
    encoding: str  # Python codec name with underscores, e.g. "utf_8", "utf_8_sig", "cp932"
    replaced: int = 0  # undecodable bytes replaced by U+FFFD (only in damaged UTF-8)


class DecodeRejected(Exception):
    """The bytes are not usable text; `reason` is a key of pipeline.errors.REJECT_REASONS."""

    def __init__(self, reason: str, detail: str):
        if reason not in REJECT_REASONS:
            raise ValueError(f"unknown reject reason {reason!r}")
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


# (magic bytes at offset 0, description, needs NUL bytes nearby to count). The weak ones
# ("MZ", "BM") are two letters a text file may well start with, so they need binary evidence.
_SIGNATURES: tuple[tuple[bytes, str, bool], ...] = (
    (b"\x89PNG\r\n\x1a\n", "looks like a PNG image", False),
    (b"\xff\xd8\xff", "looks like a JPEG image", False),
    (b"GIF87a", "looks like a GIF image", False),
    (b"GIF89a", "looks like a GIF image", False),
    (b"%PDF-", "looks like a PDF document", False),
    (b"PK\x03\x04", "looks like a ZIP archive (or a docx/xlsx/epub file)", False),
    (b"PK\x05\x06", "looks like an empty ZIP archive", False),
    (b"PK\x07\x08", "looks like a ZIP archive", False),
    (b"\x1f\x8b", "looks like gzip-compressed data", False),
    (b"BZh", "looks like bzip2-compressed data", True),
    (b"\xfd7zXZ\x00", "looks like xz-compressed data", False),
    (b"(\xb5/\xfd", "looks like zstd-compressed data", False),
    (b"7z\xbc\xaf'\x1c", "looks like a 7-Zip archive", False),
    (b"Rar!\x1a\x07", "looks like a RAR archive", False),
    (b"\x7fELF", "looks like an ELF executable", False),
    (b"\xcf\xfa\xed\xfe", "looks like a Mach-O executable", False),
    (b"\xce\xfa\xed\xfe", "looks like a Mach-O executable", False),
    (b"\xca\xfe\xba\xbe", "looks like a Java class or Mach-O universal binary", False),
    (b"\x00asm", "looks like a WebAssembly module", False),
    (b"MZ", "looks like a Windows executable", True),
    (b"BM", "looks like a BMP image", True),
    (b"II*\x00", "looks like a TIFF image", False),
    (b"MM\x00*", "looks like a TIFF image", False),
    (b"8BPS", "looks like a Photoshop image", False),
    (b"OggS", "looks like Ogg audio/video", False),
    (b"fLaC", "looks like FLAC audio", False),
    (b"ID3", "looks like MP3 audio", True),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "looks like an old Microsoft Office document", False),
    (b"SQLite format 3\x00", "looks like an SQLite database", False),
    (b"PAR1", "looks like a Parquet file", True),
    (b"\x00\x00\x01\x00", "looks like an icon file", False),
)
_RIFF_KINDS = {b"WEBP": "looks like a WebP image", b"WAVE": "looks like WAV audio", b"AVI ": "looks like AVI video"}

_BOMS: tuple[tuple[bytes, str], ...] = (  # UTF-32 first: its LE BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf_32"),
    (codecs.BOM_UTF32_BE, "utf_32"),
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)

_MAX_DAMAGED_FRACTION = 0.01  # damaged UTF-8 is repaired only below this share of bad bytes
_SAMPLE_CHARS = 200_000  # enough text to judge a decoding; keeps 5 MB files fast

_HIRAGANA = re.compile("[\u3041-\u309f]")
_KATAKANA = re.compile("[\u30a0-\u30ff\u31f0-\u31ff]")
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006]")
_JA_PUNCT = re.compile("[\u3000-\u3004\u3007-\u303f\uff01-\uff5e]")
_HALFWIDTH_KATAKANA = re.compile("[\uff61-\uff9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes kept by the surrogateescape error handler
_NEWLINES = re.compile("\r\n?")
_NOT_TEXT_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})
# EBCDIC and 7-bit transfer encodings decode almost any bytes: a guess of them means "not text".
_IMPLAUSIBLE_CODECS = re.compile(r"cp0\d\d|cp273|cp424|cp5\d\d|cp875|cp10[0-9]\d|cp11[0-9]\d|utf_7|hz")
_BLANK = re.compile("[\\s\u200b-\u200d\u2060\ufeff]*")
_ISO2022_ESCAPES = re.compile(rb"\x1b(\$[@B]|\$\([DOPQ]|\(J)")


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a file's bytes, or raise DecodeRejected with a reason from REJECT_REASONS.

    `declared`: the charset the file names itself (declared_charset), tried after the BOM and
    strict UTF-8 and before any guess."""
    if not data:
        raise DecodeRejected("empty", "0 bytes")
    binary = _binary_kind(data)
    if binary:
        raise DecodeRejected("binary", binary)
    text, encoding, replaced = _decode(data, declared)
    text = _NEWLINES.sub("\n", text)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _BLANK.fullmatch(text):
        raise DecodeRejected("blank", f"{len(data):,} bytes of whitespace")
    return Decoded(text=text, encoding=encoding, replaced=replaced)


def _binary_kind(data: bytes) -> str:
    head = data[:1024]
    for magic, description, weak in _SIGNATURES:
        if data.startswith(magic) and (not weak or b"\x00" in head):
            return description
    if data[:4] == b"RIFF" and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    if data[4:8] == b"ftyp":
        return "looks like an MP4/QuickTime video"
    return ""


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_CHARSET_CODECS = {"shift_jis": "cp932", "sjis": "cp932", "x_sjis": "cp932", "windows_31j": "cp932", "ms_kanji": "cp932"}


def declared_charset(data: bytes) -> str | None:
    """The codec a web page names in its first 4 KB (<meta charset=...> or http-equiv), or None.
    Shift_JIS is read as CP932, the superset Japanese pages are written in."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        codec = codecs.lookup(m.group(1).decode("ascii")).name.replace("-", "_")
    except LookupError:
        return None
    return _CHARSET_CODECS.get(codec, codec)


def _decode(data: bytes, declared: str | None = None) -> tuple[str, str, int]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec, 0
            except UnicodeDecodeError as exc:
                raise DecodeRejected("undecodable", f"starts with a {codec} byte order mark but byte {exc.start} is invalid") from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        count, first = data.count(b"\x00"), data.index(b"\x00")
        raise DecodeRejected("nul_bytes", f"{count:,} NUL bytes, the first at byte {first:,}")
    if _ISO2022_ESCAPES.search(data):  # 7-bit, so it would pass as UTF-8: check it first
        for codec in ("iso2022_jp", "iso2022_jp_2004", "iso2022_jp_ext"):
            try:
                return data.decode(codec), codec, 0
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf_8"), "utf_8", 0
    except UnicodeDecodeError:
        pass
    if declared and declared not in ("utf_8", "ascii") and not _IMPLAUSIBLE_CODECS.fullmatch(declared):
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and not _CONTROL.search(text[:_SAMPLE_CHARS]):
            return text, declared, 0
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    japanese = _best_japanese(data)
    if japanese is not None:
        return japanese
    return _detected(data)


def _utf16_without_bom(data: bytes) -> tuple[str, str, int] | None:
    """UTF-16 without a BOM: its NUL bytes (from ASCII characters) all sit on one side of
    each code unit, which gives the byte order; accepted only if that decodes to clean text."""
    if len(data) % 2:
        return None
    nul_even = data[0::2].count(0)
    nul_odd = data[1::2].count(0)
    # Kanji such as U+4E00 put a NUL on the other side too, so a clear majority is enough.
    if nul_odd >= 4 * nul_even:
        codec = "utf_16_le"
    elif nul_even >= 4 * nul_odd:
        codec = "utf_16_be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    sample = text[:_SAMPLE_CHARS]
    if _CONTROL.search(sample) or not _looks_like_text(sample):
        return None
    return text, codec, 0


def _looks_like_text(sample: str) -> bool:
    """Almost only assigned, printable code points (no private use, controls or surrogates)."""
    if not sample:
        return False
    counts = Counter(sample)
    odd = sum(n for ch, n in counts.items() if unicodedata.category(ch) in _NOT_TEXT_CATEGORIES and ch not in "\n\t")
    return odd <= 0.02 * len(sample)


def _damaged_utf8(data: bytes) -> tuple[str, str, int] | None:
    """UTF-8 with a few invalid bytes: repair with U+FFFD when the damage is tiny."""
    head = data[:65536].decode("utf_8", errors="surrogateescape")
    if len(_ESCAPED.findall(head)) > 0.05 * len(head):  # clearly another encoding: skip the full pass
        return None
    text = data.decode("utf_8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(text))
    multibyte = len(_NON_ASCII.findall(text)) - bad
    if bad == 0 or bad >= _MAX_DAMAGED_FRACTION * len(data) or multibyte < 20 * bad:
        return None
    return _ESCAPED.sub("\ufffd", text), "utf_8", bad


def _japanese_score(text: str) -> float:
    """How much a decoding looks like Japanese: share of non-ASCII chars that are kana, kanji
    or Japanese punctuation, with half-width katakana and other code points counted against."""
    sample = text[:_SAMPLE_CHARS]
    non_ascii = len(_NON_ASCII.findall(sample))
    if non_ascii == 0:
        return 0.0
    hira = len(_HIRAGANA.findall(sample))
    kata = len(_KATAKANA.findall(sample))
    kanji = len(_KANJI.findall(sample))
    punct = len(_JA_PUNCT.findall(sample))
    half = len(_HALFWIDTH_KATAKANA.findall(sample))
    other = non_ascii - hira - kata - kanji - punct - half
    # Kanji are discounted: a wrong double-byte decoding also yields (rare) kanji.
    score = (hira + kata + punct + 0.6 * kanji - 2 * half - 2 * other) / non_ascii
    if hira == 0 and kata == 0:
        score -= 0.3  # kanji-only runs are weak evidence of Japanese
    return score


def _best_japanese(data: bytes) -> tuple[str, str, int] | None:
    candidates = []
    for codec in ("cp932", "euc_jp", "shift_jis_2004", "euc_jis_2004"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text[:_SAMPLE_CHARS]):
            continue
        candidates.append((_japanese_score(text), -len(candidates), text, codec))
    if not candidates:
        return None
    score, _, text, codec = max(candidates)
    if score < 0.25:  # a kanji-only text scores 0.3; wrong double-byte decodings go negative
        return None
    return text, codec, 0


def _detected(data: bytes) -> tuple[str, str, int]:
    from charset_normalizer import from_bytes  # late: only files that are neither UTF-8 nor Japanese need it

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeRejected("undecodable", "no encoding decodes it without errors")
    try:
        codec = codecs.lookup(best.encoding).name.replace("-", "_")
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        raise DecodeRejected("undecodable", f"the detector guessed {best.encoding}, which does not decode it") from None
    if _IMPLAUSIBLE_CODECS.fullmatch(codec):
        raise DecodeRejected("undecodable", f"the only encoding that decodes it is {codec}, which no news text uses")
    if best.chaos > 0.2 or _CONTROL.search(text[:_SAMPLE_CHARS]) or not _looks_like_text(text[:_SAMPLE_CHARS]):
        raise DecodeRejected("undecodable", f"the best guess, {codec}, gives garbled text")
    return text, codec, 0
