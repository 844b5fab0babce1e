"""decode_bytes: encodings of real seed articles, rejects with their reasons, damaged UTF-8."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from pipeline.decode import Decoded, DecodeRejected, decode_bytes
from pipeline.errors import REJECT_REASONS

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# Seeds 001 and 004 hold only characters that Shift_JIS (cp932) and EUC-JP can encode; 000,
# 002 and 003 contain `·`, `—`, `•` or simplified hanzi, which those encodings lack.
ROUND_TRIP_SEEDS = ("001_2a5242382c8ebb9d.txt", "004_31e08d796ed10cc3.txt")


def seed(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ROUND_TRIP_SEEDS)
@pytest.mark.parametrize(
    ("make_bytes", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf_8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf_8_sig"),
        (lambda t: t.encode("utf-16"), "utf_16"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf_16"),
        (lambda t: t.encode("utf-16-le"), "utf_16_le"),
        (lambda t: t.encode("utf-16-be"), "utf_16_be"),
        (lambda t: t.encode("cp932"), "cp932"),
        (lambda t: t.encode("shift_jis"), "cp932"),
        (lambda t: t.encode("euc_jp"), "euc_jp"),
        (lambda t: t.encode("iso2022_jp"), "iso2022_jp"),
        (lambda t: t.replace("\n", "\r\n").encode("cp932"), "cp932"),
    ],
)
def test_same_article_in_every_encoding_decodes_to_the_same_text(name, make_bytes, encoding):
    text = seed(name)
    decoded = decode_bytes(make_bytes(text))
    assert decoded == Decoded(text=text, encoding=encoding, replaced=0)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("NATO首脳会議\r\n今週ハーグで\r\n".encode("cp932"), "NATO首脳会議\n今週ハーグで\n"),
        ("一行目\r二行目\r".encode("utf-8"), "一行目\n二行目\n"),
        ("\ufeffSHARE:\r\n".encode("utf-8"), "SHARE:\n"),
        ("テスト".encode("cp932"), "テスト"),
        ("日本".encode("cp932"), "日本"),
        ("日本".encode("euc_jp"), "日本"),
        ("あ".encode("euc_jp"), "あ"),
        ("Hello\n".encode("utf-16-le"), "Hello\n"),
    ],
)
def test_short_texts_and_line_endings(data, text):
    assert decode_bytes(data).text == text


@pytest.mark.parametrize(
    ("data", "reason", "detail"),
    [
        (b"", "empty", "0 bytes"),
        (b"  \n\t\r\n", "blank", "6 bytes of whitespace"),
        ("\u3000\u3000\n".encode("utf-8"), "blank", "7 bytes of whitespace"),
        ("\u3000 \n".encode("utf-16"), "blank", "8 bytes of whitespace"),
        ("\u3000\n".encode("cp932"), "blank", "3 bytes of whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", "looks like a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary", "looks like a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "binary", "looks like a GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "binary", "looks like a PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary", "looks like a ZIP archive (or a docx/xlsx/epub file)"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "binary", "looks like gzip-compressed data"),
        (b"\x7fELF\x02\x01\x01\x00", "binary", "looks like an ELF executable"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "binary", "looks like a Windows executable"),
        ("本文\x00の途中にNUL".encode("utf-8"), "nul_bytes", "1 NUL bytes, the first at byte 6"),
        (b"\x00" * 10, "nul_bytes", "10 NUL bytes, the first at byte 0"),
    ],
)
def test_rejects(data, reason, detail):
    with pytest.raises(DecodeRejected) as info:
        decode_bytes(data)
    assert (info.value.reason, info.value.detail) == (reason, detail)
    assert info.value.reason in REJECT_REASONS


@pytest.mark.parametrize("text", ["MZ は人名の略称です。", "BMW の新型車", "BZh というラベル"])
def test_text_starting_like_a_weak_signature_is_text(text):
    assert decode_bytes(text.encode("utf-8")).text == text


def test_random_bytes_are_undecodable_not_mojibake():
    data = bytes((i * 7919 + 13) % 127 + 129 for i in range(3000))
    with pytest.raises(DecodeRejected) as info:
        decode_bytes(data)
    assert info.value.reason == "undecodable"


def test_a_few_damaged_bytes_in_utf8_are_replaced_and_counted():
    text = seed("004_31e08d796ed10cc3.txt")
    data = bytearray(text.encode("utf-8"))
    digits = [m.start() for m in re.finditer(rb"[0-9]", bytes(data))][:3]
    for pos in digits:
        data[pos] = 0xFF  # one invalid byte in place of an ASCII digit
    decoded = decode_bytes(bytes(data))
    assert (decoded.encoding, decoded.replaced) == ("utf_8", 3)
    assert decoded.text.count("\ufffd") == 3
    assert len(decoded.text) == len(text)
    assert [a for a, b in zip(decoded.text, text) if a != b] == ["\ufffd"] * 3


def test_heavily_damaged_utf8_is_undecodable():
    data = bytearray(seed("004_31e08d796ed10cc3.txt").encode("utf-8"))
    for pos in range(0, len(data), 50):
        data[pos] = 0xFF
    with pytest.raises(DecodeRejected) as info:
        decode_bytes(bytes(data))
    assert info.value.reason == "undecodable"


@pytest.mark.parametrize(
    ("text", "codec", "encoding"),
    [
        ("中华人民共和国是一个国家，这样的话我们就说。", "gb18030", "gb18030"),
        ("Привет, как дела? Это русский текст.", "cp1251", "cp1251"),
    ],
)
def test_other_languages_go_to_the_detector(text, codec, encoding):
    assert decode_bytes(text.encode(codec)) == Decoded(text=text, encoding=encoding)


def test_five_megabyte_single_line_file():
    line = seed("004_31e08d796ed10cc3.txt").replace("\n", "") * 700
    decoded = decode_bytes(line.encode("utf-8"))
    assert (decoded.encoding, len(decoded.text), decoded.text.count("\n")) == ("utf_8", len(line), 0)
    assert decode_bytes(line.encode("cp932")).text == line


def test_unknown_reason_is_a_bug():
    with pytest.raises(ValueError):
        DecodeRejected("no_such_reason", "")
