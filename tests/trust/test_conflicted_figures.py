"""Point 5: a conflicted organizer's figures are those of the event without their submission.

Each page is read by the conflicted organizer, then the conflicted submission is deleted (its
assignments, reviews, bids and decision go with it; assignment runs are computed again) and
the page is read again: every figure must be the same. The only allowed difference is the
sentence that says some rows are hidden.
"""

import difflib
import re

import pytest

from tests.trust.figures_world import build, remove_conflicted, start_run

# Sentences that exist to say "something is hidden from you": they are the point, not a leak.
NOTICES = (
    r"<p class=\"muted\">\d+ submissions? (?:is|are) not listed: you are conflicted with them\.</p>",
    r"; \d+ change\(s\) on submissions you are conflicted with are not shown",
    r"<tr><td>#\d+ [^<]*</td>\s*<td><span class=\"muted\">hidden: you are conflicted with this submission</span>\s*</td></tr>",
    r"<p class=\"hint\">These figures leave out the submissions you are conflicted with;[^<]*</p>",
)
VOLATILE = (
    r'name="csrf_token" value="[^"]*"', r"run #\d+", r"/runs/\d+", r"/jobs/\d+", r"#\d+</a>",
    r"\d{1,2}:\d{2}", r"computed in [\d.]+ s",
)

PAGES = [
    "/", "/{slug}/", "/{slug}/manage/settings", "/{slug}/manage/organizers", "/{slug}/manage/submissions", "/{slug}/manage/submissions.csv",
    "/{slug}/assignment/reviewers", "/{slug}/assignment/runs", "/{slug}/assignment/runs/{run_id}",
    "/{slug}/assignment/current", "/{slug}/events/jobs/{job_id}",
    "/{slug}/reviews/progress", "/{slug}/reviews/ranking", "/{slug}/reviews/ranking.csv",
    "/{slug}/decisions/", "/{slug}/decisions/release", "/{slug}/decisions/correction",
    "/{slug}/decisions/confirmations", "/{slug}/mail/", "/{slug}/program/manage/schedule",
    "/{slug}/program/manage/schedule/slots/new", "/{slug}/integrity/", "/{slug}/integrity/ai-use",
]


def _figures(text: str, path: str) -> str:
    for pattern in NOTICES + VOLATILE:
        text = re.sub(pattern, "", text)
    if "/runs/" in path:  # the solver's certificate covers every submission: compare the figures
        figures = re.findall(r"<dd>([^<]*)</dd>", text)
        loads = re.findall(r"<td class=\"num\">(\d+)</td>", text)
        changes = re.findall(r"<p>(\d+) to add, (\d+) to remove", text)
        chart = re.findall(r"<svg.*?</svg>", text, re.S)
        return repr((figures[:5], loads, changes, chart))
    return re.sub(r">\s*<", ">\n<", re.sub(r"\s+", " ", text))  # one tag a line, for the diff


def _job_path(app):
    with app.test_request_context():
        from flask import url_for
        return url_for("events.job", slug="SLUG", job_id=0).replace("http://reviewhub.test", "")


@pytest.mark.parametrize("page", PAGES)
def test_a_conflicted_organizer_sees_the_figures_of_the_event_without_their_submission(app, login_as, page):
    world = build()
    run = start_run(world)
    if "jobs" in page:
        page = _job_path(app).replace("SLUG", "{slug}").replace("/0", "/{job_id}")
    client = login_as(world.conflicted_organizer)
    path = page.format(slug=world.event.slug, run_id=run.id, job_id=run.job_id)
    before = client.get(path)
    assert before.status_code == 200, path
    remove_conflicted(world)
    run = start_run(world)
    path = page.format(slug=world.event.slug, run_id=run.id, job_id=run.job_id)
    after = client.get(path)
    assert after.status_code == 200, path
    seen, expected = _figures(before.get_data(as_text=True), path), _figures(after.get_data(as_text=True), path)
    assert seen == expected, f"{path}: the conflicted organizer's figures count their submission:\n" + "".join(
        difflib.unified_diff(expected.splitlines(True), seen.splitlines(True), n=0))


def test_the_unconflicted_organizer_does_count_the_submission(app, login_as):
    """The comparison can fail: for the unconflicted organizer the same pages do change."""
    world = build()
    run = start_run(world)
    client = login_as(world.organizer)
    paths = [p.format(slug=world.event.slug, run_id=run.id, job_id=run.job_id)
             for p in ("/{slug}/assignment/reviewers", "/{slug}/decisions/release", "/{slug}/reviews/progress",
                       "/{slug}/assignment/runs/{run_id}", "/{slug}/program/manage/schedule")]
    before = {p: _figures(client.get(p).get_data(as_text=True), p) for p in paths}
    remove_conflicted(world)
    run = start_run(world)
    for path in paths:
        path_after = path if "/runs/" not in path else f"/{world.event.slug}/assignment/runs/{run.id}"
        assert before[path] != _figures(client.get(path_after).get_data(as_text=True), path_after), path


def test_a_conflicted_organizer_edits_a_slot_holding_their_submission_without_seeing_it(app, login_as):
    from datetime import timedelta

    from reviewhub.extensions import db
    from reviewhub.models_base import utcnow
    from reviewhub.program import services as program

    world = build()
    start = utcnow().replace(microsecond=0)
    slot = program.save_slot(world.event, None, by=world.organizer, kind="contributed_talk", title="Talk slot",
                             start_at=start, end_at=start + timedelta(hours=1), submission_id=world.conflicted.id)
    db.session.commit()
    client = login_as(world.conflicted_organizer)
    path = f"/{world.event.slug}/program/manage/schedule/slots/{slot.id}"
    page = client.get(path)
    assert page.status_code == 200 and "The hidden work" not in page.text
    assert "(a submission you are conflicted with)" in page.text
    # the form posts back the slot's own values, with a new title
    data = {"kind": "contributed_talk", "title": "Renamed slot", "room": "",
            "start_at": re.search(r'name="start_at"[^>]*value="([^"]+)"', page.text).group(1),
            "end_at": re.search(r'name="end_at"[^>]*value="([^"]+)"', page.text).group(1),
            "submission_id": str(world.conflicted.id)}
    assert client.post(path, data=data).status_code == 302
    db.session.expire_all()
    assert slot.title == "Renamed slot" and slot.submission_id == world.conflicted.id
