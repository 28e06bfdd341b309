"""After an accept: camera-ready uploads around the deadline, confirmations, reminders."""

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.decisions import presentation, services
from reviewhub.errors import DeadlinePassed, DomainError, NotAllowed
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from reviewhub.models_base import utcnow
from reviewhub.submissions.sniff import sniff
from tests import factories as f

PDF = b"%PDF-1.4\n% a tiny pdf\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


@pytest.fixture
def world(app):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer, camera_ready_at=utcnow() + timedelta(days=3))
    talk, poster, reject = services.ensure_default_outcomes(event)
    author, coauthor, other = f.make_user(name="Ada"), f.make_user(name="Ben"), f.make_user()
    accepted = f.make_submission(event, author=author, coauthors=[coauthor], title="Accepted work")
    rejected = f.make_submission(event, author=author, title="Rejected work")
    services.decide(accepted, talk, by=organizer)
    services.decide(rejected, reject, by=organizer)
    services.release(event, by=organizer)
    db.session.commit()
    return dict(event=event, organizer=organizer, author=author, coauthor=coauthor, other=other,
                accepted=accepted, rejected=rejected, talk=talk, poster=poster)


def _decision(sub):
    from reviewhub.decisions.queries import get_decision

    return get_decision(sub)


def test_sniff_judges_content_not_name():
    assert (sniff(PDF).kind, sniff(PDF).content_type) == ("pdf", "application/pdf")
    assert (sniff(PNG).kind, sniff(PNG).content_type) == ("image", "image/png")
    assert sniff(b"just text pretending.pdf") is None


def test_camera_ready_deadline_edges(world):
    event = world["event"]
    deadline = event.camera_ready_at
    assert presentation.camera_ready_open(event, deadline - timedelta(seconds=1))
    assert presentation.camera_ready_open(event, deadline)  # the deadline instant itself counts
    assert not presentation.camera_ready_open(event, deadline + timedelta(seconds=1))
    sub = world["accepted"]
    with pytest.raises(DeadlinePassed):
        presentation.upload_final_file(sub, _decision(sub), purpose="camera_ready", data=PDF, filename="a.pdf",
                                       by=world["author"], now=deadline + timedelta(seconds=1))
    row = presentation.upload_final_file(sub, _decision(sub), purpose="camera_ready", data=PDF,
                                         filename="a.pdf", by=world["author"], now=deadline)
    assert row.kind == "pdf" and row.size == len(PDF)


def test_upload_replaces_the_previous_camera_ready(world):
    sub, decision = world["accepted"], _decision(world["accepted"])
    presentation.upload_final_file(sub, decision, purpose="camera_ready", data=PDF, filename="1.pdf", by=None)
    presentation.upload_final_file(sub, decision, purpose="camera_ready", data=PDF + b"2", filename="2.pdf", by=None)
    db.session.commit()
    assert [x.original_name for x in sub.files if x.purpose == "camera_ready"] == ["2.pdf"]


def test_bad_files_and_rejected_works_are_refused(world):
    sub, decision = world["accepted"], _decision(world["accepted"])
    with pytest.raises(DomainError, match="not a PDF"):
        presentation.upload_final_file(sub, decision, purpose="camera_ready", data=PNG, filename="x.pdf", by=None)
    with pytest.raises(DomainError, match="not asked for"):
        presentation.upload_final_file(sub, decision, purpose="final_media", data=PNG, filename="x.png", by=None)
    with pytest.raises(NotAllowed):
        presentation.upload_final_file(world["rejected"], _decision(world["rejected"]), purpose="camera_ready",
                                       data=PDF, filename="x.pdf", by=None)


def test_creative_works_also_hand_in_final_media(world):
    creative = f.make_submission(world["event"], author=world["author"], type_key="creative")
    creative.type.allowed_kinds = ["image", "audio"]
    services.decide(creative, world["poster"], by=world["organizer"])
    services.release(world["event"], by=world["organizer"])
    row = presentation.upload_final_file(creative, _decision(creative), purpose="final_media", data=PNG,
                                         filename="art.png", by=None)
    assert row.kind == "image"


def test_talks_need_a_presenter_and_declines_clear_it(world):
    sub, decision = world["accepted"], _decision(world["accepted"])
    with pytest.raises(DomainError, match="Name who"):
        presentation.confirm_presentation(sub, decision, by=world["author"], attending=True)
    confirmation = presentation.confirm_presentation(sub, decision, by=world["author"], attending=True,
                                                     presenter_name="Ada")
    assert confirmation.status == "confirmed" and confirmation.presenter_name == "Ada"
    confirmation = presentation.confirm_presentation(sub, decision, by=world["author"], attending=False,
                                                     presenter_name="ignored")
    assert confirmation.status == "declined" and confirmation.presenter_name == ""


def test_reminders_go_to_the_unanswered_once_per_day(world):
    event = world["event"]
    assert presentation.remind_unconfirmed(event, by=world["organizer"]) == 2  # both authors
    assert presentation.remind_unconfirmed(event, by=world["organizer"]) == 0  # same day
    tomorrow = utcnow().date() + timedelta(days=1)
    assert presentation.remind_unconfirmed(event, by=world["organizer"], today=tomorrow) == 2
    presentation.confirm_presentation(world["accepted"], _decision(world["accepted"]), by=None,
                                      attending=True, presenter_name="Ada")
    later = tomorrow + timedelta(days=1)
    assert presentation.remind_unconfirmed(event, by=world["organizer"], today=later) == 0
    kinds = db.session.scalars(sa.select(OutboxMessage.kind).where(OutboxMessage.kind.like("%reminder"))).all()
    assert len(kinds) == 4


# --- pages ---------------------------------------------------------------------------------


def _mine(world, tail=""):
    return f"/{world['event'].slug}/decisions/mine{tail}"


def test_author_uploads_camera_ready_from_the_page(world, login_as):
    sid = world["accepted"].id
    client = login_as(world["coauthor"])
    page = client.get(_mine(world)).get_data(as_text=True)
    assert "Accepted work" in page and "Camera-ready" in page
    response = client.post(_mine(world, f"/{sid}/final"), data={
        f"u{sid}-purpose": "camera_ready", f"u{sid}-file": (io.BytesIO(PDF), "final.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert "final.pdf" in client.get(_mine(world)).get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({}, "Choose a file to upload"),
    ({"purpose": "camera_ready", "file": (io.BytesIO(b"MZ\x90 not a pdf"), "x.pdf")}, "not a PDF (judged"),
    ({"purpose": "poster", "file": (io.BytesIO(PDF), "x.pdf")}, "Not a valid choice"),
])
def test_upload_form_bad_input(world, login_as, data, message):
    sid = world["accepted"].id
    data = {f"u{sid}-{k}": v for k, v in data.items()}
    response = login_as(world["author"]).post(_mine(world, f"/{sid}/final"), data=data,
                                              content_type="multipart/form-data")
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_upload_after_the_deadline_is_refused_on_the_page(world, login_as):
    world["event"].camera_ready_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    sid = world["accepted"].id
    client = login_as(world["author"])
    assert "deadline has passed" in client.get(_mine(world)).get_data(as_text=True)
    response = client.post(_mine(world, f"/{sid}/final"), data={
        f"u{sid}-purpose": "camera_ready", f"u{sid}-file": (io.BytesIO(PDF), "late.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 400 and "deadline has passed" in response.get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({}, "Choose whether you will present"),
    ({"attending": "yes"}, "Name who will give the talk"),
    ({"attending": "maybe"}, "Not a valid choice"),
    ({"attending": "yes", "presenter_name": "x" * 201}, "200"),
])
def test_confirm_form_bad_input(world, login_as, data, message):
    sid = world["accepted"].id
    data = {f"c{sid}-{k}": v for k, v in data.items()}
    response = login_as(world["author"]).post(_mine(world, f"/{sid}/confirm"), data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_confirm_from_the_page_shows_on_the_organizers_list(world, login_as):
    sid = world["accepted"].id
    response = login_as(world["author"]).post(_mine(world, f"/{sid}/confirm"), data={
        f"c{sid}-attending": "yes", f"c{sid}-presenter_name": "Ada Lovelace"})
    assert response.status_code == 302
    page = login_as(world["organizer"]).get(f"/{world['event'].slug}/decisions/confirmations")
    assert "Ada Lovelace" in page.get_data(as_text=True) and "1 confirmed" in page.get_data(as_text=True)


def test_others_cannot_act_on_a_work(world, login_as):
    sid = world["accepted"].id
    for user in (world["other"], world["organizer"]):
        response = login_as(user).post(_mine(world, f"/{sid}/confirm"), data={f"c{sid}-attending": "no"})
        assert response.status_code == 404
    rejected = world["rejected"].id
    assert login_as(world["author"]).post(_mine(world, f"/{rejected}/confirm"),
                                          data={f"c{rejected}-attending": "no"}).status_code == 404
