"""Issue 18 point 9: the public speakers page (keynotes, panelists, presenters), linked from
the event menu, with the public program's visibility: the latest release only, while the
program is public (organizers always)."""

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.program import public, services
from reviewhub.program.models import Speaker
from tests import factories as f
from tests.program.helpers import PNG, decide, program_event, slot_titled

SECRET = "hidden-speaker@private.example"


def _event(**fields):
    org = f.make_user(name="Olga Org")
    event = program_event(org, **fields)
    keynote = services.create_speaker(event, by=org, name="Kay Note", kind="keynote", photo=PNG, email=SECRET)
    panelist = services.create_speaker(event, by=org, name="Pan Elist", kind="panelist")
    slot_titled(event, "Invited Talk 1").speakers = [keynote]
    work = decide(f.make_submission(event, author=f.make_user(name="Ada Author"), title="A talk"), "accept_talk")
    slot_titled(event, "Contributed Talk 1").submission_id = work.id
    db.session.add(Speaker(event_id=event.id, name="Ada Author", kind="presenter", submission_id=work.id))
    db.session.flush()
    return org, event, keynote, panelist


def _url(event):
    return f"/{event.slug}/program/people"


def test_the_page_lists_each_group_from_the_latest_release(app, login_as):
    org, event, keynote, panelist = _event()
    services.release_schedule(event, by=org)
    services.create_speaker(event, by=org, name="Draft Only Person", kind="panelist")  # not released
    db.session.commit()
    response = login_as(None).get(_url(event))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for heading in ("Keynote speaker", "Panelist"):
        assert heading in html
    assert "Kay Note" in html and "Pan Elist" in html
    assert f'/{event.slug}/program/speakers/{keynote.id}"' in html  # each name links to the person
    assert f"/{event.slug}/program/speakers/{keynote.id}/photo" in html
    assert "Draft Only Person" not in html and SECRET not in html
    assert html.index("Keynote speaker") < html.index("Panelist")


def test_the_speaker_groups_are_pure_and_ordered():
    from datetime import UTC, date, datetime

    from reviewhub.program.snapshot import EventInfo, Snapshot, SpeakerInfo

    info = EventInfo(slug="e", name="E", short_name="", description_md="", venue="", timezone="UTC",
                     contact_email="", url="", day=date(2024, 12, 14))
    snapshot = Snapshot(version=1, released_at=datetime(2024, 1, 1, tzinfo=UTC), comment="", event=info,
                        speakers=(SpeakerInfo(1, "zed", kinds=("panelist",)), SpeakerInfo(2, "Amy", kinds=("keynote",)),
                                  SpeakerInfo(3, "Bob", kinds=("panelist",)), SpeakerInfo(4, "Org", kinds=("organizer",)),
                                  SpeakerInfo(5, "Pia", kinds=("presenter",))))
    groups = [(kind, [s.name for s in people]) for kind, people in public.speaker_groups(snapshot)]
    assert groups == [("keynote", ["Amy"]), ("panelist", ["Bob", "zed"]), ("presenter", ["Pia"])]


def test_hidden_program_hides_the_page_and_the_menu_link_from_the_public(app, login_as):
    org, event, *_ = _event()
    services.release_schedule(event, by=org)
    event.program_public = False
    db.session.commit()
    assert login_as(None).get(_url(event)).status_code == 404
    assert login_as(f.make_user()).get(_url(event)).status_code == 404
    assert "program/people" not in login_as(None).get(f"/{event.slug}/").get_data(as_text=True)
    assert login_as(org).get(_url(event)).status_code == 200  # organizers see it to check it


def test_before_a_release_the_page_says_the_list_is_to_come(app, login_as):
    org, event, *_ = _event()
    db.session.commit()
    html = login_as(None).get(_url(event)).get_data(as_text=True)
    assert "once the program is published" in html and "Kay Note" not in html


def test_the_event_menu_links_to_the_page_when_the_program_is_public(app, login_as):
    org, event, *_ = _event()
    services.release_schedule(event, by=org)
    db.session.commit()
    html = login_as(None).get(f"/{event.slug}/").get_data(as_text=True)
    assert f'href="/{event.slug}/program/people"' in html


def test_query_count_does_not_grow_with_speakers(app, login_as):
    from sqlalchemy import event as sa_event

    org, event, *_ = _event()

    def count():
        services.release_schedule(event, by=org)
        db.session.commit()
        seen = []
        listener = lambda *a: seen.append(1)  # noqa: E731
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert login_as(None).get(_url(event)).status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    before = count()
    for i in range(8):
        services.create_speaker(event, by=org, name=f"Panelist {i}", kind="panelist")
    assert count() == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Speaker)) >= 11


def test_presenters_of_released_talks_are_listed(app, login_as):
    org, event, *_ = _event()
    services.release_schedule(event, by=org)
    db.session.commit()
    html = login_as(None).get(_url(event)).get_data(as_text=True)
    assert "Presenter" in html and "Ada Author" in html
