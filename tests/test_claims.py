"""What each number is about, read from GiNZA's parse of real seed sentences."""

from __future__ import annotations

import pytest

from pipeline.analysis.claims.context import ClaimContext, ParagraphState, claim_contexts


@pytest.fixture(scope="session")
def nlp():
    from pipeline.analysis.models import load_models

    return load_models().nlp


def spans_of(sentence: str, expressions: str) -> list[tuple[int, int, str]]:
    """'7万6千人:quantity|2025年6月:date' → (start, end, kind) of each surface in the sentence."""
    spans = []
    for item in filter(None, expressions.split("|")):
        surface, kind = item.rsplit(":", 1)
        start = sentence.index(surface)
        spans.append((start, start + len(surface), kind))
    return sorted(spans)


def context_of(nlp, paragraph: list[tuple[str, str]], surface: str) -> ClaimContext:
    """Run the paragraph's sentences in order; return the context of `surface` in the last one."""
    state = None
    for sentence, expressions in paragraph:
        spans = spans_of(sentence, expressions)
        contexts, state = claim_contexts(nlp(sentence), spans, state)
    index = [sentence[s:e] for s, e, _ in spans].index(surface)
    return contexts[index]


S000_SUMMIT = "2025年6月のハーグNATOサミット期間中、ヨーロッパの指導者たちは国防費をGDPの5%に引き上げることを約束した。"
S004_PLEDGE = "トランプは以前から、NATO加盟国はGDPの2%を防衛費に充てるという2014年の公約を守るべきだと強く主張しており、ルッテ事務総長もそれを認めていた。"
S003_SUMMIT = "2025年に開催されたNATO首脳会合では、加盟国の防衛費をGDP比5%に引き上げる目標が承認され、防衛体制の強化が加盟国間で合意された。"

CASES = [
    # (id, [(sentence, "surface:kind|…"), …], surface in the last sentence, subject, actor, time)
    ("000 threshold nsubj", [(
        "この「カエルを温水でゆっくり茹でる」ような戦略は、直ちに議会の監督ラインを引き起こすことを避けつつ(アメリカの法律では、ヨーロッパ駐留軍が7万6千人を下回る場合、議会に諮問する必要がある)、同時にヨーロッパの同盟国に持続的に圧力を伝えることができる。",
        "7万6千人:quantity")], "7万6千人", "ヨーロッパ駐留軍", None, None),
    ("000 obj raised to GDP share", [(S000_SUMMIT, "2025年6月:date|5%:percent")], "5%", "国防費", "ヨーロッパの指導者たち", "2025年6月"),
    ("000 counted noun, nsubj actor", [(
        "米国国防総省は欧州の同盟国に対し、NATOの約30の重要組織および軍事機構から約200名の要員を撤収する計画を正式に通知した。",
        "約30:quantity|約200名:quantity")], "約200名", "要員", "米国国防総省", None),
    ("000 counted noun with amod", [(
        "米国国防総省は欧州の同盟国に対し、NATOの約30の重要組織および軍事機構から約200名の要員を撤収する計画を正式に通知した。",
        "約30:quantity|約200名:quantity")], "約30", "重要組織", "米国国防総省", None),
    ("000 counted noun, time word", [(
        "分析によれば、影響を受ける機関には現在約400名のアメリカ人スタッフがおり、これは在这样的话,但是这样的话,但是这样的话。",
        "約400名:quantity")], "約400名", "アメリカ人スタッフ", None, "現在"),
    ("000 former target: subject and actor from the previous sentence", [
        (S000_SUMMIT, "2025年6月:date|5%:percent"),
        ("これは以前の2%の目標をはるかに上回り、アメリカ側の圧力への直接的な対応と見なすことができる。", "2%:percent"),
    ], "2%", "国防費", "ヨーロッパの指導者たち", "以前"),
    ("002 percent modifies its noun", [(
        "従来NATOはGDP比2%以上の防衛費という基準を掲げてきたが、トランプ政権はこれを大幅に強化し、2035年までにGDP比5%への引き上げを提案し、加盟国間で新たな共通防衛投資計画が合意された。",
        "GDP比2%以上:percent|2035年:date|GDP比5%:percent")], "GDP比2%以上", "防衛費", "NATO", "従来"),
    ("002 change noun takes the subject of the earlier claim, topic shared by clauses", [(
        "従来NATOはGDP比2%以上の防衛費という基準を掲げてきたが、トランプ政権はこれを大幅に強化し、2035年までにGDP比5%への引き上げを提案し、加盟国間で新たな共通防衛投資計画が合意された。",
        "GDP比2%以上:percent|2035年:date|GDP比5%:percent")], "GDP比5%", "防衛費", "トランプ政権", "2035年までに"),
    ("002 measured noun inside a frame compound", [(
        "NATO内部では、防衛費GDP比2%目標の未達成国が批判され、「結束」から「分担」への論点移行が進んだ。",
        "GDP比2%:percent")], "GDP比2%", "防衛費", None, None),
    ("002 demand to members, no stated actor", [(
        "防衛費の再定義:NATO加盟国に対しGDP比5%以上への段階的増加を求め、従来の2%基準を大きく引き上げた。",
        "GDP比5%以上:percent|2%:percent")], "GDP比5%以上", "防衛費", None, None),
    ("002 former standard in the same sentence", [(
        "防衛費の再定義:NATO加盟国に対しGDP比5%以上への段階的増加を求め、従来の2%基準を大きく引き上げた。",
        "GDP比5%以上:percent|2%:percent")], "2%", "防衛費", None, "従来"),
    ("003 possessor as actor, summit date", [(S003_SUMMIT, "2025年:date|GDP比5%:percent")], "GDP比5%", "防衛費", "加盟国", "2025年"),
    ("003 former target from the previous sentence; the later main clause's subject is not its actor", [
        (S003_SUMMIT, "2025年:date|GDP比5%:percent"),
        ("これは従来の2%目標を大きく上回るものであり、欧州諸国が安全保障への投資を増やす意思を示した。", "2%:percent"),
    ], "2%", "防衛費", "加盟国", "従来"),
    ("003 target of the noun a clause modifies", [(
        "NATO加盟国がGDP比5%を目標とする防衛費増加は、単に金額を増やすだけではなく、戦略的アセット整備の投資額としては依然として不足感がある。",
        "GDP比5%:percent")], "GDP比5%", "防衛費", "NATO加盟国", None),
    ("003 money, measure word 規模", [(
        "EU側でも、欧州防衛準備態勢2030(Readiness 2030)と呼ばれる総額8000億ユーロ規模の防衛強化計画が進行中で、武器システム・兵站・共同開発を通じた戦力強化が図られている。",
        "8000億ユーロ:money")], "8000億ユーロ", "防衛強化計画", None, None),
    ("004 allocation verb", [(S004_PLEDGE, "2%:percent|2014年:date")], "2%", "防衛費", "NATO加盟国", "2014年"),
    ("004 pronoun object refers back to the previous sentence's subject", [
        (S004_PLEDGE, "2%:percent|2014年:date"),
        ("2018年、トランプはこれを4%か5%に引き上げるべきだと提案したが、不合理だとして却下された。", "2018年:date|4%:percent|5%:percent"),
    ], "5%", "防衛費", "トランプ", "2018年"),
    ("004 first of two alternatives", [
        (S004_PLEDGE, "2%:percent|2014年:date"),
        ("2018年、トランプはこれを4%か5%に引き上げるべきだと提案したが、不合理だとして却下された。", "2018年:date|4%:percent|5%:percent"),
    ], "4%", "防衛費", "トランプ", "2018年"),
    ("004 period with 今後", [(
        "現在は、ロシアの脅威と米国の支援の両方に対する懸念の高まりを示す決定として、NATO加盟国(スペインを除く)は、今後10年間で防衛費をGDPの5%に引き上げることに合意した。",
        "10年間:duration|5%:percent")], "5%", "防衛費", "NATO加盟国", "今後10年間"),
    ("001 passive agent of a clause on the subject", [(
        "岸田政権下で決定された防衛費の対GDP比2%への増額、そしてトマホーク・ミサイルの大量購入は、あくまで「日米同盟の深化」を前提としたパズルの一部であった。",
        "GDP比2%:percent")], "GDP比2%", "防衛費", "岸田政権", None),
    ("004 date of a founding", [("NATOは1949年、ソ連の脅威に対する防衛同盟として設立された。", "1949年:date")], "1949年", "設立", "NATO", None),
    ("000 since-date on an organisation noun is its founding", [(
        "元NATO事務総長ラスムセンは、トランプのグリーンランド脅威は1949年以来の同盟にとって最大の挑戦であると評価した。",
        "1949年以来:date")], "1949年以来", "設立", "同盟", None),
    ("004 date of an event noun with its agent", [(
        "2022年のロシアによるウクライナ侵攻以来、NATOの首脳宣言にはすべて同じ形の言葉が用いられている。",
        "2022年:date")], "2022年", "ウクライナ侵攻", "ロシア", None),
    ("000 change noun with its compound", [("200のポスト削減は、序曲であって終章ではない。", "200:quantity")], "200", "ポスト", None, None),
    # Patterns the seeds lack, in plain sentences of our own
    ("number as predicate takes its topic", [("東京都の人口は約1400万人である。", "約1400万人:quantity")], "約1400万人", "人口", "東京都", None),
    ("noun compounded onto the number", [("人口約1400万人の東京都は日本の首都である。", "約1400万人:quantity")], "約1400万人", "人口", "東京都", None),
    ("one of: the の-noun is what is counted", [("ドイツは、NATO加盟国の一つである。", "一つ:quantity")], "一つ", "NATO加盟国", "ドイツ", None),
    ("a noun after a comma is not counted", [("特にバルト三国、ドイツ、フランスの間では認識が広まっている。", "三国:quantity")], "三国", None, None, None),
]


@pytest.mark.parametrize("paragraph, surface, subject, actor, time", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_subject_actor_time(nlp, paragraph, surface, subject, actor, time):
    ctx = context_of(nlp, paragraph, surface)
    assert (ctx.subject, ctx.actor, ctx.time) == (subject, actor, time)


SCOPES = [
    # The body a number belongs to, which facts merge on.
    ("leaders at a NATO summit act for NATO", [(S000_SUMMIT, "2025年6月:date|5%:percent")], "5%", "NATO", "GDP"),
    ("NATO加盟国 is NATO", [(S004_PLEDGE, "2%:percent|2014年:date")], "2%", "NATO", "GDP"),
    ("bare 加盟国 at a NATO meeting", [(S003_SUMMIT, "2025年:date|GDP比5%:percent")], "GDP比5%", "NATO", "GDP"),
    ("the organisation the sentence names", [(
        "NATO内部では、防衛費GDP比2%目標の未達成国が批判され、「結束」から「分担」への論点移行が進んだ。",
        "GDP比2%:percent")], "GDP比2%", "NATO", "GDP"),
    ("members a demand is made of", [(
        "防衛費の再定義:NATO加盟国に対しGDP比5%以上への段階的増加を求め、従来の2%基準を大きく引き上げた。",
        "GDP比5%以上:percent|2%:percent")], "2%", "NATO", "GDP"),
    ("Japan's own budget belongs to its government", [(
        "岸田政権下で決定された防衛費の対GDP比2%への増額、そしてトマホーク・ミサイルの大量購入は、あくまで「日米同盟の深化」を前提としたパズルの一部であった。",
        "GDP比2%:percent")], "GDP比2%", "岸田政権", "GDP"),
    ("base and scope carried to the next sentence", [
        (S000_SUMMIT, "2025年6月:date|5%:percent"),
        ("これは以前の2%の目標をはるかに上回り、アメリカ側の圧力への直接的な対応と見なすことができる。", "2%:percent"),
    ], "2%", "NATO", "GDP"),
    ("an alliance noun stands for the organisation named in the sentence", [(
        "元NATO事務総長ラスムセンは、トランプのグリーンランド脅威は1949年以来の同盟にとって最大の挑戦であると評価した。",
        "1949年以来:date")], "1949年以来", "NATO", None),
]


@pytest.mark.parametrize("paragraph, surface, scope, base", [c[1:] for c in SCOPES], ids=[c[0] for c in SCOPES])
def test_scope_and_base(nlp, paragraph, surface, scope, base):
    ctx = context_of(nlp, paragraph, surface)
    assert (ctx.scope, ctx.base) == (scope, base)


def test_state_is_threaded_not_kept(nlp):
    """The same sentence with no previous state knows nothing of the earlier one."""
    sentence = "これは以前の2%の目標をはるかに上回り、アメリカ側の圧力への直接的な対応と見なすことができる。"
    contexts, state = claim_contexts(nlp(sentence), spans_of(sentence, "2%:percent"), None)
    assert contexts == [ClaimContext(None, None, "以前", None, None)]
    assert state == ParagraphState()


def test_expressions_other_than_amounts_have_no_context(nlp):
    sentence = "NATO条約の根幹である第5条は、一般に「1国への攻撃はすべてへの攻撃」と言い換えられる。"
    contexts, _ = claim_contexts(nlp(sentence), spans_of(sentence, "第5条:legal"), None)
    assert contexts == [ClaimContext(None, None, None)]


def test_accepts_objects_with_offsets(nlp):
    from types import SimpleNamespace

    sentence = S000_SUMMIT
    start = sentence.index("GDPの5%")
    expr = SimpleNamespace(start=start, end=start + len("GDPの5%"), kind="percent", base="GDP")
    contexts, _ = claim_contexts(nlp(sentence), [expr], None)
    assert contexts[0] == ClaimContext("国防費", "ヨーロッパの指導者たち", "2025年6月", "GDP", "NATO")


# What a number or a date is about, one row per reading of pipeline.analysis.claims.context
# (sentences written for these tests): (reading, sentence, "surface:kind|…", surface, subject).
SUBJECT_CASES = [
    ("named event after a date", "2012年のロンドン五輪で金メダルを獲得した。", "2012年:date", "2012年", "ロンドン五輪"),
    ("named event after a date, with ・", "1998年・長野大会では7位だった。", "1998年:date", "1998年", "長野大会"),
    ("named event cut at its event word", "2020年夏季オリンピック開催都市の選考が始まった。", "2020年:date", "2020年", "夏季オリンピック"),
    ("light verb modifying its event", "理事会は3月2日に開いた臨時総会で予算を承認した。", "3月2日:date", "3月2日", "臨時総会"),
    ("light verb with its object", "両国の外相は5日、会談を行い、共同声明を出した。", "5日:date", "5日", "会談"),
    ("schedule verb with what it sets", "開幕式は8月5日に延期された。", "8月5日:date", "8月5日", "開幕式"),
    ("decision told by its こと-clause", "政府は10日、増税を延期することを決めた。", "10日:date", "10日", "延期"),
    ("predicate noun", "5月5日が創立記念日だ。", "5月5日:date", "5月5日", "創立記念日"),
    ("date in brackets after its event", "女子マラソン(8月7日)で優勝した。", "8月7日:date", "8月7日", "女子マラソン"),
    ("time noun passes to its clause", "彼は2010年のときに引退した。", "2010年:date", "2010年", "引退"),
    ("date suffix", "同紙は12日付の社説で批判した。", "12日:date", "12日", "社説"),
    ("streak on the noun it modifies", "日本は5大会ぶりの優勝を果たした。", "5大会:quantity", "5大会", "優勝"),
    ("streak compounded on its event", "日本は3大会連続出場を決めた。", "3大会:quantity", "3大会", "出場"),
    ("streak on a clause's object", "2大会連続で金メダルを獲得した。", "2大会:quantity", "2大会", "金メダル"),
    ("counter that is the counted noun", "予選には12チームが参加した。", "12チーム:quantity", "12チーム", "チーム"),
    ("votes are counted by their counter", "決選投票ではヤーダブ氏が308票を獲得した。", "308票:quantity", "308票", "票"),
    ("as-noun of an amount", "会社は賠償金として500万円を支払った。", "500万円:money", "500万円", "賠償金"),
    ("conversion in brackets", "罰金500ドル(約7万円)が科された。", "500ドル:money|約7万円:money", "約7万円", "罰金"),
    ("number compounded on a predicate noun", "この球場は3万人収容だ。", "3万人:quantity", "3万人", "収容"),
    ("topic of the number", "火災による負傷者は12人、避難者は300人に上った。", "12人:quantity|300人:quantity", "12人", "負傷者"),
    ("measure word in the amount", "列車は時速80kmで走っていた。", "時速80km:quantity", "時速80km", "時速"),
    ("rate word dropped from the measure", "風速毎秒15mを超えると運転を見合わせる。", "15m:quantity", "15m", "風速"),
    ("number as the subject of a verbal noun", "県内で5人が死亡、8人が負傷した。", "5人:quantity|8人:quantity", "5人", "死亡"),
    ("date between a topic and a comma", "北日本新聞は12日、市が新しい橋の建設を始める方針だと報道した。", "12日:date", "12日", "報道"),
    ("date before a comma dates the sentence's predicate", "時事通信によると15日、東京都は新しい条例案を都議会に提出した。",
     "15日:date", "15日", "提出"),
    ("a quote is below the reporting verb", "地元紙は9日、工場で火災があったと報じた。", "9日:date", "9日", "報ずる"),
    ("after a second topic, the reported clause", "読売新聞は3日、大阪府は2日、新型の検査機器の導入に向けた準備に入ったと報じた。",
     "3日:date|2日:date", "2日", "準備"),
    ("hearsay: what is told", "また5日、3人の登山者が自力で山小屋にたどり着いたという。", "5日:date|3人:quantity", "5日", "たどり着く"),
    ("a bare date before a place dates the verb", "警察が8日横浜市内で男を逮捕した。", "8日:date", "8日", "逮捕"),
    ("a verb counts by its dictionary form", "この日までに21羽が死んでいた。", "21羽:quantity", "21羽", "死ぬ"),
    ("a verbal noun right after the date", "同社は2010年撤退の方針を示した。", "2010年:date", "2010年", "撤退"),
    ("as of a date (をもって)", "同社は3月31日をもって、全店舗の営業を終了した。", "3月31日:date", "3月31日", "終了"),
    ("date in brackets after a local-time word", "準決勝(現地7月8日)ではドイツが勝った。", "7月8日:date", "7月8日", "準決勝"),
    ("a leading date before a later topic's date dates its own clause",
     "2019年5月、工場で作業員が死亡した事故で、県警は3月4日、元社長の男を逮捕した。", "2019年5月:date|3月4日:date", "2019年5月", "死亡"),
    ("the first of clauses chained with a comma", "愛知県警は7日、会社員の男を傷害の疑いで逮捕し、警察署に捜査本部を設置した。",
     "7日:date", "7日", "逮捕"),
    ("a light verb's こと-clause", "鉄道会社は4日、特急の運行を休止することを明らかにした。", "4日:date", "4日", "休止"),
    ("verbal nouns compounded with a light verb", "この番組は1985年に放送開始した長寿番組だ。", "1985年:date", "1985年", "放送開始"),
    ("a light verb's topic", "両行の合併は来年4月1日に行われる見通しだ。", "来年4月1日:date", "来年4月1日", "合併"),
    ("a date that is the predicate", "新制度の施行は7月1日である。", "7月1日:date", "7月1日", "施行"),
    ("a date in the て-form of だ dates the verb", "3月31日付けで、県は業者に改善を命じた。", "3月31日付け:date", "3月31日付け", "命ずる"),
    ("what is held at a place from a date", "10日から市民会館である展示会に行く。", "10日:date", "10日", "展示会"),
    ("topic with が right before the number", "調査では賛成が412人、反対が388人だった。", "412人:quantity|388人:quantity", "388人", "反対"),
    ("topic a noun the parse calls a verb", "県内の感染者数は52人、死者数は3人に達した。", "52人:quantity|3人:quantity", "3人", "死者数"),
    ("topic over a number inside a noun phrase", "負傷者は30人以上との情報もある。", "30人以上:quantity", "30人以上", "負傷者"),
    ("a number compounded with a noun counts that noun, not the topic", "夏場所は15戦全敗の扱いとなる。", "15:quantity", "15", "全敗"),
    ("a date before a name not tied by の dates the verb the name hangs on", "警察によると、首都アンカラで現地時間5日(UTC+3)トルコ国鉄の列車が脱線し、3人が負傷した。",
     "5日:date|3人:quantity", "5日", "脱線"),
    ("a date with に before a place dates the verb", "台風は18日にも九州から四国に上陸するおそれがある。", "18日:date", "18日", "上陸"),
    ("a date, an organisation and its event noun", "1月23日のフジテレビの会見で、社長が謝罪した。", "1月23日:date", "1月23日", "会見"),
    ("が before a number counting what follows it", "8チームが2つのリーグに分かれて戦う。", "8チーム:quantity|2つ:quantity", "2つ", "リーグ"),
]


@pytest.mark.parametrize("reading, sentence, expressions, surface, subject", SUBJECT_CASES, ids=[c[0] for c in SUBJECT_CASES])
def test_what_a_number_or_date_is_about(nlp, reading, sentence, expressions, surface, subject):
    assert context_of(nlp, [(sentence, expressions)], surface).subject == subject


def test_an_organisation_cited_as_the_source_is_not_whose_the_number_is(nlp):
    ctx = context_of(nlp, [("気象庁によると、輪島市で震度5弱を観測した。", "震度5弱:quantity")], "震度5弱")
    assert (ctx.subject, ctx.scope) == ("震度", None)


def test_the_person_a_numbers_clause_describes_holds_it(nlp):
    ctx = context_of(nlp, [("3得点を挙げた山田太郎選手が表彰された。", "3得点:quantity")], "3得点")
    assert (ctx.subject, ctx.scope) == ("得点", "山田太郎選手")


@pytest.mark.parametrize("sentence, expressions, surface, party", [
    ("選挙の結果、第1党「緑の革新党」が議席を伸ばした。", "第1:ordinal", "第1", "緑の革新党"),
    ("連立には「市民民主同盟」(第3党)も加わった。", "第3:ordinal", "第3", "市民民主同盟"),
    ("与党は第2党に転落した。", "第2:ordinal", "第2", None),
])
def test_a_standing_belongs_to_the_party_quoted_beside_it(nlp, sentence, expressions, surface, party):
    assert context_of(nlp, [(sentence, expressions)], surface).scope == party


AGE_CASES = [
    ("a name before the bracket", "被告の山田一郎(45歳)は起訴内容を認めた。", "45歳", "年齢", "山田一郎"),
    ("a ring name before 本名", "幕下の若桜(本名・佐藤健二、24歳)が出場した。", "24歳", "年齢", "若桜"),
    ("no name: the noun it describes, no one's age", "近所に住む45歳の男が逮捕された。", "45歳", "男", None),
]


@pytest.mark.parametrize("reading, sentence, surface, subject, holder", AGE_CASES, ids=[c[0] for c in AGE_CASES])
def test_an_age_in_brackets_is_the_age_of_the_person_before_them(nlp, reading, sentence, surface, subject, holder):
    ctx = context_of(nlp, [(sentence, f"{surface}:age")], surface)
    assert (ctx.subject, ctx.scope) == (subject, holder)


TENSE_CASES = [
    ("た", "5日に会見を開いた。", "past"),
    ("だ after a nasal", "10日から11日にかけて、鶏約750羽が死んだ。", "past"),
    ("plain verb", "5日に会見を開く。", "future"),
    ("plan noun told in the past", "5日に選挙がある予定だった。", "past"),
]


@pytest.mark.parametrize("reading, sentence, tense", TENSE_CASES, ids=[c[0] for c in TENSE_CASES])
def test_the_tense_of_a_dates_clause(nlp, reading, sentence, tense):
    from pipeline.analysis.timeline.tense import clause_tense

    start = sentence.index("日") - (2 if sentence[sentence.index("日") - 2].isdigit() else 1)
    assert clause_tense(nlp(sentence), start, sentence.index("日") + 1) == tense
