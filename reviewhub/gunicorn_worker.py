"""The gunicorn worker `reviewhub serve` runs: gthread, noting when each request reached the
server.

Deadlines judge when a request arrived (web.arrival_time). The app can note that moment only
when a thread starts on the request; under a deadline rush every thread of a worker may be
busy with other uploads, and a request sent in time waits, accepted and queued, until one is
free. This worker notes the moment the connection was queued for a thread (accepted, or a
kept-alive connection became readable again) and hands it to the app in the WSGI environ.
Only gunicorn imports this module (`worker_class`).
"""

import threading
import time

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

        def noting_arrival(environ, start_response):
            queued_at = getattr(handling, "queued_at", None)
            if queued_at is not None:
                environ[ARRIVAL_KEY] = queued_at
            return app(environ, start_response)

        self.wsgi = noting_arrival

    def handle_request(self, req, conn):
        self._handling.queued_at = getattr(conn, "reviewhub_queued_at", None)
        try:
            return super().handle_request(req, conn)
        finally:
            self._handling.queued_at = None
