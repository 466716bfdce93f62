"""The demo's local mail capture: an SMTP server (aiosmtpd, in-process, 127.0.0.1) that writes every
message it accepts to ``<directory>/NNN.eml`` and keeps a parsed copy for the narration."""

from __future__ import annotations

import email
import email.policy
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from app.ports import free_port

SENDER = "qingshan-demo@localhost"


@dataclass(frozen=True)
class CapturedMail:
    """One accepted message: where it was written and what a reader sees first."""

    path: Path
    subject: str
    recipients: tuple[str, ...]  # the SMTP envelope's RCPT TO
    to_header: tuple[str, ...]
    message_id: str
    thread: str  # ``alert-N`` from ``References: <alert-N@qingshan>``, else ""

    @property
    def level(self) -> str | None:
        """``I``–``IV`` from a subject such as ``【黄色预警·III级】…``, else None."""
        marker = self.subject.find("级】")
        if marker < 0:
            return None
        start = self.subject.rfind("·", 0, marker)
        return self.subject[start + 1 : marker] if start >= 0 else None


class _Handler:
    def __init__(self, capture: MailCapture) -> None:
        self.capture = capture

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        self.capture.accept(content, tuple(str(r) for r in envelope.rcpt_tos))
        return "250 OK"


class MailCapture:
    """An SMTP server writing ``.eml`` files; ``mailto_url(address)`` is the apprise URL delivering to it."""

    def __init__(self, directory: Path, host: str = "127.0.0.1") -> None:
        self.directory = directory
        self.host = host
        self.port = free_port()
        self._lock = threading.Lock()
        self._messages: list[CapturedMail] = []
        self._controller: Controller | None = None

    def mailto_url(self, recipient: str) -> str:
        return (
            f"mailto://{self.host}:{self.port}?mode=insecure"
            f"&from={quote(SENDER)}&to={quote(recipient)}&name={quote('青山舆情监测')}"
        )

    @property
    def messages(self) -> list[CapturedMail]:
        with self._lock:
            return list(self._messages)

    def accept(self, content: bytes, recipients: tuple[str, ...]) -> None:
        message = email.message_from_bytes(content, policy=email.policy.default)
        with self._lock:
            path = self.directory / f"{len(self._messages) + 1:03d}.eml"
            path.write_bytes(content)
            to_header = tuple(addr for _, addr in getaddresses([str(v) for v in message.get_all("To", [])]))
            self._messages.append(
                CapturedMail(
                    path,
                    str(message.get("Subject", "")),
                    recipients,
                    to_header,
                    str(message.get("Message-ID", "")),
                    _thread(str(message.get("References", ""))),
                )
            )

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> MailCapture:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _thread(references: str) -> str:
    first = references.strip().split(" ")[0].strip("<>")
    return first.split("@", 1)[0] if first.endswith("@qingshan") else ""


def read_mail(path: Path) -> EmailMessage:
    """A captured ``.eml`` file, parsed."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message
