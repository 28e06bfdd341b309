"""The event navigation offers a visitor only pages they may open."""

from flask import url_for

from reviewhub.extensions import db
from tests import factories as f


def test_visitors_see_program_links_only_once_the_program_is_public(app, client):
    event = f.make_event(program_public=False)
    db.session.commit()
    schedule = url_for("program.schedule", slug=event.slug, _external=False)
    html = client.get(f"/{event.slug}/").get_data(as_text=True)
    assert f'href="{schedule}"' not in html
    assert client.get(schedule).status_code == 404  # the link would have led nowhere

    event.program_public = True
    db.session.commit()
    html = client.get(f"/{event.slug}/").get_data(as_text=True)
    assert f'href="{schedule}"' in html


def test_organizers_see_program_links_before_it_is_public(app, login_as):
    organizer = f.make_user()
    event = f.make_event(program_public=False, organizer=organizer)
    db.session.commit()
    html = login_as(organizer).get(f"/{event.slug}/").get_data(as_text=True)
    assert f'href="{url_for("program.schedule", slug=event.slug, _external=False)}"' in html
