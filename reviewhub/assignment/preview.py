"""The preview of a run: figures, charts, loads, shortfalls and the difference from now."""

from dataclasses import dataclass, field

from markupsafe import Markup

from reviewhub.assignment import queries
from reviewhub.assignment.charts import histogram_svg
from reviewhub.assignment.inputs import kept_pairs

SHOWN = 300  # rows per list on the page; totals always count everything


@dataclass
class RunView:
    summary: dict
    chart: Markup = Markup("")
    load_chart: Markup = Markup("")
    loads: list = field(default_factory=list)  # (user, load, cap)
    shortfall: list = field(default_factory=list)  # (number, title, missing, why)
    added: list = field(default_factory=list)  # (number, title, user, submission id)
    removed: list = field(default_factory=list)
    added_total: int = 0
    removed_total: int = 0
    hidden: int = 0  # pairs not shown: the viewer is conflicted with the submission
    kept_conflicted: list = field(default_factory=list)


def build(run, event, *, viewer) -> RunView:
    summary = run.summary or {}
    view = RunView(summary=summary)
    if run.status not in ("preview", "applied", "superseded", "discarded") or not summary:
        return view
    view.chart = histogram_svg(summary.get("paper_scores", []), title="Total affinity per submission")
    loads = summary.get("loads", {})
    view.load_chart = histogram_svg([float(v) for v in loads.values()], title="Submissions per reviewer",
                                    bins=max(1, min(12, len(set(loads.values())))))
    hidden_ids = queries.conflicted_submission_ids(viewer, event)
    wanted = {(s, u) for s, u, _ in run.pairs}
    current = queries.current_pairs(event)
    kept = set(kept_pairs(event))
    added = sorted(wanted - current)
    removed = sorted(current - wanted - kept) if run.status == "preview" else []
    view.added_total, view.removed_total = len(added), len(removed)
    shown_pairs = [p for p in added if p[0] not in hidden_ids][:SHOWN] + \
        [p for p in removed if p[0] not in hidden_ids][:SHOWN]
    view.hidden = sum(1 for p in added + removed if p[0] in hidden_ids)
    users = queries.users_by_id({u for _, u in shown_pairs} | {int(u) for u in list(loads)[:SHOWN]})
    subs = queries.submissions_by_id({s for s, _ in shown_pairs} |
                                     {x["submission_id"] for x in summary.get("shortfall", [])})
    view.added = [(*subs[s], users[u], s) for s, u in shown_pairs if (s, u) in wanted]  # + sid: "why"
    view.removed = [(*subs[s], users[u]) for s, u in shown_pairs if (s, u) not in wanted]
    caps = summary.get("caps", {})
    ordered = sorted(loads.items(), key=lambda kv: (-kv[1], int(kv[0])))[:SHOWN]
    more = queries.users_by_id(int(u) for u, _ in ordered)
    view.loads = [(more[int(u)], n, caps.get(u)) for u, n in ordered if int(u) in more]
    view.shortfall = [(*subs.get(x["submission_id"], (x.get("number"), "?")), x["missing"], x["why"])
                      for x in summary.get("shortfall", [])]
    view.kept_conflicted = summary.get("kept_conflicted", [])
    return view
