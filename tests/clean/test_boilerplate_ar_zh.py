"""Arabic and Chinese web boilerplate: the phrase lists drop it, the prose around it stays.

The pages are written for these tests. Chinese has no spaces between words and Arabic glues
"و" to the next word and may carry vowel signs, so these also check how lines are matched.
"""

# ruff: noqa: E501 - the sample pages keep one paragraph per line, as scrapers write them

from __future__ import annotations

import pytest

from newsweave.clean import clean_document, clean_text, lines
from newsweave.model import Article, RawDocument


def clean(text: str) -> Article:
    return clean_document(RawDocument(source="test.txt", text=text))


def reasons(article: Article) -> dict[str, str]:
    return {removed.line: removed.reason for removed in article.removed}


AR_TITLE = "افتتاح خط جديد لمترو القاهرة يربط وسط المدينة بشرقها"
AR_PROSE = [
    "افتتحت الحكومة المصرية صباح الخميس المرحلة الأولى من الخط الجديد لمترو القاهرة، الذي يربط ميدان التحرير بأحياء شرق المدينة بطول ثلاثين كيلومترا.",
    "وقال وزير النقل في مؤتمر صحفي إن الخط سينقل نحو مليون راكب يوميا عند اكتماله، وتابع أن أسعار التذاكر لن تتغير حتى نهاية العام.",
    "اشترك في حفل الافتتاح محافظ القاهرة وعدد من النواب، وشارك مئات المواطنين في الرحلة الأولى.",
    "وقال أحد الركاب إنه شارك مقطع فيديو للرحلة مع أصدقائه، مضيفا أن الرحلة استغرقت عشرين دقيقة فقط.",
]
AR_BOILERPLATE = {
    "الرئيسية": "navigation",
    "تابعونا على تيليجرام": "social call to action",
    "اقرأ أيضًا: ارتفاع أسعار تذاكر القطارات في الصيف": "related teaser",
    "إعلان": "advertisement",
    "اشترك في النشرة البريدية لتصلك أهم الأخبار": "subscribe prompt",
    "فيديو: لحظة وصول القطار الأول إلى محطة التحرير": "video",
    "شارك": "share buttons",
    "أضف تعليقاً": "counter",
    "الكلمات المفتاحية: القاهرة، المترو، النقل، مصر": "keyword spam",
    "جميع الحقوق محفوظة © 2024": "copyright",
}
AR = "\n".join(
    [
        AR_TITLE,
        "الرئيسية",
        "تابعونا على تيليجرام",
        "",
        AR_PROSE[0],
        "اقرأ أيضًا: ارتفاع أسعار تذاكر القطارات في الصيف",
        "",
        AR_PROSE[1],
        "إعلان",
        "اشترك في النشرة البريدية لتصلك أهم الأخبار",
        AR_PROSE[2],
        "فيديو: لحظة وصول القطار الأول إلى محطة التحرير",
        AR_PROSE[3],
        "",
        "شارك",
        "أضف تعليقاً",
        "الكلمات المفتاحية: القاهرة، المترو، النقل، مصر",
        "جميع الحقوق محفوظة © 2024",
    ]
)

ZH_TITLE = "北京地铁19号线北段今日开通 早高峰客流平稳"
ZH_PROSE = [
    "本报讯 记者从北京市交通委获悉，地铁19号线北段于今天上午正式开通运营，新开通的三座车站分别位于昌平区和海淀区，线路全长约十二公里。",
    "据介绍，开通初期列车最小发车间隔为四分钟，早高峰期间客流总体平稳，车站秩序良好，这条线路的开通受到沿线居民的广泛关注。",
    "不少乘客在站台拍照留念，并把照片分享到了朋友圈。",
    "交通委有关负责人表示，下一步将根据客流变化适时加密班次，并同步优化沿线公交线路的接驳方案，方便市民出行。",
]
ZH_BOILERPLATE = {
    "首页": "navigation",
    "分享到：微信 微博 QQ空间": "share buttons",
    "相关阅读：北京地铁票价调整方案公布": "related teaser",
    "广告": "advertisement",
    "视频：19号线列车首发现场": "video",
    "欢迎关注我们的微信公众号，获取更多本地新闻": "social call to action",
    "标签：北京 地铁 交通 民生": "keyword spam",
    "版权所有 © 2024 本报 未经授权不得转载": "copyright",
    "返回顶部": "navigation",
    "评论": "counter",
}
ZH = "\n".join(
    [
        ZH_TITLE,
        "首页",
        "分享到：微信 微博 QQ空间",
        "",
        ZH_PROSE[0],
        "相关阅读：北京地铁票价调整方案公布",
        "",
        ZH_PROSE[1],
        "广告",
        ZH_PROSE[2],
        "视频：19号线列车首发现场",
        ZH_PROSE[3],
        "",
        "欢迎关注我们的微信公众号，获取更多本地新闻",
        "标签：北京 地铁 交通 民生",
        "版权所有 © 2024 本报 未经授权不得转载",
        "返回顶部",
        "评论",
    ]
)


@pytest.mark.parametrize(
    ("page", "boilerplate"), [(AR, AR_BOILERPLATE), (ZH, ZH_BOILERPLATE)], ids=["ar", "zh"]
)
def test_boilerplate_lines_go_with_their_reason(page: str, boilerplate: dict[str, str]) -> None:
    why = reasons(clean(page))
    assert {line: why.get(line) for line in boilerplate} == boilerplate


@pytest.mark.parametrize(("page", "prose"), [(AR, AR_PROSE), (ZH, ZH_PROSE)], ids=["ar", "zh"])
def test_every_prose_paragraph_stays(page: str, prose: list[str]) -> None:
    article = clean(page)
    assert article.text.split("\n\n") == prose


@pytest.mark.parametrize(("page", "title"), [(AR, AR_TITLE), (ZH, ZH_TITLE)], ids=["ar", "zh"])
def test_the_headline_is_the_title(page: str, title: str) -> None:
    assert clean(page).title == title


@pytest.mark.parametrize(
    ("page", "boilerplate", "prose"),
    [(AR, AR_BOILERPLATE, AR_PROSE), (ZH, ZH_BOILERPLATE, ZH_PROSE)],
    ids=["ar", "zh"],
)
def test_in_extracted_text_the_phrases_alone_drop_the_lines(
    page: str, boilerplate: dict[str, str], prose: list[str]
) -> None:
    # Extracted text has no position rules between prose lines: only the phrase lists cut there.
    cleaned = clean_text(page, extracted=True)
    why = {removed.line: removed.reason for removed in cleaned.removed}
    assert {line: why.get(line) for line in boilerplate} == boilerplate
    assert cleaned.paragraphs == prose


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("إقرأ أيضاً", "related teaser"),
        ("اقْرَأْ أَيْضًا: حريق في مصنع للنسيج", "related teaser"),  # vowel signs inside words
        ("الأكثر قراءة", "related teaser"),
        ("مواضيع ذات صلة", "related teaser"),
        ("وتابعونا على فيسبوك وإنستغرام", "social call to action"),  # "و" glued to the verb
        ("انضم إلينا على تيليجرام", "social call to action"),
        ("اشترك الآن", "subscribe prompt"),
        ("وسوم: الاقتصاد، الذهب، الأسعار، البورصة", "keyword spam"),
        ("التعليقات", "counter"),
        (
            "إخلاء مسؤولية: يعمل الموقع على توفير المعلومات كما هي دون أي تعهدات أو ضمانات",
            "disclaimer",
        ),
        ("ادعمنا", "donation appeal"),
        ("延伸阅读", "related teaser"),
        ("【相关新闻】", "related teaser"),
        ("扫码关注我们的公众号", "social call to action"),
        ("立即订阅", "subscribe prompt"),
        ("关键词：房价 楼市 限购 调控", "keyword spam"),
        ("上一篇：全市中小学明日起放寒假", "navigation"),
        ("免责声明：本文来源于网络，不代表本站观点。", "disclaimer"),
        ("本网站使用Cookies来改善您的浏览体验", "cookie notice"),
        ("Disclaimer: the site provides the information as is without warranty.", "disclaimer"),
        ("Support our journalism: become a member", "donation appeal"),
    ],
)
def test_phrase_reason(line: str, reason: str) -> None:
    assert lines.phrase_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "وتابع الوزير أن العمل في الخط الرابع سيبدأ الشهر المقبل.",
        "اشترك في السباق أكثر من ألف عداء من عشرين دولة.",
        "قال إنه شارك الصور مع عائلته بعد الحادث.",
        "ونشرت الشرطة مقطع فيديو يظهر لحظة الحادث.",
        "他把照片分享到了朋友圈。",
        "关注我们身边的留守儿童",
        "此事引发社会广泛关注。",
        "他说：“首页上的这篇报道并不准确。”",
    ],
)
def test_prose_with_a_boilerplate_word_inside_is_no_phrase(line: str) -> None:
    assert lines.phrase_reason(line) is None


def test_a_short_chinese_robot_check_is_an_access_wall() -> None:
    page = "访问验证\n我们检测到您的网络存在异常请求。\n请勾选“我不是机器人”后继续访问。"
    assert clean(page).meta["access_wall"] == "我不是机器人"


def test_a_short_arabic_robot_check_is_an_access_wall() -> None:
    page = "التحقق من الأمان\nيرجى تفعيل جافا سكريبت ثم تأكيد أنك لست آلة.\nأنا لست روبوت"
    assert clean(page).meta["access_wall"] == "يرجى تفعيل جافا سكريبت"


def test_a_long_chinese_article_quoting_a_robot_check_is_no_wall() -> None:
    # Without spaces the page is one "word" to a whitespace count: it is measured in ideographs.
    quoted = "一位老人说：“每次都要我证明我不是机器人，太麻烦了。”"
    footer = "请启用JavaScript以查看评论。"
    page = "\n".join([ZH_TITLE, *ZH_PROSE, quoted, footer])
    assert "access_wall" not in clean(page).meta
