"""Requests per second and median latency of public pages, against a bare Flask "hello" route.

Run: python bench/pages.py [--requests 200]. Builds the demo workshop (phase "program") in a
temporary SQLite instance and measures every page of PAGES in one run, in process (WSGI test
client, so no network noise), after a warm-up request each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# (label, path template): other domains add their pages here.
PAGES = [
    ("event page", "/{slug}/"),
    ("schedule", "/{slug}/program/"),
    ("schedule (304)", "/{slug}/program/"),
    ("accepted works", "/{slug}/program/accepted"),
    ("schedule.ics", "/{slug}/program/schedule.ics"),
]


def measure(client, path: str, n: int, headers: dict | None = None) -> tuple[float, float]:
    """(requests per second, median milliseconds) over n sequential GETs."""
    client.get(path, headers=headers)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append(time.perf_counter() - start)
        assert response.status_code in (200, 304), (path, response.status_code)
    return n / sum(times), statistics.median(times) * 1000


def hello_app():
    from flask import Flask

    app = Flask("hello")

    @app.route("/")
    def hello():
        return "hello"

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    os.environ["REVIEWHUB_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="reviewhub-bench-")
    from flask_migrate import upgrade

    from reviewhub import create_app
    from reviewhub.demo import load_demo
    from reviewhub.extensions import db

    app = create_app()
    with app.app_context():
        upgrade()
        slug = load_demo("program")["event"].slug
        db.session.commit()
    client = app.test_client()
    rows = [("bare Flask hello", *measure(hello_app().test_client(), "/", args.requests))]
    for label, template in PAGES:
        path = template.format(slug=slug)
        headers = None
        if "304" in label:
            headers = {"If-None-Match": client.get(path).headers.get("ETag", "")}
        rows.append((label, *measure(client, path, args.requests, headers)))
    print(f"{'page':<20} {'req/s':>9} {'median ms':>10}  ({args.requests} requests each)")
    for label, rps, median in rows:
        print(f"{label:<20} {rps:>9.0f} {median:>10.2f}")


if __name__ == "__main__":
    main()
