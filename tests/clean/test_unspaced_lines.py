"""Lines in Chinese, which runs on without spaces: a sentence of thirty characters is a
sentence, not a label, and a date line dates the page. The page is written for this test."""

# ruff: noqa: E501 - the sample page keeps one paragraph per line, as scrapers write them

from __future__ import annotations

from newsweave.clean import clean_document, lines
from newsweave.entities.link import EntityIndex
from newsweave.model import RawDocument
from newsweave.pipeline import analyse

PAGE = "\n".join(
    [
        "杭州新建地铁线路今日开通运营",
        "杭州新建地铁线路今日开通运营",
        "2024年5月8日 09:30",
        "",
        "杭州市政府周三宣布，连接城西和钱塘新区的地铁新线路正式开通，全长四十二公里。",
        "",
        "她说，首班列车早上六点发车。",
        "",
        "“我们希望新线路能缓解早高峰的拥堵。”一位乘客说。",
        "",
        "相关阅读",
        "西湖景区五一假期接待游客创新高",
    ]
)


def test_short_chinese_sentences_stay_in_the_body() -> None:
    article = clean_document(RawDocument(source="test.txt", text=PAGE))
    assert article.title == "杭州新建地铁线路今日开通运营"
    assert "她说，首班列车早上六点发车。" in article.text
    assert "一位乘客说。" in article.text
    assert "西湖景区" not in article.text


def test_a_run_of_han_counts_as_several_words() -> None:
    assert len(lines.words("她说，首班列车早上六点发车。")) >= 6
    assert lines.words("Schools are closed.") == ["Schools", "are", "closed"]


def test_a_chinese_date_line_dates_the_page() -> None:
    for line in ("2024年5月8日 09:30", "２０２４年５月８日　０９:３０", "2024/5/8 09:30"):
        assert lines.is_date_line(line), line
    assert not lines.is_date_line("2024年5月8日，杭州市政府宣布地铁新线路正式开通运营。")


def test_the_page_date_and_the_weekday_resolve_through_the_pipeline() -> None:
    article = analyse(RawDocument(source="test.txt", text=PAGE), EntityIndex())
    assert str(article.published) == "2024-05-08"
    assert str(article.event_date) == "2024-05-08"  # 周三: Wednesday 8 May
