"""News site B (云溪资讯网): an older regional portal, GBK-encoded, charset declared only inside the page."""

from __future__ import annotations

from html import escape

from app.sampleweb.content.model import Article
from app.sampleweb.urls import NEWSB_CHANNEL_NAMES, article_path, newsb_list_path

SITE_NAME = "云溪资讯网"
ENCODING = "gbk"
CONTENT_TYPE = "text/html"  # deliberately no charset, as many such sites answer


def _charset_meta(use_meta_charset: bool) -> str:
    # Many GBK sites still declare gb2312 although their bytes are GBK: decoders must not trust it strictly.
    if use_meta_charset:
        return '<meta charset="gbk">'
    return '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'


def _head(title: str, use_meta_charset: bool = False) -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><head>{_charset_meta(use_meta_charset)}'
        f"<title>{escape(title)}_{SITE_NAME}</title>"
        '<link href="/newsb/style/css.css" rel="stylesheet" type="text/css" /></head><body>'
    )


def _top() -> str:
    channels = "".join(
        f'<a href="{newsb_list_path(code, 1)}">{name}</a> | ' for code, name in NEWSB_CHANNEL_NAMES.items()
    )
    return (
        f'<div id="top"><div class="logo"><a href="/newsb/">{SITE_NAME}</a></div>'
        f'<div class="menu"><a href="/newsb/">首 页</a> | {channels}<a href="/newsb/bbs/">论坛</a></div></div>'
    )


def _bottom() -> str:
    return (
        '<div id="bottom"><a href="/newsb/about.shtml">网站简介</a> - <a href="/newsb/ad.shtml">广告服务</a> - '
        f'<a href="/newsb/contact.shtml">联系方式</a><br />{SITE_NAME} 版权所有 皖ICP备00000001号<br />'
        "本站所刊登的各种新闻、信息，未经协议授权，禁止下载使用</div></body></html>"
    )


def render_home(latest: list[Article]) -> str:
    items = "".join(
        f'<li><a href="{article_path(a)}" target="_blank">{escape(a.title)}</a></li>' for a in latest
    )
    return (
        _head("首页")
        + _top()
        + f'<div class="main"><div class="hot"><ul>{items}</ul></div></div>'
        + _bottom()
    )


def render_list(channel: str, page: int, total_pages: int, articles: list[Article]) -> str:
    """A list page: ``list.shtml``, ``list_2.shtml``…"""
    name = NEWSB_CHANNEL_NAMES[channel]
    items = "".join(
        f'<li><span>{a.published_at:%Y-%m-%d}</span><a href="{article_path(a)}" target="_blank">'
        f"{escape(a.title)}</a></li>"
        for a in articles
    )
    pages = [f"共{total_pages}页 "]
    if page > 1:
        pages.append(f'<a href="{newsb_list_path(channel, 1)}">首页</a> ')
        pages.append(f'<a href="{newsb_list_path(channel, page - 1)}">上一页</a> ')
    if page < total_pages:
        pages.append(f'<a href="{newsb_list_path(channel, page + 1)}">下一页</a> ')
        pages.append(f'<a href="{newsb_list_path(channel, total_pages)}">尾页</a>')
    return (
        _head(name)
        + _top()
        + f'<div class="main"><div class="position">当前位置：<a href="/newsb/">首页</a> &gt; {name}</div>'
        f'<div class="newslist"><ul>{items}</ul></div><div class="pages">{"".join(pages)}</div></div>'
        + _bottom()
    )


def render_article(article: Article, previous: Article | None, following: Article | None) -> str:
    """An article page; no canonical link, date as 2026年11月20日 09:30."""
    author = f"　作者：{escape(article.author)}" if article.author else ""
    info = f"{article.published_at:%Y年%m月%d日 %H:%M}　来源：{escape(article.origin)}{author}　编辑：{escape(article.editor)}"
    body = "".join(f"<p>　　{escape(p)}</p>" for p in article.paragraphs)
    links = []
    if previous is not None:
        links.append(f'上一篇：<a href="{article_path(previous)}">{escape(previous.title)}</a>')
    if following is not None:
        links.append(f'下一篇：<a href="{article_path(following)}">{escape(following.title)}</a>')
    return (
        _head(article.title, use_meta_charset=article.num % 4 == 0)
        + _top()
        + '<div class="main"><div class="left"><div class="box"><h3>热点推荐</h3><ul>'
        '<li><a href="/newsb/">本地新闻早知道</a></li><li><a href="/newsb/bbs/">网友热议</a></li></ul></div></div>'
        f'<div class="article"><h2 class="title">{escape(article.title)}</h2><div class="info">{info}</div>'
        f'<div id="zoom" class="content">{body}</div>'
        '<div class="tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">'
        f'关闭窗口</a>】</div><div class="prenext">{"<br />".join(links)}</div></div></div>' + _bottom()
    )
