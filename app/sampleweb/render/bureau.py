"""The county bureau's site (宣城市泾县生态环境分局): a government-portal template, UTF-8."""

from __future__ import annotations

from html import escape

from app.sampleweb.content.model import Article
from app.sampleweb.urls import article_path, bureau_list_path

SITE_NAME = "宣城市泾县生态环境分局"


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f'<title>{escape(title)}</title><meta name="SiteName" content="{SITE_NAME}">'
        '<meta name="ColumnName" content="新闻发布"></head><body>'
        f'<div class="header"><div class="gh"><a href="/bureau/">{SITE_NAME}</a></div>'
        '<div class="nav"><a href="/bureau/">首页</a><a href="/bureau/xwfb/index.html">新闻发布</a>'
        '<a href="/bureau/search/">站内搜索</a><a href="http://www.example.com/12369/">12369举报</a></div></div>'
    )


def _foot() -> str:
    return (
        f'<div class="footer"><p>主办单位：{SITE_NAME}　地址：泾县某路1号　联系电话：0563-0000000</p>'
        "<p>网站标识码：0000000000　皖ICP备00000002号　皖公网安备 00000000000000号</p></div></body></html>"
    )


def render_list(page: int, articles: list[Article], total_pages: int) -> str:
    items = "".join(
        f'<li><a href="{article_path(a)}" title="{escape(a.title)}">{escape(a.title)}</a>'
        f"<span>{a.published_at:%Y-%m-%d}</span></li>"
        for a in articles
    )
    pager = [f"<span>共{total_pages}页</span>"]
    if page > 1:
        pager.append(f'<a href="{bureau_list_path(page - 1)}">上一页</a>')
    if page < total_pages:
        pager.append(f'<a href="{bureau_list_path(page + 1)}">下一页</a>')
    return (
        _head(f"新闻发布_{SITE_NAME}")
        + '<div class="main"><div class="position">您当前的位置：<a href="/bureau/">首页</a> &gt; 新闻发布</div>'
        f'<ul class="xxgk_list">{items}</ul><div class="pagination">{"".join(pager)}</div></div>' + _foot()
    )


def render_home(latest: list[Article]) -> str:
    return render_list(1, latest, 1).replace(f"新闻发布_{SITE_NAME}", SITE_NAME, 1)


def render_article(article: Article) -> str:
    body = "".join(f'<p style="text-indent: 2em;">{escape(p)}</p>' for p in article.paragraphs)
    return (
        _head(f"{article.title}_{SITE_NAME}")
        + '<div class="main"><div class="position">您当前的位置：<a href="/bureau/">首页</a> &gt; '
        '<a href="/bureau/xwfb/index.html">新闻发布</a></div>'
        f'<div class="article-title">{escape(article.title)}</div>'
        f'<div class="article-info">发布时间：{article.published_at:%Y-%m-%d %H:%M:%S}　信息来源：{escape(article.origin)}'
        '　浏览次数：<span id="views"></span>　【字体：<a>大</a> <a>中</a> <a>小</a>】</div>'
        f'<div class="article-content" id="zoom">{body}</div>'
        '<div class="article-tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">'
        "关闭窗口</a></div></div>" + _foot()
    )
