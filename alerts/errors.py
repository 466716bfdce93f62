"""Alerts errors (the tree is documented in :mod:`alerts`)."""

from __future__ import annotations


class AlertsError(Exception):
    """Base class of alerts errors."""


class AlertConfigError(AlertsError):
    """The alert configuration cannot be used (a rule query does not parse, an unknown channel)."""


class AlertNotFoundError(AlertsError):
    """No alert has the given id."""

    def __init__(self, alert_id: int) -> None:
        self.alert_id = alert_id
        super().__init__(f"no alert #{alert_id} (list them with `qingshan alerts list`)")


class InvalidTransitionError(AlertsError):
    """A lifecycle action is not allowed from the alert's current state."""

    def __init__(
        self, alert_id: int, action: str, state: str, allowed_from: tuple[str, ...], hint: str = ""
    ) -> None:
        self.alert_id = alert_id
        self.action = action
        self.state = state
        self.allowed_from = allowed_from
        message = (
            f"cannot {action} alert #{alert_id}: it is {state}; "
            f"{action} is allowed from {', '.join(allowed_from) or 'no state'}"
        )
        super().__init__(f"{message}. {hint}" if hint else message)


class AlertDatabaseError(AlertsError):
    """The alerts database cannot be opened, read or written."""


class DeliveryError(AlertsError):
    """A notification could not be handed to its channel (the outbox retries it)."""
