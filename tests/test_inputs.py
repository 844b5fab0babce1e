"""Input formats: JSON Lines, CSV/TSV and HTML beside plain text, one document per article, a
reject per bad row, and documents with no Japanese reported instead of silently empty.

The corpus is tests/fixtures/inputs/ (written for these tests):
  feeds/articles.jsonl   rows 1 and 6 good (two spellings of the fields), 2 bad JSON, 3 blank,
                         4 no text, 5 a date that is not one, 7 not an object
  feeds/articles.csv     rows 2 and 4 good (4 spans two lines), 3 one field too many, 6 no text
  web/*.htm*             two news pages with navigation, share buttons, related links and footers;
                         one in Shift_JIS with JSON-LD and no URL
  plain/                 a Wikinews-style article (body, then its cited sources), an English-only
                         article and an empty file
"""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import ingest, readers
from pipeline.decode import declared_charset, decode_bytes
from pipeline.errors import REJECT_REASONS, ExitCode, reject_message
from pipeline.ids import bytes_id, stable_id

from .conftest import run_cli

INPUTS = Path(__file__).resolve().parent / "fixtures" / "inputs"
D = datetime.date

# (path, row, input_format, input_id, title, published, url, source, input_lang, reference_date, reference_source, encoding, status)
EXPECTED_DOCUMENTS = [
    ("feeds/articles.csv", 2, "csv", "ks-0501", "松本城の観光客、過去最多の120万人", D(2024, 5, 1),
     "https://www.azusa-shinpo.example.jp/ks-0501", "梓新報", None, D(2024, 5, 1), "metadata", "utf_8", "ok"),
    ("feeds/articles.csv", 4, "csv", "ks-0503", "上高地の開山祭、3年ぶりに一般公開", D(2024, 4, 27),
     "https://www.azusa-shinpo.example.jp/ks-0503", "梓新報", None, D(2024, 4, 27), "metadata", "utf_8", "ok"),
    ("feeds/articles.jsonl", 1, "jsonl", "sn-0412", "静岡市の桜が満開、平年より5日早く", D(2024, 4, 12),
     "https://www.suruga-nichinichi.example.jp/articles/sn-0412", "駿河日日新聞", None, D(2024, 4, 12), "metadata", "utf_8", "ok"),
    ("feeds/articles.jsonl", 6, "jsonl", "sn-0416", "沼津港で初ガツオ水揚げ、昨年の1.5倍", D(2024, 4, 15),
     "https://www.suruga-nichinichi.example.jp/articles/sn-0416", "駿河日日新聞", "ja", D(2024, 4, 15), "metadata", "utf_8", "ok"),
    ("plain/english-only.txt", None, "txt", None, "Harbour festival draws record crowd", None,
     None, None, None, None, None, "utf_8", "not_japanese"),
    ("plain/wikinews-style.txt", None, "txt", None, "釧路沖で震度4の地震、けが人の報告なし", None,
     None, None, None, D(2007, 4, 12), "cited_sources", "utf_8", "ok"),
    ("web/kitakaze-ferry.htm", None, "html", None, "北風フェリー、函館―大間航路を増便へ 夏の観光需要に対応", D(2024, 6, 3),
     None, "北風ニュース", "ja", D(2024, 6, 3), "metadata", "cp932", "ok"),
    ("web/wangan-water.html", None, "html", None, "港区で水道管破裂、約300世帯が断水", D(2024, 5, 21),
     "https://www.wangan-times.example.jp/news/2024/05/21/water.html", "湾岸タイムズ", "ja", D(2024, 5, 21), "metadata", "utf_8", "ok"),
]
DOCUMENT_COLUMNS = ("path", "row", "input_format", "input_id", "title", "published", "url", "source", "input_lang",
                    "reference_date", "reference_source", "encoding", "status")

# (path, row, reason, detail)
EXPECTED_REJECTS = [
    ("feeds/articles.csv", 3, "bad_csv_row", "7 fields where the header has 6"),
    ("feeds/articles.csv", 6, "missing_text", "body is empty"),
    ("feeds/articles.jsonl", 2, "bad_json", "Unterminated string starting at: column 47"),
    ("feeds/articles.jsonl", 4, "missing_text", "no text/body/content/article field; it has id, published, title"),
    ("feeds/articles.jsonl", 5, "bad_date", "'先週の金曜日'"),
    ("feeds/articles.jsonl", 7, "not_an_object", "a string"),
    ("plain/empty.txt", None, "empty", "0 bytes"),
]


def _rows(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


# ---------------------------------------------------------------- readers alone (no models)


def test_each_extension_has_its_format_whatever_its_case():
    assert [readers.format_of(p)[0] for p in ("a.txt", "b.JSONL", "c.ndjson", "d.csv", "e.Tsv", "f.html", "g.HTM")] == [
        "txt", "jsonl", "jsonl", "csv", "tsv", "html", "html"]
    assert ingest.discover(INPUTS).ignored == ()


def test_jsonl_fields_are_found_under_their_spellings_ignoring_case():
    text = "\n".join([
        '{"ID": 7, "Headline": "記事A", "Content": "本文A。", "PubDate": "2024/5/1", "Site": "A新聞", "Language": "ja"}',
        '{"id": "x", "article": "本文B。", "link": " https://b.example.jp/1 ", "pubdate": "20240502", "publisher": "B通信"}',
        '{"text": "本文C。", "published_at": "2024年5月3日 9時", "body": "使われない本文"}',
    ])
    assert list(readers.read_jsonl(text)) == [
        readers.Row(1, "本文A。", title="記事A", published=D(2024, 5, 1), source="A新聞", input_id="7", lang="ja"),
        readers.Row(2, "本文B。", url="https://b.example.jp/1", published=D(2024, 5, 2), source="B通信", input_id="x"),
        readers.Row(3, "本文C。", published=D(2024, 5, 3)),
    ]


def test_jsonl_bad_rows_say_what_is_wrong_and_the_other_rows_go_on():
    text = '{"text": "一。"}\n{"text": "二。", "title": ["a"]}\n{"text": 3}\n{"text": "  "}\nnull\n{"text": "四。"}\n'
    assert list(readers.read_jsonl(text)) == [
        readers.Row(1, "一。"),
        readers.BadRow(2, "bad_field", "title: a list"),
        readers.Row(3, "3"),
        readers.BadRow(4, "missing_text", "text is empty"),
        readers.BadRow(5, "not_an_object", "null"),
        readers.Row(6, "四。"),
    ]


def test_csv_rows_are_numbered_by_the_line_they_start_on():
    text = 'title,text\n"二行の記事","一行目。\n二行目。"\n\n短い記事,三行目。\n'
    assert list(readers.read_csv(text)) == [
        readers.Row(2, "一行目。\n二行目。", title="二行の記事"),
        readers.Row(5, "三行目。", title="短い記事"),
    ]


def test_tsv_and_csv_file_level_problems():
    assert list(readers.read_tsv("見出し\tbody\n台風\t台風10号が上陸した。\n")) == [readers.Row(2, "台風10号が上陸した。")]
    assert list(readers.read_csv("headline,summary\n台風,上陸\n")) == [
        readers.BadRow(None, "no_text_field", "looked for text, body, content, article; the header has headline, summary")]
    assert list(readers.read_csv("id,text\n")) == [readers.BadRow(None, "no_rows", "")]
    assert list(readers.read_csv('text,id\n"閉じない引用,1\n')) == [readers.BadRow(2, "bad_csv_row", "unexpected end of data")]


def test_field_names_given_by_the_user_replace_the_spellings():
    fields = readers.field_names({"text": "Honbun", "published": "haishin"})
    assert fields["text"] == ("honbun",) and fields["title"] == ("title", "headline")
    text = '{"honbun": "本文。", "haishin": "2024-05-21"}\n{"text": "本文。"}\n'
    assert list(readers.read_jsonl(text, fields)) == [
        readers.Row(1, "本文。", published=D(2024, 5, 21)),
        readers.BadRow(2, "missing_text", "no honbun field; it has text"),
    ]
    with pytest.raises(ValueError, match="unknown field"):
        readers.field_names({"author": "by"})


@pytest.mark.parametrize(("value", "day"), [
    ("2024-05-21", D(2024, 5, 21)),
    ("2024-05-21T23:30:00-05:00", D(2024, 5, 21)),  # the day as written, not converted
    ("2024/5/21", D(2024, 5, 21)),
    ("2024.05.21 08:15", D(2024, 5, 21)),
    ("20240521", D(2024, 5, 21)),
    ("2024年5月21日(火)", D(2024, 5, 21)),
    ("Tue, 21 May 2024 08:15:00 +0900", D(2024, 5, 21)),
    ("2024-02-30", None),
    ("5月21日", None),
    ("先週の金曜日", None),
])
def test_publication_dates(value, day):
    assert readers.parse_date(value) == day


def test_a_page_dated_after_today_keeps_its_date():
    page = ('<html lang="ja"><head><meta property="article:published_time" content="2031-03-01T09:00:00+09:00">'
            '<meta property="og:title" content="新橋が開通"></head><body><article><p>新しい橋が1日に開通した。'
            '総工費は約120億円で、通行料は無料となる。</p></article></body></html>')
    assert list(readers.read_html(page)) == [
        readers.Row(None, "新しい橋が1日に開通した。総工費は約120億円で、通行料は無料となる。\n", title="新橋が開通", published=D(2031, 3, 1), lang="ja")]


def test_a_page_whose_charset_is_declared_is_decoded_with_it():
    page = '<html><head><meta charset="EUC-JP"></head><body><p>函館で雪。</p></body></html>'.encode("euc_jp")
    assert declared_charset(page) == "euc_jp"
    assert decode_bytes(page, declared=declared_charset(page)).encoding == "euc_jp"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">') == "cp932"
    assert declared_charset(b"<p>no charset</p>") is None


def test_every_row_of_a_file_is_a_document_with_its_own_doc_id():
    data = (INPUTS / "feeds" / "articles.jsonl").read_bytes()
    read = ingest.read_document(ingest.SourceFile("feeds/articles.jsonl", INPUTS / "feeds" / "articles.jsonl"), max_bytes=10**6)
    documents = [d for d in read if isinstance(d, ingest.ReadDocument)]
    assert [(d.row, d.doc_id) for d in documents] == [(1, stable_id(bytes_id(data), 1)), (6, stable_id(bytes_id(data), 6))]
    assert [(r.row, r.reason) for r in read if isinstance(r, ingest.Reject)] == [(2, "bad_json"), (4, "missing_text"), (5, "bad_date"), (7, "not_an_object")]
    assert documents[0].text.startswith("静岡地方気象台は12日、")


def test_every_new_reason_has_a_message_saying_what_to_do():
    assert reject_message("bad_date", "'先週'") == "the publication date '先週' is not a date; write it as YYYY-MM-DD, or pass --published-field with another field"
    assert ingest.Reject("a.jsonl", "bad_json", "x", row=3).message.startswith("a.jsonl row 3: the line is not valid JSON (x)")
    for reason in ("bad_json", "not_an_object", "bad_csv_row", "no_text_field", "no_rows", "missing_text", "bad_field", "bad_date", "no_article_text"):
        assert reason in REJECT_REASONS


# ---------------------------------------------------------------- the whole pipeline on the corpus


@pytest.fixture(scope="module")
def inputs_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("inputs") / "out"
    result = run_cli("extract", "--corpus", str(INPUTS), "--out", str(out), "--workers", "1", "--quiet", check=False)
    return out, result


def _doc_ids(out: Path) -> dict[tuple[str, int | None], str]:
    return {(r["path"], r["row"]): r["doc_id"] for r in _rows(out / "documents.parquet")}


def test_the_documents_table_has_one_row_per_article_with_its_metadata(inputs_run):
    out, result = inputs_run
    assert result.returncode == ExitCode.OK, result.stderr
    rows = _rows(out / "documents.parquet")
    assert [tuple(r[c] for c in DOCUMENT_COLUMNS) for r in rows] == EXPECTED_DOCUMENTS


def test_the_rejects_table_names_the_file_and_row_of_every_bad_row(inputs_run):
    out, result = inputs_run
    assert [tuple(r.values()) for r in _rows(out / "rejects.parquet")] == EXPECTED_REJECTS
    stderr = result.stderr.splitlines()
    assert [line for line in stderr if line.startswith("skipped ")] == [
        "skipped feeds/articles.csv row 3: the row is not a valid record (7 fields where the header has 6); quote fields that hold the delimiter, a quote or a line break",
        "skipped feeds/articles.csv row 6: the row has no article text (body is empty); put it in a text, body, content or article field, or pass --text-field",
        "skipped feeds/articles.jsonl row 2: the line is not valid JSON (Unterminated string starting at: column 47); fix the line or remove it",
        "skipped feeds/articles.jsonl row 4: the row has no article text (no text/body/content/article field; it has id, published, title); put it in a text, body, content or article field, or pass --text-field",
        "skipped feeds/articles.jsonl row 5: the publication date '先週の金曜日' is not a date; write it as YYYY-MM-DD, or pass --published-field with another field",
        "skipped feeds/articles.jsonl row 7: the line holds a string, not a JSON object; write one object per line",
        "skipped plain/empty.txt: the file is empty",
    ]
    manifest = json.loads((out / "manifest.json").read_text())
    assert [(r["path"], r["reason"]) for r in manifest["rejects"]] == [(p, reason) for p, _, reason, _ in EXPECTED_REJECTS]


def test_an_english_only_document_is_reported_not_silently_empty(inputs_run):
    out, result = inputs_run
    assert ("not Japanese: 1 document(s) with no Japanese sentence, e.g. plain/english-only.txt "
            "(status not_japanese in documents); pass --lang all to analyse them") in result.stderr.splitlines()
    english = _doc_ids(out)[("plain/english-only.txt", None)]
    sentences = [r for r in _rows(out / "sentences.parquet") if r["doc_id"] == english]
    assert [(r["lang"], r["analysed"]) for r in sentences] == [("en", False)] * 3


def test_the_html_pages_keep_the_article_and_drop_the_boilerplate(inputs_run):
    out, _ = inputs_run
    doc_ids = _doc_ids(out)
    sentences = _rows(out / "sentences.parquet")
    for path in ("web/wangan-water.html", "web/kitakaze-ferry.htm"):
        texts = [r["text"] for r in sentences if r["doc_id"] == doc_ids[(path, None)]]
        assert not any(word in t for t in texts for word in ("ホーム", "関連記事", "あわせて読みたい", "ランキング", "プライバシー", "Copyright", "ツイート")), path
    ferry = [r["text"] for r in sentences if r["doc_id"] == doc_ids[("web/kitakaze-ferry.htm", None)]]
    assert ferry[0] == "北風フェリー、函館―大間航路を増便へ 夏の観光需要に対応"
    assert ferry[-1] == "函館市の観光担当者は「津軽海峡を渡る人が増えれば、道南全体の観光にも追い風になる」と期待を寄せた。"


def test_a_published_date_from_metadata_anchors_the_rows_dates(inputs_run):
    out, _ = inputs_run
    sakura = _doc_ids(out)[("feeds/articles.jsonl", 1)]
    dates = {r["text"]: r["date"] for r in _rows(out / "claims.parquet") if r["doc_id"] == sakura and r["kind"] == "date"}
    assert dates == {"12日": "2024-04-12", "昨年": "2023", "18日ごろ": "2024-04-18"}


def test_a_wikinews_source_list_yields_no_claims_or_mentions(inputs_run):
    out, _ = inputs_run
    article = _doc_ids(out)[("plain/wikinews-style.txt", None)]
    sentences = [r for r in _rows(out / "sentences.parquet") if r["doc_id"] == article]
    sources = {r["sent_idx"]: r["text"] for r in sentences if "source" in r["flags"]}
    assert sources == {
        5: "北海タイムス『釧路で震度4、被害の報告なし』。",
        6: "北海タイムス、2007年4月12日。",
        7: "気象通信『北海道東部で地震 M5.1 津波なし』。",
        8: "気象通信社、2007年4月12日。",
    }
    assert not any(r["analysed"] for r in sentences if r["sent_idx"] in sources)
    mentions = [r for r in _rows(out / "mentions.parquet") if r["doc_id"] == article]
    claims = [r for r in _rows(out / "claims.parquet") if r["doc_id"] == article]
    assert [r for r in mentions + claims if r["sent_idx"] in sources] == []
    assert not {"北海タイムス", "気象通信", "気象通信社", "北海道東部"} & {r["text"] for r in mentions}
    assert {r["text"] for r in claims} == {"震度4", "12日午前3時10分", "約50キロ", "マグニチュード5.1"}


def test_a_second_run_is_up_to_date_and_byte_identical(inputs_run, tmp_path):
    out, _ = inputs_run
    again = tmp_path / "again"
    shutil.copytree(out, again)
    run_cli("extract", "--corpus", str(INPUTS), "--out", str(again), "--quiet", check=False)
    manifest = json.loads((again / "manifest.json").read_text())
    assert manifest["up_to_date"] is True  # nothing re-read differently: the tables were kept
    for table in sorted(out.glob("*.parquet")):
        assert (again / table.name).read_bytes() == table.read_bytes(), table.name


def test_lang_all_analyses_the_english_document(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(INPUTS / "plain" / "english-only.txt", corpus)
    out = tmp_path / "out"
    result = run_cli("extract", "--corpus", str(corpus), "--out", str(out), "--quiet", "--lang", "all")
    assert "not Japanese" not in result.stderr
    assert [r["status"] for r in _rows(out / "documents.parquet")] == ["ok"]
    assert [(r["lang"], r["analysed"]) for r in _rows(out / "sentences.parquet")] == [("en", True)] * 3
    assert [(r["text"], r["value"]) for r in _rows(out / "claims.parquet")] == [("40,000", 40000.0)]


@pytest.mark.parametrize("page, reason", [
    ('<html lang="ja"><body><nav><ul><li><a href="/">ホーム</a></li><li><a href="/n">ニュース</a></li>'
     '<li><a href="/a">会社概要</a></li></ul></nav><footer>© 湾岸タイムズ</footer></body></html>', "no_article_text"),
    ('<html lang="ja"><body><div class="menu"><a href="/">トップ</a></div><div><p>トップ</p></div></body></html>', "no_article_text"),
])
def test_a_page_of_menus_only_is_no_article(page, reason):
    from pipeline.readers import BadRow, read_html

    rows = list(read_html(page))
    assert len(rows) == 1 and isinstance(rows[0], BadRow) and rows[0].reason == reason


def test_a_short_page_with_a_sentence_is_an_article():
    from pipeline.readers import Row, read_html

    page = '<html lang="ja"><body><article><p>港区で水道管が破裂した。</p></article></body></html>'
    rows = list(read_html(page))
    assert len(rows) == 1 and isinstance(rows[0], Row) and rows[0].text == "港区で水道管が破裂した。\n"
