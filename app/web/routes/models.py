"""Models (analysts and admins): each task's versions, what they were trained on, their metrics and
plots, which one is active; promote another. The same in the JSON API under /api/v1/models.

The registry is ``nlp.models.ModelRegistry`` on the console's settings; promoting writes the task's
ACTIVE pointer, which running services notice and reload. Card text comes from training runs and is
shown escaped (Jinja autoescape; JSON in ``<pre>``); plots are PNG files inside a version's directory,
served by name only.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from app.web.auth import CanPromoteModels, CanViewModels, Principal, services_of
from app.web.errors import NotFound
from app.web.roles import Permission
from app.web.templating import render
from nlp.errors import ModelLoadError, ModelNotFoundError
from nlp.models import TASKS, ModelRegistry, ModelVersion

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1/models", tags=["models"])

TASK_LABELS = {"sentiment": "情感倾向", "relevance": "环境相关性"}
METRIC_LABELS = {
    "macro_f1": "宏平均 F1",
    "accuracy": "准确率",
    "ece": "校准误差 ECE",
    "support": "样本数",
}
_PLOT_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}\.png$")


@dataclass(frozen=True)
class VersionView:
    """One version as the page shows it."""

    entry: ModelVersion
    active: bool
    plots: list[str]

    @property
    def version(self) -> str:
        return self.entry.card.version

    @property
    def card(self) -> Any:
        return self.entry.card

    def evaluations(self) -> list[tuple[str, dict[str, Any]]]:
        """(name, metrics) of each evaluation in the card's metrics (held_out, baseline, …)."""
        metrics = self.card.metrics if isinstance(self.card.metrics, dict) else {}
        return [(name, value) for name, value in metrics.items() if isinstance(value, dict)]

    def headline(self) -> list[tuple[str, Any]]:
        """(label, value) of the main evaluation's scalar metrics."""
        evaluations = self.evaluations()
        if not evaluations:
            return []
        metrics = evaluations[0][1]
        return [(METRIC_LABELS.get(k, k), v) for k, v in metrics.items() if isinstance(v, int | float)]

    def pretty(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)


@dataclass
class TaskView:
    task: str
    active: str
    versions: list[VersionView] = field(default_factory=list)
    problem: str = ""

    @property
    def label(self) -> str:
        return TASK_LABELS.get(self.task, self.task)


def registry_of(request: Request) -> ModelRegistry:
    return ModelRegistry.from_settings(services_of(request).settings)


def plot_names(entry: ModelVersion) -> list[str]:
    """PNG files in the version's directory (confusion matrix, calibration… written by training)."""
    try:
        return sorted(p.name for p in entry.path.iterdir() if p.is_file() and _PLOT_NAME.match(p.name))
    except OSError:
        return []


def task_views(registry: ModelRegistry) -> list[TaskView]:
    views = []
    for task in TASKS:
        active = registry.active_version(task)
        view = TaskView(task, active)
        try:
            entries = registry.versions(task)
        except ModelLoadError as exc:
            view.problem = f"模型卡无法读取：{exc}"
            entries = []
        view.versions = [VersionView(e, e.card.version == active, plot_names(e)) for e in entries]
        if entries and not any(v.active for v in view.versions):
            view.problem = view.problem or f"当前启用的版本 {active} 不存在，系统使用默认模型。"
        views.append(view)
    return views


def find_version(registry: ModelRegistry, task: str, version: str) -> ModelVersion:
    if task not in TASKS:
        raise NotFound("没有这个模型任务。")
    try:
        return registry.get(task, version)
    except (ModelNotFoundError, ModelLoadError):
        raise NotFound("没有这个模型版本。") from None


def promote(request: Request, principal: Principal, task: str, version: str) -> ModelRegistry:
    registry = registry_of(request)
    find_version(registry, task, version)
    registry.promote(task, version)
    logger.info(
        "%s %s promoted %s model %s", principal.user.role.value, principal.user.username, task, version
    )
    return registry


# pages ---------------------------------------------------------------------------------------
@router.get("/models")
def models_page(request: Request, principal: CanViewModels, done: str = "") -> HTMLResponse:
    context = {
        "tasks": task_views(registry_of(request)),
        "can_promote": principal.can(Permission.MODELS_PROMOTE),
        "notice": "已切换启用的模型版本，运行中的服务会自动加载。" if done == "promoted" else "",
    }
    return render(request, "models.html", context)


@router.post("/models/{task}/{version}/promote")
def promote_form(request: Request, principal: CanPromoteModels, task: str, version: str) -> Response:
    promote(request, principal, task, version)
    return RedirectResponse("/models?done=promoted", status_code=303)


@router.get("/models/{task}/{version}/plots/{name}")
def plot_file(request: Request, principal: CanViewModels, task: str, version: str, name: str) -> FileResponse:
    entry = find_version(registry_of(request), task, version)
    if not _PLOT_NAME.match(name) or name not in plot_names(entry):
        raise NotFound("没有这张图。")
    return FileResponse(Path(entry.path) / name, media_type="image/png")


# JSON API ------------------------------------------------------------------------------------
class ModelVersionOut(BaseModel):
    version: str
    shipped: bool
    active: bool
    created_at: str
    created_by: str
    data: dict[str, Any]
    metrics: dict[str, Any]
    params: dict[str, Any]
    notes: str
    plots: list[str]  # URLs of PNG plots, served by the console


class ModelTaskOut(BaseModel):
    task: str
    label: str
    active: str
    problem: str
    versions: list[ModelVersionOut]


def task_out(view: TaskView) -> ModelTaskOut:
    return ModelTaskOut(
        task=view.task,
        label=view.label,
        active=view.active,
        problem=view.problem,
        versions=[
            ModelVersionOut(
                version=v.version,
                shipped=v.entry.shipped,
                active=v.active,
                created_at=str(v.card.created_at),
                created_by=str(v.card.created_by),
                data=dict(v.card.data),
                metrics=dict(v.card.metrics),
                params=dict(v.card.params),
                notes=str(v.card.notes),
                plots=[f"/models/{view.task}/{v.version}/plots/{name}" for name in v.plots],
            )
            for v in view.versions
        ],
    )


@api_router.get("", response_model=list[ModelTaskOut], summary="模型任务、版本、指标与启用版本")
def list_models(request: Request, principal: CanViewModels) -> list[ModelTaskOut]:
    return [task_out(view) for view in task_views(registry_of(request))]


@api_router.post(
    "/{task}/{version}/promote", response_model=ModelTaskOut, summary="启用某个模型版本（分析员、管理员）"
)
def promote_api(request: Request, principal: CanPromoteModels, task: str, version: str) -> ModelTaskOut:
    registry = promote(request, principal, task, version)
    return next(task_out(view) for view in task_views(registry) if view.task == task)
