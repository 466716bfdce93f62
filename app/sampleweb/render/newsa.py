"""News site A (青岚新闻网): UTF-8 pages in the style of a national outlet's channel and article templates."""

from __future__ import annotations

from html import escape

from app.sampleweb.content.model import Article
from app.sampleweb.urls import NEWSA_CHANNEL_NAMES, article_path, newsa_list_path

SITE_NAME = "青岚新闻网"
COMMENTS = (
    ("江边人", "希望有关部门尽快给出说法，别让老百姓提心吊胆。"),
    ("路过的小陈", "支持媒体持续跟进报道，舆论监督很有必要。"),
    ("青山不老", "保护环境人人有责，点赞认真做事的基层工作人员。"),
    ("老张说两句", "关键还是要把制度落实到位，不能一阵风。"),
    ("一只鹭", "我们这边也有类似情况，希望能一并关注。"),
)


def _head(title: str, canonical: str | None, extra_meta: str = "") -> str:
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>{link}{extra_meta}"
        '<meta name="keywords" content="新闻,环境,生态,地方"><link rel="stylesheet" href="/newsa/css/main.css">'
        "</head><body>"
    )


def _nav() -> str:
    channels = "".join(
        f'<li><a href="{newsa_list_path(code, 1)}">{name}</a></li>'
        for code, name in NEWSA_CHANNEL_NAMES.items()
    )
    return (
        f'<div class="top_nav"><a href="/newsa/" class="logo">{SITE_NAME}</a><ul class="nav">'
        f'<li><a href="/newsa/">首页</a></li>{channels}'
        '<li><a href="http://www.example.com/video/">视频</a></li></ul>'
        '<form class="search" action="/newsa/search"><input name="q" placeholder="搜索"></form></div>'
    )


def _footer() -> str:
    return (
        '<div class="footer"><p><a href="/newsa/about.html">关于我们</a> | <a href="/newsa/contact.html">联系我们</a>'
        " | 违法和不良信息举报电话：0551-12345678</p>"
        f"<p>{SITE_NAME} 版权所有，未经书面授权禁止使用</p><p>Copyright © 2026 qinglan.example. All Rights Reserved</p>"
        "<p>皖ICP备00000000号</p></div></body></html>"
    )


def _list_item(article: Article) -> str:
    href = article_path(article) + ("?from=list" if article.num % 3 == 0 else "")
    return f'<li><a href="{href}" target="_blank">{escape(article.title)}</a><em>{article.published_at:%Y-%m-%d %H:%M}</em></li>'


def render_home(latest: list[Article]) -> str:
    """The home page: the newest headlines of every channel."""
    items = "".join(_list_item(a) for a in latest)
    return (
        _head(f"{SITE_NAME}——权威 及时 贴近", None)
        + _nav()
        + f'<div class="w1000"><div class="focus"><h2>要闻</h2><ul class="list_14">{items}</ul></div></div>'
        + _footer()
    )


def render_list(
    channel: str, page: int, articles: list[Article], has_next: bool, extra: list[Article]
) -> str:
    """One page of a channel list; ``extra`` are further links (e.g. a robots-disallowed page)."""
    name = NEWSA_CHANNEL_NAMES[channel]
    items = "".join(_list_item(a) for a in [*articles, *extra])
    pager = [f'<a href="{newsa_list_path(channel, page - 1)}">上一页</a>'] if page > 1 else []
    pager.append(f"<span>第{page}页</span>")
    if has_next:
        pager.append(f'<a href="{newsa_list_path(channel, page + 1)}">下一页</a>')
    return (
        _head(f"{name}--{SITE_NAME}", None)
        + _nav()
        + f'<div class="w1000"><div class="p2j_list fl"><h2 class="ch_title">{name}频道</h2>'
        f'<ul class="list_16">{items}</ul><div class="page_n">{"".join(pager)}</div></div>'
        '<div class="fr"><h3>合作媒体</h3><ul><li><a href="http://www.example.com/partner/1.html">合作伙伴新闻</a></li>'
        '<li><a href="https://news.example.org/env/">环境资讯联盟</a></li></ul></div></div>' + _footer()
    )


def _article_meta(article: Article) -> str:
    return (
        f'<meta name="publishdate" content="{article.published_at:%Y-%m-%d}">'
        f'<meta name="author" content="{escape(article.author or article.origin)}">'
        f'<meta property="og:title" content="{escape(article.title)}">'
        f'<meta name="description" content="{escape(article.paragraphs[0][:80])}">'
    )


def _body(article: Article) -> str:
    paragraphs = [f"<p>{escape(p)}</p>" for p in article.paragraphs]
    if article.num % 2 == 0:
        paragraphs.insert(
            1,
            f'<p style="text-align: center"><img src="/newsa/img/{article.num}.jpg" alt=""></p>'
            f'<p class="pic_info" style="text-align: center">图为{escape(article.title[:10])}现场。</p>',
        )
    return "".join(paragraphs)


def _related(related: list[Article]) -> str:
    items = "".join(f'<li><a href="{article_path(a)}">{escape(a.title)}</a></li>' for a in related)
    return f'<div class="box_news"><h2>相关新闻</h2><ul>{items}</ul></div>'


def _comments(article: Article) -> str:
    picked = [COMMENTS[(article.num + i) % len(COMMENTS)] for i in range(3)]
    items = "".join(
        f'<li><span class="user">{escape(u)}</span><p>{escape(t)}</p><span class="zan">赞 {7 + len(t)}</span></li>'
        for u, t in picked
    )
    return f'<div class="comment"><h2>热门评论</h2><ul>{items}</ul><a href="#">查看更多评论</a></div>'


def render_article(article: Article, canonical_url: str, related: list[Article]) -> str:
    """An article page with the boilerplate an extractor has to see through."""
    channel = NEWSA_CHANNEL_NAMES[article.channel]
    author = f'<p class="author">作者：{escape(article.author)}</p>' if article.author else ""
    return (
        _head(f"{article.title}--{SITE_NAME}", canonical_url, _article_meta(article))
        + _nav()
        + f'<div class="route"><a href="/newsa/">{SITE_NAME}</a>&gt;&gt;<a href="{newsa_list_path(article.channel, 1)}">'
        f"{channel}频道</a>&gt;&gt;正文</div>"
        f'<div class="layout rm_txt cf"><div class="col col-1 fl"><h1>{escape(article.title)}</h1>'
        f'<div class="channel cf"><div class="col-1-1">{article.published_at:%Y-%m-%d %H:%M} | 来源：'
        f'<a href="http://www.example.com/" target="_blank">{escape(article.origin)}</a></div>'
        '<div class="share"><a class="wx">微信</a><a class="wb">微博</a><a class="qz">QQ空间</a></div></div>'
        f'{author}<div class="rm_txt_con cf">{_body(article)}'
        f'<div class="edit cf">(责任编辑：{escape(article.editor)})</div></div>'
        f"{_related(related)}{_comments(article)}</div>"
        '<div class="col col-2 fr"><h3>24小时排行</h3><ol><li><a href="/newsa/">更多精彩内容</a></li></ol></div></div>'
        + _footer()
    )
