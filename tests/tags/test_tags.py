"""Tags: creating them (bad input by the field), bulk tagging from the list, private tags,
#tag in the search, and conflicted organizers."""

import pytest
import sqlalchemy as sa

from reviewhub.audit import AuditLog
from reviewhub.extensions import db
from reviewhub.tags import core
from reviewhub.tags.models import SubmissionTag, Tag
from tests import factories as f


@pytest.fixture
def world(app):
    olga = f.make_user(name="Olga Organizer")
    otto = f.make_user(name="Otto Organizer")
    event = f.make_event(organizer=olga)
    f.add_role(event, otto, "organizer")
    one = f.make_submission(event, author=f.make_user(), title="Diffusion music")
    two = f.make_submission(event, author=f.make_user(), title="Pictures")
    mine = f.make_submission(event, author=otto, title="Otto's own work")  # otto is its author
    db.session.commit()
    return {"event": event, "olga": olga, "otto": otto, "one": one, "two": two, "mine": mine,
            "base": f"/{event.slug}/manage/tags"}


def _create(client, world, **data):
    return client.post(world["base"] + "/", data={"colour": "blue", **data})


def _apply(client, world, tag, sids, action="add"):
    return client.post(world["base"] + "/apply", data={"tag": tag, "action": action, "sid": [str(s) for s in sids],
                                                       "next": f"/{world['event'].slug}/manage/submissions"})


def _list(client, world, q=""):
    return client.get(f"/{world['event'].slug}/manage/submissions", query_string={"q": q})


@pytest.mark.parametrize("raw, expected", [("Oral", "oral"), ("#best-paper", "best-paper"), (" a.b_c ", "a.b_c")])
def test_names_are_normalised(raw, expected):
    assert core.normalise_name(raw) == expected


@pytest.mark.parametrize("raw", ["", "#", "two words", "-lead", "x" * 41, "ünï"])
def test_bad_names_are_refused(raw):
    with pytest.raises(ValueError):
        core.normalise_name(raw)


@pytest.mark.parametrize("data, message", [
    ({"name": ""}, "Give the tag a name."),
    ({"name": "two words"}, "A tag name is 1-40 letters"),
    ({"name": "ok", "colour": "turquoise"}, "Not a valid choice"),
])
def test_the_tag_form_says_what_is_wrong_by_the_field(world, login_as, data, message):
    response = _create(login_as(world["olga"]), world, **data)
    assert response.status_code == 400 and message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Tag)) == 0


def test_a_shared_name_cannot_be_created_twice_but_a_private_one_beside_it_can(world, login_as):
    client = login_as(world["olga"])
    assert _create(client, world, name="oral").status_code == 302
    again = _create(client, world, name="ORAL")
    assert again.status_code == 400 and "already a shared tag “oral”" in again.text
    assert _create(client, world, name="oral", private="y").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Tag)) == 2


def test_bulk_tagging_from_the_list_and_finding_the_tagged_by_search(world, login_as):
    client = login_as(world["olga"])
    _create(client, world, name="oral")
    response = _apply(client, world, "#Oral", [world["one"].id, world["two"].id])
    assert response.status_code == 302
    assert "2 submissions tagged #oral" in client.get(response.headers["Location"]).text
    page = _list(client, world, "#oral -pictures").text
    assert "Diffusion music" in page and "Pictures" not in page
    assert _apply(client, world, "oral", [world["two"].id], action="remove").status_code == 302
    assert {r.submission_id for r in db.session.scalars(sa.select(SubmissionTag))} == {world["one"].id}
    actions = [r.action for r in db.session.scalars(sa.select(AuditLog).order_by(AuditLog.id))]
    assert actions == ["tags.created", "tags.added", "tags.removed"]


def test_applying_an_unknown_tag_or_nothing_ticked_says_so(world, login_as):
    client = login_as(world["olga"])
    follow = lambda r: client.get(r.headers["Location"]).text  # noqa: E731
    assert "There is no tag #nope" in follow(_apply(client, world, "nope", [world["one"].id]))
    _create(client, world, name="oral")
    assert "Tick the submissions to tag first" in follow(_apply(client, world, "oral", []))
    assert "Name the tag" in follow(_apply(client, world, "", [world["one"].id]))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SubmissionTag)) == 0


def test_a_private_tag_is_seen_and_searched_only_by_its_owner(world, login_as):
    olga, otto = login_as(world["olga"]), login_as(world["otto"])
    _create(olga, world, name="maybe", private="y")
    _apply(olga, world, "maybe", [world["one"].id])
    assert "#maybe" in _list(olga, world).text
    assert "#maybe" not in _list(otto, world).text and "#maybe" not in otto.get(world["base"] + "/").text
    assert "This event has no tag “maybe”" in _list(otto, world, "#maybe").text
    assert "There is no tag #maybe" in otto.get(_apply(otto, world, "maybe", [world["two"].id]).headers["Location"]).text


def test_conflicted_organizers_never_see_or_apply_tags_on_their_conflicted_submissions(world, login_as):
    olga, otto = login_as(world["olga"]), login_as(world["otto"])
    _create(olga, world, name="oral")
    _apply(olga, world, "oral", [world["one"].id, world["mine"].id])
    tags_page = otto.get(world["base"] + "/").text
    assert ">1</a>" in tags_page  # the count leaves out otto's own (conflicted) submission
    assert "Otto&#39;s own work" not in _list(otto, world, "#oral").text
    _apply(otto, world, "oral", [world["mine"].id], action="remove")
    assert world["mine"].id in set(db.session.scalars(sa.select(SubmissionTag.submission_id)))


def test_the_list_runs_the_same_number_of_queries_with_more_tagged_rows(world, login_as):
    from tests.scale_world import captured_statements

    client = login_as(world["olga"])
    _create(client, world, name="oral")
    _apply(client, world, "oral", [world["one"].id])
    _list(client, world)
    db.session.expire_all()
    with captured_statements() as before:
        _list(client, world)
    extra = [f.make_submission(world["event"], author=f.make_user()) for _ in range(4)]
    db.session.commit()
    _apply(client, world, "oral", [s.id for s in extra])
    _list(client, world)  # shows (and so clears) the flash, as the first list above did
    db.session.expire_all()
    with captured_statements() as after:
        page = _list(client, world).text
    assert page.count('class="tag tag-') == 5 and len(after) == len(before)
