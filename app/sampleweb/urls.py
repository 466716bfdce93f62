"""Paths of every page the sample web serves, in one place (renderers, routes and the ground truth share them)."""

from __future__ import annotations

from app.sampleweb.content.model import Article

NEWSA_CHANNEL_CODES = {"env": 1001, "local": 1002, "society": 1003}
NEWSA_CHANNEL_NAMES = {"env": "环境", "local": "地方", "society": "社会"}
NEWSB_CHANNEL_NAMES = {"hbxw": "环保新闻", "shxw": "社会新闻"}


def article_path(article: Article) -> str:
    """The canonical path of an article on its site."""
    when = article.published_at
    if article.site == "newsa":
        prefix = "/newsa/internal" if article.internal else "/newsa/n1"
        code = NEWSA_CHANNEL_CODES[article.channel]
        return f"{prefix}/{when:%Y}/{when:%m%d}/c{code}-{article.num}.html"
    if article.site == "newsb":
        return f"/newsb/{article.channel}/{when:%Y%m}/t{when:%Y%m%d}_{article.num}.shtml"
    return f"/bureau/{article.channel}/{when:%Y%m}/t{when:%Y%m%d}_{article.num}.html"


def newsa_list_path(channel: str, page: int) -> str:
    """``index.html`` for page 1, ``index_1.html`` for page 2, …"""
    return f"/newsa/{channel}/index.html" if page == 1 else f"/newsa/{channel}/index_{page - 1}.html"


def newsb_list_path(channel: str, page: int) -> str:
    """``list.shtml`` for page 1, ``list_2.shtml`` for page 2, …"""
    return f"/newsb/{channel}/list.shtml" if page == 1 else f"/newsb/{channel}/list_{page}.shtml"


def bureau_list_path(page: int) -> str:
    return "/bureau/xwfb/index.html" if page == 1 else f"/bureau/xwfb/index_{page - 1}.html"


def post_path(mid: int) -> str:
    """The canonical page of a Weibo post."""
    return f"/weibo/detail/{mid}"


def thread_path(tid: int) -> str:
    """The canonical page of a board thread."""
    return f"/board/threads/content?tid={tid}"
