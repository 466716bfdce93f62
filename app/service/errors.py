"""Service errors (the tree is documented in :mod:`app.service`)."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class of service errors."""


class ServiceDatabaseError(ServiceError):
    """The service's tables cannot be opened, read or written."""


class ServiceLockedError(ServiceError):
    """Another service already runs on this database."""
