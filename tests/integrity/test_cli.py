"""`reviewhub integrity SLUG`: progress, then the flagged pairs."""

from tests import factories as f
from tests.integrity.helpers import add_file, essay


def test_cli_runs_the_check_and_prints_flagged_pairs(db, runner):
    event = f.make_event()
    text = essay(1)
    a = f.make_submission(event, author=f.make_user(), title="Painting with diffusion")
    b = f.make_submission(event, author=f.make_user(), title="Diffusion painting, again")
    f.make_submission(event, author=f.make_user(), title="Unrelated")
    add_file(a, text=text)
    add_file(b, text=text)
    db.session.commit()
    result = runner.invoke(args=["integrity", event.slug])
    assert result.exit_code == 0, result.output
    assert "3 submissions, 0 earlier accepted works, 0 images" in result.output
    assert "1 flagged pair:" in result.output
    line = next(x for x in result.output.splitlines() if "Painting with diffusion" in x)
    assert f"#{a.number}" in line and f"#{b.number}" in line and "containment 0.9" in line and "text" in line
    assert "Unrelated" not in result.output


def test_cli_on_an_event_without_pairs(db, runner):
    event = f.make_event()
    db.session.commit()
    result = runner.invoke(args=["integrity", event.slug])
    assert result.exit_code == 0 and "No pair is flagged." in result.output


def test_cli_unknown_event(db, runner):
    result = runner.invoke(args=["integrity", "no-such-event"])
    assert result.exit_code != 0 and "no-such-event" in result.output
