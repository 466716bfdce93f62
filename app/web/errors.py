"""The console's exceptions (tree in :mod:`app.web`); each carries an HTTP status and a Chinese message."""

from __future__ import annotations


class WebError(Exception):
    """Base class: ``message`` is shown to the user (Simplified Chinese)."""

    status = 500
    title = "出错了"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotAuthenticated(WebError):
    status = 401
    title = "请先登录"

    def __init__(self, message: str = "请先登录。") -> None:
        super().__init__(message)


class PermissionDenied(WebError):
    status = 403
    title = "无权访问"

    def __init__(self, message: str = "您的角色无权执行此操作。") -> None:
        super().__init__(message)


class CsrfError(WebError):
    status = 403
    title = "请求已失效"

    def __init__(self, message: str = "表单已过期或来源不明，请刷新页面后重试。") -> None:
        super().__init__(message)


class LoginThrottled(WebError):
    status = 429
    title = "尝试次数过多"

    def __init__(self, retry_after_s: int) -> None:
        self.retry_after_s = retry_after_s
        minutes = max(1, (retry_after_s + 59) // 60)
        super().__init__(f"登录失败次数过多，请约 {minutes} 分钟后再试。")


class NotFound(WebError):
    status = 404
    title = "未找到"

    def __init__(self, message: str = "您要找的内容不存在。") -> None:
        super().__init__(message)


class InvalidInput(WebError):
    status = 400
    title = "输入有误"


class Conflict(WebError):
    """The action does not fit the current state (someone else may have acted first)."""

    status = 409
    title = "无法执行"


class ModuleUnavailable(WebError):
    status = 503
    title = "功能暂不可用"


class UserStoreError(WebError):
    status = 503
    title = "用户数据库不可用"


class UserExists(UserStoreError):
    status = 409
    title = "用户已存在"


class SecretKeyError(WebError):
    """The persisted session key is unusable (startup problem, not a request problem)."""

    status = 500
    title = "配置错误"
