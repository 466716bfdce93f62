"""Routing (``routing.yaml``): 属地管理 offices by administrative code, 谁主管谁负责 departments by name.

An event's area (county, city or province code) is looked up here, falling back up the hierarchy
(county → city → province → the national office). Events spanning several provinces, and national
policy (no located region), go to the national office. Channels are ids from ``alerts.yaml``.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from config.models.base import StrictModel


class Contact(StrictModel):
    """A person to reach at an office (shown in alert messages)."""

    name: str = Field(min_length=1)
    role: str = ""
    phone: str = ""
    email: str = ""


class Office(StrictModel):
    """A responsible office for a region (province, city or county code)."""

    region: str = Field(pattern=r"^\d{6}$")
    name: str = Field(min_length=1)
    contacts: list[Contact] = []
    channels: list[str] = Field(default=[], description="channel ids from alerts.yaml")


class NationalOffice(StrictModel):
    """The office for events spanning several provinces and for national policy."""

    name: str = "生态环境部宣传教育司"
    contacts: list[Contact] = []
    channels: list[str] = []


class Department(StrictModel):
    """A department named by ``topics.yaml`` (``department``) with whom to notify."""

    name: str = Field(min_length=1)
    contacts: list[Contact] = []
    channels: list[str] = []


class RoutingSettings(StrictModel):
    """``routing.yaml``."""

    national: NationalOffice = NationalOffice()
    offices: list[Office] = []
    departments: list[Department] = []

    @model_validator(mode="after")
    def _unique_regions(self) -> RoutingSettings:
        regions = [o.region for o in self.offices]
        duplicates = sorted({r for r in regions if regions.count(r) > 1})
        if duplicates:
            raise ValueError(f"offices: more than one office for region(s) {duplicates}")
        return self
