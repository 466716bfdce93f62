"""The typed settings object: one section per shipped YAML file."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from config.models.alerts import AlertSettings
from config.models.general import GeneralSettings
from config.models.nlp import NlpSettings
from config.models.plans import PlanSettings
from config.models.routing import RoutingSettings
from config.models.schedule import ScheduleSettings
from config.models.sources import SourceSettings
from config.models.topics import TopicSettings
from config.models.web import WebSettings

# file name → (attribute on Settings, model)
SECTION_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "settings.yaml": ("general", GeneralSettings),
    "sources.yaml": ("sources", SourceSettings),
    "topics.yaml": ("topics", TopicSettings),
    "plans.yaml": ("plans", PlanSettings),
    "alerts.yaml": ("alerts", AlertSettings),
    "routing.yaml": ("routing", RoutingSettings),
    "schedule.yaml": ("schedule", ScheduleSettings),
    "nlp.yaml": ("nlp", NlpSettings),
    "web.yaml": ("web", WebSettings),
}


class Settings(BaseModel):
    """Everything configurable, loaded by :func:`config.load_settings`."""

    model_config = ConfigDict(frozen=True)

    config_dir: Path | None = None
    general: GeneralSettings = GeneralSettings()
    sources: SourceSettings = SourceSettings()
    topics: TopicSettings = TopicSettings()
    plans: PlanSettings = PlanSettings()
    alerts: AlertSettings = AlertSettings()
    routing: RoutingSettings = RoutingSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    nlp: NlpSettings = NlpSettings()
    web: WebSettings = WebSettings()

    @property
    def home(self) -> Path:
        """The directory for the database, indices, models and archives."""
        return self.resolve_path(self.general.home)

    @property
    def data_dir(self) -> Path:
        """The third-party corpora directory (``../shared/data`` by default)."""
        return self.resolve_path(self.general.data_dir)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.general.timezone)

    def resolve_path(self, path: Path) -> Path:
        """Resolve a configured path against the user config directory, or the current directory."""
        if path.is_absolute():
            return path
        base = self.config_dir if self.config_dir is not None else Path.cwd()
        return (base / path).resolve()

    def database_url(self) -> str:
        """The SQLAlchemy URL of the database of record."""
        url = self.general.storage.database_url
        return url or f"sqlite:///{self.home / 'qingshan.db'}"
