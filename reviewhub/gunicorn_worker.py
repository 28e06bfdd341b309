"""The gunicorn worker `reviewhub serve` runs: gthread, noting when each request reached the
server.

Deadlines judge when a request arrived (web.arrival_time). The app can note that moment only
when a thread starts on the request; under a deadline rush every thread of a worker may be
busy with other uploads, and a request sent in time waits, accepted and queued, until one is
free. This worker notes the moment the connection was queued for a thread (accepted, or a
kept-alive connection became readable again) and hands it to the app in the WSGI environ.
It also hands the app a request body of known length as a `DirectBody`: bytes go from the
socket into the reader's buffer (recv_into), where gunicorn's own reader copies each byte
through two BytesIO buffers several times (a 13 MB upload: ~36 ms of CPU against ~3 ms for
the bare recv, measured; issue 22). REVIEWHUB_UPLOAD_PATH=legacy keeps gunicorn's reader.

Only gunicorn imports this module (`worker_class`).
"""

import socket
import ssl
import threading
import time

from gunicorn.http.body import LengthReader
from gunicorn.workers.gthread import ThreadWorker

ARRIVAL_KEY = "reviewhub.arrived_at"


class ArrivalNotingWorker(ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._handling = threading.local()  # the connection a pool thread is answering

    def enqueue_req(self, conn):
        conn.reviewhub_queued_at = time.time()
        super().enqueue_req(conn)

    def load_wsgi(self):
        super().load_wsgi()
        app, handling = self.wsgi, self._handling
        direct = getattr(app, "config", {}).get("UPLOAD_PATH") != "legacy"

        def noting_arrival(environ, start_response):
            queued_at = getattr(handling, "queued_at", None)
            if queued_at is not None:
                environ[ARRIVAL_KEY] = queued_at
            body = environ.get("wsgi.input")
            if direct and isinstance(getattr(body, "reader", None), LengthReader) and handling.sock is not None:
                environ["wsgi.input"] = DirectBody(body, handling.sock)
            return app(environ, start_response)

        self.wsgi = noting_arrival

    def handle_request(self, req, conn):
        self._handling.queued_at = getattr(conn, "reviewhub_queued_at", None)
        sock = getattr(conn, "sock", None)
        self._handling.sock = None if isinstance(sock, ssl.SSLSocket) else sock  # TLS: gunicorn's reader
        try:
            return super().handle_request(req, conn)
        finally:
            self._handling.queued_at = self._handling.sock = None


class DirectBody:
    """A body of known length (gunicorn's Body over a LengthReader), read with recv_into
    straight from the socket. What gunicorn had already buffered (its Body's and its
    unreader's buffers: the start of the body, read with the headers) comes first; the
    LengthReader's count is kept up to date, so gunicorn sees the body consumed (keep-alive)
    and never reads past it (a pipelined next request stays in the socket)."""

    def __init__(self, body, sock):
        self._body, self._reader, self._sock = body, body.reader, sock

    def _buffered(self, size: int) -> bytes:
        """Up to `size` bytes gunicorn already holds: the Body's own buffer (counted out of
        the LengthReader already), then the unreader's (counted now, never past the body)."""
        for holder, counted in ((self._body, True), (self._reader.unreader, False)):
            held = holder.buf.getvalue() if holder.buf.tell() else b""
            if not held:
                continue
            take = size if counted else min(size, self._reader.length)
            if take <= 0:
                return b""
            data, rest = held[:take], held[take:]
            holder.buf.seek(0)
            holder.buf.truncate()
            holder.buf.write(rest)
            if not counted:
                self._reader.length -= len(data)
            return data
        return b""

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self._buffered(len(view))
        if data:
            view[:len(data)] = data
            return len(data)
        wanted = min(len(view), self._reader.length)
        if wanted <= 0:
            return 0
        # MSG_WAITALL: the whole step in one call (as gunicorn's reader gathered it), not
        # whatever the socket held at that moment.
        count = self._sock.recv_into(view, wanted, socket.MSG_WAITALL)
        self._reader.length -= count
        return count

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = self._reader.length + self._body.buf.tell()
        out = bytearray(size)
        filled = 0
        while filled < size:
            count = self.readinto(memoryview(out)[filled:])
            if not count:
                break
            filled += count
        return bytes(memoryview(out)[:filled])

    def readline(self, size: int | None = -1) -> bytes:
        return self._body.readline(size)  # not for uploads: gunicorn's own line reader

    def __iter__(self):
        return iter(self._body)
