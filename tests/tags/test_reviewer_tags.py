"""Tags on reviewers: bulk tagging from the reviewers list (bad input flashed, never a 500),
shared and private tags, the tags page's reviewer counts, and the audit."""

import pytest
import sqlalchemy as sa

from reviewhub.audit import AuditLog
from reviewhub.extensions import db
from reviewhub.tags import services
from reviewhub.tags.models import ReviewerTag
from tests import factories as f


@pytest.fixture
def world(app):
    olga, otto = f.make_user(name="Olga Organizer"), f.make_user(name="Otto Organizer")
    event = f.make_event(organizer=olga)
    f.add_role(event, otto, "organizer")
    rita, bob = f.make_user(name="Rita Reviewer"), f.make_user(name="Bob Reviewer")
    outsider = f.make_user(name="Not A Reviewer")
    for user in (rita, bob):
        f.add_role(event, user, "reviewer")
    shared = services.create_tag(event, by=olga, name="senior", colour="green", private=False)
    private = services.create_tag(event, by=olga, name="olgas", colour="red", private=True)
    db.session.commit()
    return {"event": event, "olga": olga, "otto": otto, "rita": rita, "bob": bob, "outsider": outsider,
            "shared": shared, "private": private}


def _apply(client, world, tag, uids, action="add"):
    return client.post(f"/{world['event'].slug}/manage/tags/apply-reviewers",
                       data={"tag": tag, "action": action, "uid": [str(u) for u in uids],
                             "next": f"/{world['event'].slug}/assignment/reviewers?q=x"})


def _tagged(tag):
    return set(db.session.scalars(sa.select(ReviewerTag.user_id).where(ReviewerTag.tag_id == tag.id)))


def test_organizers_tag_and_untag_ticked_reviewers(world, login_as):
    client = login_as(world["olga"])
    response = _apply(client, world, "#Senior", [world["rita"].id, world["bob"].id, world["outsider"].id])
    assert response.status_code == 302 and response.location.endswith("/assignment/reviewers?q=x")
    assert _tagged(world["shared"]) == {world["rita"].id, world["bob"].id}  # not the non-reviewer
    page = client.get(f"/{world['event'].slug}/assignment/reviewers")
    assert "2 reviewers tagged #senior" in page.text and 'class="tag"' in page.text
    _apply(client, world, "senior", [world["bob"].id], action="remove")
    assert _tagged(world["shared"]) == {world["rita"].id}
    actions = list(db.session.scalars(sa.select(AuditLog.action).where(AuditLog.action.like("tags.reviewers%"))))
    assert actions == ["tags.reviewers_added", "tags.reviewers_removed"]
    tags_page = client.get(f"/{world['event'].slug}/manage/tags/")
    assert tags_page.status_code == 200 and "Reviewers" in tags_page.text


@pytest.mark.parametrize("tag, uids, message", [
    ("", "rita", "Name the tag to put on or take off."),
    ("two words", "rita", "A tag name is 1-40 letters"),
    ("nosuch", "rita", "There is no tag #nosuch"),
    ("senior", "", "Tick the reviewers to tag first."),
    ("senior", "outsider", "Tick the reviewers to tag first."),
])
def test_bad_input_is_flashed(world, login_as, tag, uids, message):
    client = login_as(world["olga"])
    response = _apply(client, world, tag, [world[uids].id] if uids else [])
    assert response.status_code == 302
    assert message in client.get(response.location).text
    assert _tagged(world["shared"]) == set()


def test_a_private_tag_is_only_its_owners(world, login_as):
    _apply(login_as(world["olga"]), world, "olgas", [world["rita"].id])
    assert _tagged(world["private"]) == {world["rita"].id}
    otto = login_as(world["otto"])
    response = _apply(otto, world, "olgas", [world["bob"].id])
    assert "There is no tag #olgas" in otto.get(response.location).text
    page = otto.get(f"/{world['event'].slug}/assignment/reviewers")
    assert "#olgas" not in page.text
    assert otto.get(f"/{world['event'].slug}/assignment/reviewers", query_string={"q": "#olgas"}).status_code == 400


def test_a_foreign_next_is_not_followed(world, login_as):
    response = login_as(world["olga"]).post(f"/{world['event'].slug}/manage/tags/apply-reviewers", data={
        "tag": "senior", "uid": [str(world["rita"].id)], "action": "add", "next": "https://evil.example/"})
    assert response.location.endswith(f"/{world['event'].slug}/assignment/reviewers")
