"""Script an event through reviewhub's API: list its submissions, download its reviews to a
CSV file, upload decisions from a CSV file (number,outcome[,note]).

    export REVIEWHUB_TOKEN=rh_...   # Account > API tokens; read-write to upload decisions
    python docs/api_example.py https://reviews.example.org my-workshop \
        --reviews reviews.csv --decisions decisions.csv

Decisions are saved, not sent: authors hear nothing until you release them (add --release,
or press "release" on the decisions page).
"""

import argparse
import csv
import os
import sys

import requests


def get_all(session, url, **params):
    """Every item of a paginated list (the API answers pages of at most 200, with a total)."""
    items, page = [], 1
    while True:
        answer = session.get(url, params={**params, "page": page, "limit": 200}, timeout=30)
        answer.raise_for_status()
        body = answer.json()
        items += body["items"]
        if len(items) >= body["total"] or not body["items"]:
            return items
        page += 1


def reviews_to_csv(session, api, path):
    reviews = get_all(session, f"{api}/reviews", status="submitted")
    keys = sorted({key for review in reviews for key in review["answers"]})
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "reviewer", "reviewer_name", *keys])
        for review in reviews:
            writer.writerow([review["submission_number"], review["reviewer"], review.get("reviewer_name", ""),
                             *(review["answers"].get(key, "") for key in keys)])
    return len(reviews)


def upload_decisions(session, api, path, ids_by_number):
    with open(path, newline="", encoding="utf-8") as handle:
        lines = [{"submission": ids_by_number[int(row["number"])], "outcome": row["outcome"].strip(),
                  "note": row.get("note", "")} for row in csv.DictReader(handle)]
    answer = session.post(f"{api}/decisions", json={"decisions": lines}, timeout=60)
    if answer.status_code == 422:  # nothing was saved; the errors say which line is wrong
        sys.exit(f"Decisions refused: {answer.json()['errors']['json']['decisions']}")
    answer.raise_for_status()
    return answer.json()["decided"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", help="where reviewhub runs, e.g. https://reviews.example.org")
    parser.add_argument("event", help="the event's slug")
    parser.add_argument("--reviews", help="write the submitted reviews to this CSV file")
    parser.add_argument("--decisions", help="upload decisions from this CSV file (number,outcome[,note])")
    parser.add_argument("--release", action="store_true", help="then release them (mails the authors)")
    args = parser.parse_args()
    api = f"{args.site.rstrip('/')}/api/v1/events/{args.event}"
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {os.environ['REVIEWHUB_TOKEN']}"

    submissions = get_all(session, f"{api}/submissions", status="submitted")
    for item in submissions:
        print(f"#{item['number']:<4} {item['title']}")
    if args.reviews:
        print(f"{reviews_to_csv(session, api, args.reviews)} reviews written to {args.reviews}")
    if args.decisions:
        decided = upload_decisions(session, api, args.decisions, {s["number"]: s["id"] for s in submissions})
        print(f"{decided} decisions saved")
    if args.release:
        answer = session.post(f"{api}/decisions/release", json={}, timeout=120)
        answer.raise_for_status()
        print(f"Released: {answer.json()['text']}")


if __name__ == "__main__":
    main()
