"""The committee settings section and recruiting ACs/SACs through the reviewer invitation flow."""

import sqlalchemy as sa

from reviewhub.assignment.models import ReviewerInvitation
from reviewhub.assignment.services import invitations
from reviewhub.committee.models import CommitteeSettings
from reviewhub.events.models import Membership
from reviewhub.mail.models import OutboxMessage
from reviewhub.permissions import is_area_chair
from tests import factories as f

SETTINGS = {"area_chairs": "y", "senior_area_chairs": "y", "area_chair_load": "20", "meta_reviews": "y",
            "meta_review_writers": "area_chairs", "meta_review_to_authors": "y"}


def test_committee_is_off_by_default_and_turned_on_in_settings(db, login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    chair = f.make_user()
    f.add_role(event, chair, "area_chair")
    db.session.commit()
    assert not is_area_chair(chair, event)
    assert login_as(chair).get(f"/{event.slug}/committee/").status_code == 403
    client = login_as(organizer)
    assert b"committee settings" in client.get(f"/{event.slug}/manage/settings").data
    assert client.post(f"/{event.slug}/committee/settings", data=SETTINGS).status_code == 302
    settings = db.session.scalar(sa.select(CommitteeSettings))
    assert settings.area_chairs and settings.area_chair_load == 20 and settings.meta_review_to_authors
    assert login_as(chair).get(f"/{event.slug}/committee/").status_code == 200


def test_bad_committee_settings_are_refused_with_a_message(db, login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    db.session.commit()
    client = login_as(organizer)
    url = f"/{event.slug}/committee/settings"
    response = client.post(url, data={**SETTINGS, "area_chairs": ""})
    assert response.status_code == 400 and b"turn area chairs on too" in response.data
    response = client.post(url, data={**SETTINGS, "area_chair_load": "-3"})
    assert response.status_code == 400
    response = client.post(url, data={**SETTINGS, "area_chair_load": "many"})
    assert response.status_code == 400 and b'value="many"' in response.data  # input kept
    response = client.post(url, data={**SETTINGS, "meta_review_writers": "robots"})
    assert response.status_code == 400
    response = client.post(url, data={"meta_reviews": "y", "meta_review_writers": "area_chairs",
                                      "area_chair_load": "5"})
    assert response.status_code == 400 and b"cannot write meta-reviews" in response.data
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommitteeSettings)) == 0
    # The workshop's light version: organizers write meta-reviews without ACs.
    response = client.post(url, data={"meta_reviews": "y", "meta_review_writers": "organizers",
                                      "area_chair_load": "5", "meta_review_to_authors": "y"})
    assert response.status_code == 302


def test_area_chair_invitation_mail_accept_remind_revoke(db, login_as, client):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    db.session.add(CommitteeSettings(event_id=event.id, area_chairs=True, senior_area_chairs=True))
    db.session.commit()
    org = login_as(organizer)
    response = org.post(f"/{event.slug}/committee/members",
                        data={"name": "Ann Chair", "email": "ann@example.org", "role": "area_chair"})
    assert response.status_code == 302
    invitation = db.session.scalar(sa.select(ReviewerInvitation))
    assert invitation.role == "area_chair"
    mail = db.session.scalar(sa.select(OutboxMessage))
    assert "area chair" in mail.subject and "as area chair" in mail.body_text
    # The same person may also be a reviewer: another invitation, another role.
    invitations.invite(event, email="ann@example.org", name="Ann", by=organizer)
    db.session.commit()
    again = org.post(f"/{event.slug}/committee/members",
                     data={"name": "Ann Chair", "email": "ann@example.org", "role": "area_chair"})
    assert again.status_code == 400 and b"invited already" in again.data
    assert org.post(f"/{event.slug}/assignment/invitations/{invitation.id}/remind", data={}).headers[
        "Location"].endswith("/committee/members")
    ann = f.make_user(email="ann@example.org", name="Ann Chair")
    db.session.commit()
    accepted = login_as(ann).post(f"/{event.slug}/assignment/invitation/{invitation.token}/accept", data={})
    assert accepted.headers["Location"].endswith(f"/{event.slug}/committee/")
    roles = set(db.session.scalars(sa.select(Membership.role).where(Membership.user_id == ann.id)))
    assert roles == {"area_chair"}
    # A SAC invitation revoked before an answer.
    org.post(f"/{event.slug}/committee/members", data={"name": "Sam", "email": "sam@example.org",
                                                       "role": "senior_area_chair"})
    sac = db.session.scalar(sa.select(ReviewerInvitation).where(ReviewerInvitation.email == "sam@example.org"))
    org.post(f"/{event.slug}/assignment/invitations/{sac.id}/revoke", data={})
    db.session.refresh(sac)
    assert sac.status == "revoked"
    page = org.get(f"/{event.slug}/committee/members")
    assert b"senior area chair" in page.data and b"revoked" in page.data
    # An AC invitation declined through its link, without an account.
    org.post(f"/{event.slug}/committee/members", data={"name": "Dee", "email": "dee@example.org",
                                                       "role": "area_chair"})
    dee = db.session.scalar(sa.select(ReviewerInvitation).where(ReviewerInvitation.email == "dee@example.org"))
    client.post(f"/{event.slug}/assignment/invitation/{dee.token}/decline", data={})
    db.session.refresh(dee)
    assert dee.status == "declined" and b"declined" in org.get(f"/{event.slug}/committee/members").data
    # The reviewers page lists reviewer invitations only.
    reviewers_page = org.get(f"/{event.slug}/assignment/reviewers")
    assert b"sam@example.org" not in reviewers_page.data


def test_committee_list_import_and_bad_rows(db, login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    db.session.commit()
    client = login_as(organizer)
    url = f"/{event.slug}/committee/members/import"
    bad = client.post(url, data={"text": "Bo, not-an-email\n", "role": "area_chair"})
    assert bad.status_code == 400 and b"Nothing was imported" in bad.data
    ok = client.post(url, data={"text": "Bo, bo@example.org\nCy, cy@example.org\n", "role": "area_chair"})
    assert ok.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).where(ReviewerInvitation.role == "area_chair")) == 2


def test_area_chair_load_cap(db, login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    chair = f.make_user()
    membership = f.add_role(event, chair, "area_chair")
    db.session.commit()
    client = login_as(organizer)
    url = f"/{event.slug}/committee/members/area_chair/{chair.id}/load"
    assert client.post(url, data={"max_load": "12"}).status_code == 302
    db.session.refresh(membership)
    assert membership.max_load == 12
    assert client.post(url, data={"max_load": "lots"}).status_code == 400
    assert client.post(f"/{event.slug}/committee/members/organizer/{chair.id}/load", data={}).status_code == 404
