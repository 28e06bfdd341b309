"""A local SMTP server for tests: real protocol, captured messages, injectable faults."""

import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_DATA(self, smtp_server, session, envelope):
        fault = self.server.next_fault()
        if fault == "421":
            return "421 Service not available, try later"
        if fault == "550":
            return "550 Mailbox unavailable"
        if fault == "drop":
            session_transport = smtp_server.transport
            session_transport.close()
            return "421 closing"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.server.lock:
            self.server.messages.append(
                {"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "message": message}
            )
        return "250 OK"


class CapturingSMTPServer:
    def __init__(self):
        self.port = free_port()
        self.messages: list[dict] = []
        self.faults: list[str] = []  # consumed one per DATA: "421", "550", "drop", "ok"
        self.lock = threading.Lock()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def next_fault(self) -> str | None:
        with self.lock:
            return self.faults.pop(0) if self.faults else None

    def config(self) -> dict:
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_USE_TLS": False}

    def recipients(self) -> list[str]:
        return [to for m in self.messages for to in m["to"]]
