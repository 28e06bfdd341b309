"""A person's page within an event (organizers) and across events (site admins), each with
the person's mail log; one message's text."""

from flask import render_template, request
from flask_login import current_user, login_required

from reviewhub.accounts.models import User
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail import queries as mail_queries
from reviewhub.people import bp, queries
from reviewhub.permissions import can_see_all_mail, can_see_person_mail, require
from reviewhub.tags import core as tag_core
from reviewhub.tags import queries as tag_queries


def _page_number() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


def _event_person(slug, user_id):
    event = get_event_or_404(slug)
    require(can_see_person_mail(current_user, event))
    person = queries.get_person(event, user_id)
    require(person is not None, hide=True)
    return event, person


@bp.route("/<slug>/manage/people/<int:user_id>")
@login_required
def show(slug, user_id):
    event, person = _event_person(slug, user_id)
    page = _page_number()
    rows, total = mail_queries.to_address(person.email, event=event, page=page,
                                          hidden=mail_queries.hidden_for(event, current_user))
    return render_template("people/show.html", event=event, person=person, roles=queries.roles_in(event, person),
                           tags=tag_queries.tags_on_reviewers(current_user, event, [person.id])[person.id],
                           tag_colours=tag_core.COLOURS, rows=rows, total=total, page=page,
                           page_size=mail_queries.PAGE_SIZE)


@bp.route("/<slug>/manage/people/<int:user_id>/mail/<int:row_id>")
@login_required
def message(slug, user_id, row_id):
    event, person = _event_person(slug, user_id)
    row = queries.get_message(event, person, row_id, mail_queries.hidden_for(event, current_user))
    require(row is not None, hide=True)
    return render_template("people/message.html", event=event, person=person, row=row)


@bp.route("/admin/people/<int:user_id>")
@login_required
def admin_show(user_id):
    require(can_see_all_mail(current_user))
    person = db.session.get(User, user_id)
    require(person is not None, hide=True)
    page = _page_number()
    rows, total = mail_queries.to_address(person.email, page=page)
    return render_template("people/admin_show.html", person=person, rows=rows, total=total, page=page,
                           page_size=mail_queries.PAGE_SIZE)
