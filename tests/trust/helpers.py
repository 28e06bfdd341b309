"""Shared helpers of the trust tests (issue 17, points 4-8): crawling every page a user can GET."""

from werkzeug.routing import BuildError


def get_pages(app, client, values: dict, *, skip=()):
    """(path, response) for every GET route whose arguments `values` can fill, as `client`."""
    seen = set()
    with app.test_request_context():
        from flask import url_for

        for url_rule in app.url_map.iter_rules():
            if "GET" not in url_rule.methods or url_rule.endpoint == "static" or url_rule.endpoint in skip:
                continue
            if not set(url_rule.arguments) <= set(values):
                continue
            try:
                path = url_for(url_rule.endpoint, **{k: values[k] for k in url_rule.arguments})
            except BuildError:
                continue
            path = path.replace("http://reviewhub.test", "")
            if path in seen:
                continue
            seen.add(path)
            yield path, client.get(path)
