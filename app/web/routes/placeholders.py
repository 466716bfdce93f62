"""Pages of parts that are not installed yet: they say so plainly (never fake data)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.auth import CanViewModels
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/models")
def models_page(request: Request, principal: CanViewModels) -> HTMLResponse:
    context = {"title": "模型", "message": "模型注册表尚未安装，暂时无法查看模型版本和指标。"}
    return render(request, "unavailable.html", context)
