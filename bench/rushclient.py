"""One simulated author of bench/rush.py: a browser-like HTTP client (cookies, CSRF tokens)."""

from __future__ import annotations

import enum
import hashlib
import http.client
import json
import re
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
CLIENT_TOKEN = re.compile(r'name="client_token"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="client_token"')
_BLOCK = hashlib.shake_256(b"reviewhub rush").digest(21 << 20)  # incompressible, made once


class Outcome(enum.Enum):
    accepted = "accepted"
    late = "refused after the deadline"
    refused = "refused otherwise"
    error = "error"


def make_pdf(seed: str, size: int) -> bytes:
    """A valid one-page PDF of about `size` bytes (an unreferenced binary stream pads it)."""
    text = f"BT /F1 12 Tf 72 720 Td (Rush paper {seed}) Tj ET".encode()
    padding = _BLOCK[: max(0, size - 900)]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(padding) + padding + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class Author:
    """Logs in, opens the form and has the paper ready (prepare), then submits at `when`
    (monotonic time)."""

    def __init__(self, base: str, slug: str, email: str, password: str, *, size: int, chunked: bool = False):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.slug, self.email, self.password, self.size = slug, email, password, size
        self.chunked = chunked  # send the paper through the chunk API first (as the form's JavaScript does)
        self._paper = b""
        self.cookies: dict[str, str] = {}
        self.timings: dict[str, float] = {}
        self.ready = False
        self.when = self.sent_at = 0.0
        self.outcome: Outcome | None = None
        self.status = 0
        self.error = ""
        self.sha256 = ""
        self._form_token = self._client_token = ""
        self._body: tuple[bytes, str] = (b"", "")
        self.connection: http.client.HTTPConnection | None = None

    def _request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):  # a keep-alive connection the server closed: reconnect once
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt or method == "POST" and body and len(body) > 1 << 20:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response, data

    def _timed(self, name, *args, **kw):
        start = time.monotonic()
        result = self._request(*args, **kw)
        self.timings[name] = time.monotonic() - start
        return result

    def prepare(self, delay: float, make_pdf) -> None:
        time.sleep(delay)
        try:
            _, page = self._request("GET", "/account/login")
            token = _match(TOKEN, page)
            form = urlencode({"csrf_token": token, "email": self.email, "password": self.password}).encode()
            response, _ = self._timed("login", "POST", "/account/login", form,
                                      {"Content-Type": "application/x-www-form-urlencoded"})
            if response.status != 302:
                raise RuntimeError(f"login answered {response.status}")
            _, page = self._timed("form", "GET", f"/{self.slug}/submissions/new?type=paper")
            self._form_token, self._client_token = _match(TOKEN, page), _match(CLIENT_TOKEN, page)
            self._body = self._form(make_pdf)
            self.ready = True
        except Exception as error:  # noqa: BLE001 (reported, never hidden)
            self.error = f"prepare: {type(error).__name__}: {error}"

    def _form(self, make_pdf) -> tuple[bytes, str]:
        """The filled-in form with the paper attached, as the browser will send it: the author's
        PDF is ready before the rush (as a real author's file is)."""
        data = make_pdf(self.email, self.size)
        self.sha256 = hashlib.sha256(data).hexdigest()
        self._paper = data
        fields = {"csrf_token": self._form_token, "client_token": self._client_token or uuid.uuid4().hex,
                  "title": f"A study by {self.email}", "abstract_md": "An abstract written at the last minute.",
                  "authors-0-name": self.email.split("@")[0], "authors-0-email": self.email,
                  "authors-0-affiliation": "Rush University", "authors-0-position": "1", "contact": "0",
                  "ai_use": "none", "presentation_preference": "either", "consent_to_publish": "y",
                  "version": "", "submit_now": "Submit"}
        if self.chunked:
            return _multipart(fields, None)
        return _multipart(fields, ("file-main", "paper.pdf", data))

    def _send_chunks(self) -> str:
        """The chunk API: start, then PATCH each chunk at the offset the server holds; the id."""
        headers = {"Content-Type": "application/json", "X-CSRFToken": self._form_token}
        start = json.dumps({"type": "paper", "purpose": "main", "filename": "paper.pdf", "size": len(self._paper)})
        response, page = self._request("POST", f"/{self.slug}/uploads", start.encode(), headers)
        if response.status != 201:
            raise _Refused(response.status, page)
        state = json.loads(page)
        offset, step = 0, state["chunk_size"]
        while offset < len(self._paper):
            response, page = self._request(
                "PATCH", f"/{self.slug}/uploads/{state['id']}", self._paper[offset:offset + step],
                {"Content-Type": "application/offset+octet-stream", "Upload-Offset": str(offset),
                 "X-CSRFToken": self._form_token})
            if response.status != 200:
                raise _Refused(response.status, page)
            offset = json.loads(page)["offset"]
        return state["id"]

    def submit(self) -> None:
        body, boundary = self._body
        time.sleep(max(0.0, self.when - time.monotonic()))
        if self.connection is not None:  # idle past the server's keep-alive: a browser reconnects
            self.connection.close()
            self.connection = None
        self.sent_at = time.monotonic()
        try:
            if self.chunked:  # the whole of it is the submit's latency: chunks, then the form
                try:
                    token = self._send_chunks()
                except _Refused as refused:
                    response, page = refused.response_status, refused.page
                    self.timings["submit"] = time.monotonic() - self.sent_at
                    self._judge(response, "", page)
                    return
                body = body.replace(b"--" + boundary.encode() + b"--\r\n",
                                    f'--{boundary}\r\nContent-Disposition: form-data; name="upload-main"\r\n\r\n'
                                    f"{token}\r\n--{boundary}--\r\n".encode())
            response, page = self._request("POST", f"/{self.slug}/submissions/new?type=paper", body,
                                           {"Content-Type": f"multipart/form-data; boundary={boundary}"})
            self.timings["submit"] = time.monotonic() - self.sent_at
        except Exception as error:  # noqa: BLE001
            self.outcome, self.error = Outcome.error, f"{type(error).__name__}: {error}"
            return
        self._judge(response.status, response.headers.get("Location", ""), page)

    def _judge(self, status: int, location: str, page: bytes) -> None:
        self.status = status
        if status == 302 and re.search(rf"/{self.slug}/submissions/\d+$", location):
            self.outcome = Outcome.accepted
        elif 400 <= status < 500 and b"deadline passed" in page.lower():
            self.outcome = Outcome.late
        elif 400 <= status < 500 or status == 200:
            self.outcome, self.error = Outcome.refused, _messages(page)
        else:
            self.outcome, self.error = Outcome.error, f"{status} {location}"


class _Refused(Exception):
    def __init__(self, status: int, page: bytes):
        super().__init__(status)
        self.response_status, self.page = status, page


def _messages(page: bytes) -> str:
    """The page's error and flash messages (what the author would read)."""
    text = page.decode("utf-8", "replace")
    blocks = re.findall(r'class="(?:errors|form-errors|flash[^"]*)"[^>]*>(.*?)</(?:ul|div|p)>', text, re.S)
    found = [" ".join(re.sub(r"<[^>]+>", " ", b).split()) for b in blocks]
    return " | ".join(m for m in found[:4] if m) or text[:200]


def _match(pattern, page: bytes) -> str:
    found = pattern.search(page.decode("utf-8", "replace"))
    if not found:
        raise RuntimeError("token not found in the page")
    return found.group(1) or found.group(2) or ""


def _multipart(fields: dict[str, str], upload: tuple[str, str, bytes] | None) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    if upload is not None:
        name, filename, data = upload
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), boundary
