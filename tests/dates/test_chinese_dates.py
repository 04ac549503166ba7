"""find_dates and the publication date on Chinese news sentences written for these tests."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.dates import find_dates, parse_date_string, publication_date
from newsweave.model import RawDocument

TUESDAY = date(2024, 3, 12)  # the publication date every sentence is read against


def readings(text: str, reference: date | None = TUESDAY) -> list[tuple[str, date | None, str]]:
    return [(ref.expression, ref.date, ref.kind) for ref in find_dates(text, "zh", reference)]


@pytest.mark.parametrize(
    "header",
    [
        "2024年3月12日 23:05",
        "2024-03-12 23:05",
        "2024年03月12日08:15",
        "2024/3/12",
        "2024.03.12 07:40",
        "２０２４年３月１２日 ２３:０５",
        "發佈時間：2024年3月12日 18:20",
    ],
)
def test_publication_header_line_is_a_full_date(header):
    assert parse_date_string(header, "zh") == TUESDAY


def test_header_line_as_page_date_and_as_record_gives_the_publication():
    raw = RawDocument("x")
    assert publication_date(raw, {"page_date": "2024年3月12日 23:05"}, "zh") == (TUESDAY, "text")
    record = RawDocument("x", published="2024年03月12日08:15")
    assert publication_date(record, {}, "zh") == (TUESDAY, "record")


@pytest.mark.parametrize("value", ["3月12日", "今天", "周二", "去年12月"])
def test_a_header_without_its_year_is_no_publication_date(value):
    assert parse_date_string(value, "zh") is None


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("德国总理周二在柏林会见了来访的法国总统。", "周二", date(2024, 3, 12)),
        ("外交部发言人星期一在例行记者会上回答了提问。", "星期一", date(2024, 3, 11)),
        ("两位老人礼拜天一早就去了菜市场。", "礼拜天", date(2024, 3, 10)),
        ("市政府週四公布了新的交通管制措施。", "週四", date(2024, 3, 7)),
        ("工会上周五宣布罢工将持续到月底。", "上周五", date(2024, 3, 8)),
        ("议会本周三将就预算案进行表决。", "本周三", date(2024, 3, 13)),
        ("新的航线下周一正式开通。", "下周一", date(2024, 3, 18)),
        ("代表团上个星期六抵达了首都。", "上个星期六", date(2024, 3, 9)),
        ("比赛这周日在工人体育场举行。", "这周日", date(2024, 3, 17)),
    ],
)
def test_weekdays_bare_and_with_a_week_before_them(text, expression, expected):
    assert readings(text) == [(expression, expected, "weekday")]


def test_last_weeks_friday_is_not_the_last_friday():
    # Read on Saturday 16 March, 上周五 is 8 March (Friday of last week), not 15 March.
    assert readings("警方上周五逮捕了两名嫌疑人。", date(2024, 3, 16)) == [
        ("上周五", date(2024, 3, 8), "weekday")
    ]


def test_a_weekday_followed_by_afternoon_keeps_no_modifier():
    # 下 in 下午 is the afternoon, not "next": Tuesday afternoon is this Tuesday.
    assert readings("部长周二下午抵达机场。") == [("周二", date(2024, 3, 12), "weekday")]


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("卫生部门今天发布了最新的疫情通报。", "今天", date(2024, 3, 12)),
        ("股市今日小幅高开。", "今日", date(2024, 3, 12)),
        ("暴雨昨天导致多条道路中断。", "昨天", date(2024, 3, 11)),
        ("该公司昨日晚间发布公告。", "昨日", date(2024, 3, 11)),
        ("渔船前天在近海失去联系。", "前天", date(2024, 3, 10)),
        ("新馆明天对公众开放。", "明天", date(2024, 3, 13)),
        ("选举结果当天就公布了。", "当天", date(2024, 3, 12)),
        ("展览会後天閉幕。", "後天", date(2024, 3, 14)),
        ("工厂上个月的产量创下新高。", "上个月", date(2024, 2, 1)),
        ("新规下月起施行。", "下月", date(2024, 4, 1)),
        ("油价上周连续下跌。", "上周", date(2024, 3, 5)),
        ("球队三天前回到了主场。", "三天前", date(2024, 3, 9)),
        ("这座桥两个月前才完工。", "两个月前", date(2024, 1, 12)),
        ("他们三十天前提交了申请。", "三十天前", date(2024, 2, 11)),
        ("该校去年招收了一千名新生。", "去年", date(2023, 1, 1)),
    ],
)
def test_relative_days_units_and_counts(text, expression, expected):
    assert readings(text) == [(expression, expected, "relative")]


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("地震发生于3月9日凌晨。", "3月9日", date(2024, 3, 9)),
        ("两国于2月28日签署了协议。", "2月28日", date(2024, 2, 28)),
        ("他在12月30日的发布会上露面。", "12月30日", date(2023, 12, 30)),
        ("会议定于3月15号召开。", "3月15号", date(2024, 3, 15)),
        ("该法案于2023年11月7日生效。", "2023年11月7日", date(2023, 11, 7)),
        ("双方去年12月5日恢复了谈判。", "去年12月5日", date(2023, 12, 5)),
        ("条约于二〇二三年十一月七日生效。", "二〇二三年十一月七日", date(2023, 11, 7)),
    ],
)
def test_month_and_day_with_and_without_year(text, expression, expected):
    assert readings(text) == [(expression, expected, "absolute")]


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("工程去年12月开工。", "去年12月", date(2023, 12, 1)),
        ("今年3月的出口额同比增长。", "今年3月", date(2024, 3, 1)),
        ("新机场2025年6月投入使用。", "2025年6月", date(2025, 6, 1)),
        ("大桥1月通车。", "1月", date(2024, 1, 1)),
    ],
)
def test_months_with_a_year_or_the_year_from_the_publication(text, expression, expected):
    assert readings(text) == [(expression, expected, "month")]


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("条约于三月九日在日内瓦签订。", "三月九日", date(2024, 3, 9)),
        ("调查组十二月三十一日提交了报告。", "十二月三十一日", date(2023, 12, 31)),
        ("选举委员会二月二十九日公布名单。", "二月二十九日", date(2024, 2, 29)),
        ("首届大会於十一月二十日召開。", "十一月二十日", date(2023, 11, 20)),
    ],
)
def test_chinese_numerals_for_months_and_days(text, expression, expected):
    assert readings(text) == [(expression, expected, "absolute")]


def test_chinese_numeral_month_alone():
    assert readings("他十一月离开了公司。") == [("十一月", date(2023, 11, 1), "month")]


def test_full_width_digits_and_their_offsets():
    text = "双方于２０２４年３月１０日签约，３月１１日公布。"
    refs = find_dates(text, "zh", TUESDAY)
    assert [(ref.expression, ref.date) for ref in refs] == [
        ("２０２４年３月１０日", date(2024, 3, 10)),
        ("３月１１日", date(2024, 3, 11)),
    ]
    for ref in refs:
        assert text[ref.start : ref.end] == ref.expression


@pytest.mark.parametrize(
    "text",
    [
        "村民在学校周围种了很多树。",  # 周围: surroundings
        "经济周期正在进入下行阶段。",  # 周期: a cycle
        "学校举行了建校六十周年庆典。",  # 周年: anniversary
        "日本是该国的第二大贸易伙伴。",  # 日本: Japan
        "一个星期有七天。",  # 星期 alone: a week
        "宇航员再次登上月球表面。",  # 上 + 月球 (the moon), not 上月 (last month)
        "目前天然气供应充足。",  # 目前 + 天然气, not 前天
        "光明天然气公司扩大了产能。",  # 光明 + 天然气, not 明天
        "这部电影相当天真。",  # 相当 + 天真, not 当天
        "委员会每周一开例会。",  # every Monday: no single day
        "体检一周一次。",  # 一周 + 一次: once a week, not Monday
        "老人们每周三次去公园散步。",  # 三次: three times a week, not Wednesday
        "一个月后他回到了家乡。",  # 一个月: a month, no 1月
        "他们在年前赶回了老家。",  # 年前: before the New Year, not a year ago
    ],
)
def test_words_sharing_a_character_with_a_date_are_not_dates(text):
    assert readings(text) == []


def test_japan_before_a_weekday_is_no_modifier():
    # 日本周二: Japan on Tuesday, not 本周二 (Tuesday of this week).
    assert readings("日本周四宣布了新的经济刺激计划。") == [("周四", date(2024, 3, 7), "weekday")]


def test_relative_words_need_a_reference():
    assert readings("部长昨天在上海发表讲话。", None) == [("昨天", None, "relative")]


def test_other_languages_read_no_chinese_counters():
    assert find_dates("Am 3月12日 war nichts.", "de", TUESDAY) == []


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet="上下本这周星期礼拜一二三十日天月年号今昨前明后当去两个次每目光 0123456789０１２/-.",
        max_size=120,
    ),
    st.one_of(st.none(), st.dates()),
)
def test_chinese_text_never_crashes(text, reference):
    for ref in find_dates(text, "zh", reference):
        assert 0 <= ref.start < ref.end <= len(text)
        assert text[ref.start : ref.end] == ref.expression


def test_a_day_of_the_month_alone_is_read_in_the_reference_month() -> None:
    """In "美国总统12日表示" the 12th of the month the article is from; "28日" read on 2 March
    is the 28th of February; a count of days ("30日内") is no date."""

    def days(text: str, reference: date) -> list[tuple[str, date | None]]:
        return [(d.expression, d.date) for d in find_dates(text, "zh", reference)]

    assert days("美国总统12日表示，双方将于15日举行会谈。", date(2024, 3, 13)) == [
        ("12日", date(2024, 3, 12)),
        ("15日", date(2024, 3, 15)),
    ]
    assert days("纽约时间28日晚发生爆炸。", date(2024, 3, 2)) == [("28日", date(2024, 2, 28))]
    assert days("12日本地时间上午", date(2024, 3, 13)) == [("12日", date(2024, 3, 12))]
    assert days("该法案将在30日内生效。", date(2024, 3, 13)) == []


def test_a_count_of_years_is_no_year_spelled_digit_by_digit():
    assert readings("二十年来，规则自二〇〇四年五月起从未改变。") == [
        ("二〇〇四年五月", date(2004, 5, 1), "month")
    ]
