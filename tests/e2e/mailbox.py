"""What the test's SMTP server received, as each person's inbox: subjects, text, links."""

import re
import time
from dataclasses import dataclass, field

from tests.smtp import CapturingSMTPServer

LINK = re.compile(r"https?://[^\s<>\"')\]]+")


@dataclass
class Mail:
    to: list[str]
    subject: str
    text: str
    links: list[str] = field(default_factory=list)

    def link(self, containing: str = "") -> str:
        """The first link whose URL contains `containing`."""
        for url in self.links:
            if containing in url:
                return url
        raise AssertionError(f"no link containing {containing!r} in {self.subject!r}: {self.links}")


def _text_of(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


class Mailbox:
    def __init__(self, smtp: CapturingSMTPServer):
        self.smtp = smtp

    def mark(self) -> int:
        """A bookmark: wait_for(..., since=mark) ignores what arrived before it."""
        with self.smtp.lock:
            return len(self.smtp.messages)

    def to(self, address: str, since: int = 0) -> list[Mail]:
        address = address.lower()
        with self.smtp.lock:
            received = list(self.smtp.messages[since:])
        mails = []
        for item in received:
            if address in (to.lower() for to in item["to"]):
                text = _text_of(item["message"])
                mails.append(Mail(item["to"], str(item["message"]["subject"]), text, LINK.findall(text)))
        return mails

    def wait_for(self, address: str, subject: str = "", *, since: int = 0, timeout: float = 10) -> Mail:
        """The newest mail to `address` whose subject contains `subject` (waits for it)."""
        deadline = time.monotonic() + timeout
        while True:
            matching = [m for m in self.to(address, since) if subject.lower() in m.subject.lower()]
            if matching:
                return matching[-1]
            if time.monotonic() > deadline:
                seen = [m.subject for m in self.to(address)]
                raise AssertionError(f"no mail to {address} with {subject!r} within {timeout} s; "
                                     f"it received: {seen}")
            time.sleep(0.05)
