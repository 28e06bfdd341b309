"""Event export and import: seconds for the demo workshop at its `program` phase (and, with
--conference, the conference demo too), medians of several runs, on SQLite or on the database
REVIEWHUB_BENCH_DATABASE_URL names (an empty PostgreSQL database is created and dropped).

Run from a checkout: `flock -x /tmp/reviewhub-bench.lock python bench/transfer.py [--runs 3]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from reviewhub import create_app  # noqa: E402
from reviewhub.extensions import db  # noqa: E402

CONFIG = {"TESTING": True, "SECRET_KEY": "bench", "PASSWORD_TIME_COST": 1, "PASSWORD_MEMORY_COST_KIB": 1024,
          "PASSWORD_PARALLELISM": 1, "MAIL_DELIVER_INLINE": False, "REDIS_URL": None,
          "SERVER_NAME": "reviewhub.test"}


def _app(folder: Path, name: str):
    return create_app({**CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / name}.sqlite",
                       "UPLOAD_FOLDER": str(folder / f"{name}-uploads"), "MAIL_FILE_DIR": str(folder / "mail")})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--conference", action="store_true")
    args = parser.parse_args()
    from reviewhub.transfer import export, load

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = _app(folder, "source")
        with source.app_context():
            db.create_all()
            from reviewhub.demo import load_demo

            events = [load_demo("program")["event"]]
            if args.conference:
                from reviewhub.committee.conference_demo import load_conference

                events.append(load_conference()["event"])
            db.session.commit()
            slugs = [e.slug for e in events]
        for slug in slugs:
            exports, imports = [], []
            for run in range(args.runs):
                out = folder / f"{slug}-{run}.zip"
                with source.app_context():
                    from reviewhub.events.models import Event

                    event = db.session.scalar(db.select(Event).where(Event.slug == slug))
                    started = time.perf_counter()
                    manifest = export.export_event(event, out)
                    exports.append(time.perf_counter() - started)
                target = _app(folder, f"target-{slug}-{run}")
                with target.app_context():
                    db.create_all()
                    started = time.perf_counter()
                    load.import_event(out)
                    db.session.commit()
                    imports.append(time.perf_counter() - started)
            rows = sum(manifest["tables"].values())
            print(f"{slug}: {rows} rows, {len(manifest['files'])} files, {out.stat().st_size / 2**20:.1f} MB; "
                  f"export {statistics.median(exports):.2f} s, import {statistics.median(imports):.2f} s "
                  f"(medians of {args.runs}; all: {[round(x, 2) for x in exports]} / {[round(x, 2) for x in imports]})")


if __name__ == "__main__":
    main()
