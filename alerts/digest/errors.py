"""Digest errors (the tree is documented in :mod:`alerts.digest`)."""

from __future__ import annotations


class DigestError(Exception):
    """Base class of digest and briefing errors."""


class DigestFontError(DigestError):
    """No CJK font is installed, so charts and PDFs would show empty boxes instead of Chinese."""


class DigestRenderError(DigestError):
    """A chart, the HTML or the PDF could not be produced."""


class DigestArchiveError(DigestError):
    """The archive directory cannot be written."""


class DigestDeliveryError(DigestError):
    """The digest could not be handed to the notification outbox."""
