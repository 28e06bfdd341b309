"""The preview of a run: figures, charts, loads, shortfalls and the difference from now."""

from dataclasses import dataclass, field

from markupsafe import Markup

from reviewhub.assignment import queries
from reviewhub.assignment.charts import histogram_svg
from reviewhub.assignment.targets import target_for

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


# Figures of the whole problem that cannot be recomputed without the viewer's conflicted
# submissions (the solver's certificate covers every submission): a conflicted viewer gets none.
WHOLE_PROBLEM = ("bound", "gap", "optimal", "fair_cost", "default_objective", "n_candidates", "kept",
                 "expected_objective", "fair_bound", "fair_gap", "fair_rounds")


def restrict_summary(summary: dict, pairs, hidden_ids) -> dict:
    """The run's figures without the submissions in `hidden_ids` (pure): what the run says
    about the others only, so a conflicted organizer learns nothing of their submission's
    reviewers, scores or shortfall. Unchanged when the run touched none of them."""
    paper_scores = summary.get("paper_scores", [])
    short = summary.get("shortfall", [])
    touched = {s for s, _, _ in pairs if s in hidden_ids} | \
        {x["submission_id"] for x in short if x["submission_id"] in hidden_ids}
    if not touched:
        return summary
    visible = [(s, u, a) for s, u, a in pairs if s not in hidden_ids]
    scores: dict[int, float] = {}
    for s, _, a in visible:
        scores[s] = scores.get(s, 0.0) + a
    short = [x for x in short if x["submission_id"] not in hidden_ids]
    n_submissions = max(0, summary.get("n_submissions", len(paper_scores)) - len(touched))
    totals = sorted(scores.values()) + [0.0] * max(0, n_submissions - len(scores))
    loads = {u: 0 for u in summary.get("loads", {})}
    for _, u, _ in visible:
        loads[str(u)] = loads.get(str(u), 0) + 1
    restricted = {
        **summary, "n_pairs": len(visible), "n_submissions": n_submissions,
        "objective": sum(a for _, _, a in visible),
        "mean_affinity": sum(a for _, _, a in visible) / len(visible) if visible else 0.0,
        "min_paper_score": min(totals) if totals else 0.0,
        "paper_scores": [round(t, 4) for t in totals], "loads": loads, "shortfall": short,
        "feasible": not short, "reasons": [], "restricted": True,
        "kept_conflicted": [p for p in summary.get("kept_conflicted", []) if p[0] not in hidden_ids],
    }
    return {**restricted, **dict.fromkeys(WHOLE_PROBLEM)}


def run_figures(run, hidden_ids) -> tuple[int, float | None, bool | None]:
    """(pairs, objective, feasible) of a run for the runs list, without the viewer's conflicted
    submissions."""
    summary = restrict_summary(run.summary or {}, run.pairs or [], hidden_ids)
    if not summary.get("restricted"):
        return len(run.pairs or []), run.objective, summary.get("feasible")
    return summary["n_pairs"], summary["objective"], summary["feasible"]


def build(run, event, *, viewer) -> RunView:
    hidden_ids = queries.conflicted_submission_ids(viewer, event)
    summary = restrict_summary(run.summary or {}, run.pairs or [], hidden_ids)
    view = RunView(summary=summary)
    if run.status not in ("preview", "applied", "superseded", "discarded") or not summary:
        return view
    view.chart = histogram_svg(summary.get("paper_scores", []), title="Total affinity per submission")
    loads = summary.get("loads", {})
    view.load_chart = histogram_svg([float(v) for v in loads.values()], title="Submissions per reviewer",
                                    bins=max(1, min(12, len(set(loads.values())))))
    wanted = {(s, u) for s, u, _ in run.pairs}
    target = target_for(run.role)
    current = target.current_pairs(event)
    kept = set(target.kept_pairs(event))
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
