"""Sending the digest by e-mail through the alerts outbox, never by SMTP directly.

The digest is written to the outbox once per e-mail channel (``default_channels`` of alerts.yaml and
the national office's channels in routing.yaml) under the idempotency key ``digest:<day>:<channel>``,
so sending the same day twice queues nothing new; the outbox's delivery worker sends it with
retries. The outbox carries no attachments yet, so charts are left out of the mail (their numbers
are in its tables) and the mail links to the archived page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from alerts.channels import EMAIL_SCHEMES
from alerts.database import AlertDatabase
from alerts.digest.errors import DigestDeliveryError
from alerts.digest.mail import DigestMail
from alerts.levels import Level
from alerts.messages import RenderedMessage
from alerts.outbox import enqueue
from config.models.alerts import AlertSettings
from config.models.routing import RoutingSettings

logger = logging.getLogger(__name__)

DIGEST_KIND = "digest"


def email_channels(alerts: AlertSettings, routing: RoutingSettings) -> list[str]:
    """Enabled e-mail channels among the default channels and the national office's channels."""
    configured = {channel.id: channel for channel in alerts.channels}
    chosen = []
    for channel_id in dict.fromkeys([*alerts.default_channels, *routing.national.channels]):
        channel = configured.get(channel_id)
        url = channel.url if channel is not None and channel.enabled else None
        if url and urlsplit(url).scheme.lower() in EMAIL_SCHEMES:
            chosen.append(channel_id)
    return chosen


def digest_key(day: date) -> str:
    return f"digest:{day.isoformat()}"


def queue_digest(
    database: AlertDatabase, channel_ids: Sequence[str], mail: DigestMail, day: date, now: datetime
) -> list[str]:
    """Write the mail to the outbox for each channel; returns the channels newly queued."""
    message = RenderedMessage(
        mail.subject, mail.text, mail.html, {"kind": DIGEST_KIND, "day": day.isoformat()}
    )
    queued = []
    for channel_id in channel_ids:
        key = f"{digest_key(day)}:{channel_id}"
        try:
            with database.begin() as conn:
                enqueue(
                    conn,
                    key=key,
                    alert_id=None,
                    channel_id=channel_id,
                    kind=DIGEST_KIND,
                    level=Level.IV,
                    message=message,
                    thread_key=digest_key(day),
                    now=now,
                )
        except IntegrityError:
            logger.info("digest of %s already queued for %s", day, channel_id)
            continue
        except SQLAlchemyError as exc:
            raise DigestDeliveryError(f"cannot queue the digest for {channel_id}: {exc}") from exc
        queued.append(channel_id)
    return queued
