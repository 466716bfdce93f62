"""Weibo HTML pages: a post's detail page, the passport login page (login wall) and the captcha page."""

from __future__ import annotations

import json
from html import escape
from typing import Any

LOGIN_TITLE = "微博-登录"


def render_detail(mblog: dict[str, Any]) -> str:
    """The mobile detail page: the post's data is embedded as ``$render_data`` (as on m.weibo.cn/detail/<mid>)."""
    data = json.dumps([{"status": mblog, "call": 0}], ensure_ascii=False)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>微博正文</title>'
        '<meta name="viewport" content="width=device-width,initial-scale=1"></head><body>'
        '<div id="app"></div><script>var $render_data = ' + data.replace("</", "<\\/") + "[0] || {};</script>"
        "</body></html>"
    )


def render_login_page(return_to: str) -> str:
    """The passport sign-in page a logged-out client is shown instead of data."""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{LOGIN_TITLE}</title></head><body>'
        '<div class="passport"><h1>登录微博</h1><p>登录后查看更多精彩内容</p>'
        f'<form method="post" action="/weibo/passport/sso/login"><input type="hidden" name="r" value="{escape(return_to)}">'
        '<input name="username" placeholder="手机号/邮箱"><input name="password" type="password" placeholder="密码">'
        '<button type="submit">登录</button></form><a href="/weibo/passport/signup">立即注册</a></div></body></html>'
    )


def render_captcha_page() -> str:
    """The verification page shown when a client is suspected of scraping."""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>安全验证</title></head><body>'
        '<div class="verify"><h2>请输入验证码</h2><p>您的访问出现异常，请完成验证后继续访问。</p>'
        '<img src="/weibo/captcha/image.png" alt="验证码"><form method="post" action="/weibo/captcha/verify">'
        '<input name="code"><button type="submit">确定</button></form></div></body></html>'
    )
