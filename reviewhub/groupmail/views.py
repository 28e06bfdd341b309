"""Group mail pages: compose (with the history of what was sent), preview per recipient, send."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub.baseurl import site_url
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.groupmail import bp, core, forms, queries, services
from reviewhub.mail.services import send_pending
from reviewhub.models_base import utcnow
from reviewhub.permissions import can_send_group_mail, require
from reviewhub.search.language import SearchError
from reviewhub.words import plural

SHOWN = 200  # recipients listed on the preview (the count covers all)


def _event(slug):
    event = get_event_or_404(slug)
    require(can_send_group_mail(current_user, event))
    return event


def _event_link(event) -> str:
    return site_url(current_app.config).rstrip("/") + url_for("events.show", slug=event.slug)


@bp.route("/", methods=["GET", "POST"])
@login_required
def compose(slug):
    event = _event(slug)
    form = forms.GroupMailForm(data={"group": request.args.get("group", "authors"), "query": request.args.get("q", "")}
                               if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            queries.recipients(event, current_user, form.group.data, form.query.data, utcnow())
            mail = services.compose(event, by=current_user, group=form.group.data, query=form.query.data,
                                    subject=form.subject.data, body=form.body.data)
        except SearchError as error:
            form.query.errors.append(str(error))
        except DomainError as error:
            (form.subject if str(error).startswith("Subject") else form.body).errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for("groupmail.preview", slug=slug, mail_id=mail.id))
    status = 400 if form.errors else 200
    return render_template("groupmail/compose.html", event=event, form=form, groups=core.GROUPS,
                           history=queries.history(event)), status


@bp.route("/<int:mail_id>")
@login_required
def preview(slug, mail_id):
    event = _event(slug)
    mail = queries.get_mail(event, mail_id)
    require(mail is not None, hide=True)
    if mail.sent_at is not None:
        return render_template("groupmail/sent.html", event=event, mail=mail, rows=queries.sent_rows(mail),
                               groups=core.GROUPS)
    people = queries.recipients(event, current_user, mail.group, mail.query, utcnow())
    index = request.args.get("r", 0, type=int) or 0
    shown = people[min(max(index, 0), len(people) - 1)] if people else None
    message = (services.rendered(mail, shown, event=event, event_link=_event_link(event),
                                 link_base=site_url(current_app.config)) if shown else None)
    return render_template("groupmail/preview.html", event=event, mail=mail, people=people[:SHOWN], total=len(people),
                           shown=shown, index=index, message=message, groups=core.GROUPS,
                           form=forms.GroupMailSendForm())


@bp.route("/<int:mail_id>/send", methods=["POST"])
@login_required
def send(slug, mail_id):
    event = _event(slug)
    mail = queries.get_mail(event, mail_id)
    require(mail is not None, hide=True)
    if forms.GroupMailSendForm().validate_on_submit():
        people = queries.recipients(event, current_user, mail.group, mail.query, utcnow())
        try:
            count = services.send(mail, people, event=event, by=current_user, event_link=_event_link(event))
        except DomainError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            send_pending()
            flash(f"Queued to {plural(count, 'recipient')}; the outbox delivers each once.", "success")
    return redirect(url_for("groupmail.preview", slug=slug, mail_id=mail.id))
