"""`reviewhub sweep-uploads`: files no row references (a save refused at its commit leaves its
stored upload behind) are deleted once old enough; referenced, recent and foreign files stay."""

import os
import time
import uuid
from pathlib import Path

from reviewhub import storage
from reviewhub.extensions import db
from reviewhub.submissions import services
from reviewhub.submissions.core import Upload
from tests.submissions.helpers import data_for, pdf


def _age(path: Path, minutes: float) -> None:
    then = time.time() - minutes * 60
    os.utime(path, (then, then))


def _saved_then_refused_at_commit(cast) -> list[Path]:
    """A save whose files were stored (the upload and its blind copy), then rolled back (as
    when the commit fails)."""
    folder = Path(storage.path_for("x").parent)
    before = set(folder.iterdir()) if folder.exists() else set()
    services.save(cast.event, by=cast.author, data=data_for(cast.author, title="Lost at commit"), kind=cast.paper,
                  uploads=[Upload("main", "p.pdf", pdf())], client_token=uuid.uuid4().hex)
    db.session.rollback()
    left = sorted(set(folder.iterdir()) - before)
    assert len(left) == 2
    return left


def test_sweep_deletes_only_old_unreferenced_files(cast, runner):
    kept = services.save(cast.event, by=cast.author, data=data_for(cast.author), kind=cast.paper,
                         uploads=[Upload("main", "kept.pdf", pdf())], client_token=uuid.uuid4().hex)[0]
    db.session.commit()
    referenced = storage.path_for(kept.files[0].storage_key)
    referenced_blind = storage.path_for(kept.files[0].blind_key)
    orphans = _saved_then_refused_at_commit(cast)
    recent, recent_blind = _saved_then_refused_at_commit(cast)
    in_progress = storage.IncomingFile(referenced.parent)
    in_progress.write(b"%PDF-1.4 still arriving")
    foreign = referenced.parent / "README.txt"
    foreign.write_text("an operator's note")
    for path in (referenced, referenced_blind, *orphans, foreign):
        _age(path, 90)
    _age(recent, 5)
    _age(recent_blind, 5)

    dry = runner.invoke(args=["sweep-uploads", "--older-than", "60", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert all(f"would delete {o.name}" in dry.output for o in orphans)
    assert "2 unreferenced files (dry run)" in dry.output
    assert all(o.exists() for o in orphans)

    swept = runner.invoke(args=["sweep-uploads", "--older-than", "60"])
    assert swept.exit_code == 0 and all(f"deleted {o.name}" in swept.output for o in orphans)
    assert not any(o.exists() for o in orphans)
    assert referenced.exists() and referenced_blind.exists() and recent.exists() and recent_blind.exists()
    assert in_progress.path.exists() and foreign.exists()
    in_progress.close()
    assert not in_progress.path.exists(), "an upload nobody kept is deleted when its request ends"


def test_sweep_refuses_a_margin_below_one_minute(runner):
    result = runner.invoke(args=["sweep-uploads", "--older-than", "0"])
    assert result.exit_code != 0 and "--older-than" in result.output
