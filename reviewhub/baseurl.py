"""The site's base URL: where emailed links, feeds and export identifiers point.

REVIEWHUB_BASE_URL (or BASE_URL in instance/config.py) names it. When neither does,
`reviewhub serve` and `reviewhub demo` derive it from the address they listen on, so a
server on port 8080 does not mail links to port 5000; elsewhere (CLI, workers) the fallback
is DEFAULT_BASE_URL.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}


def listening_url(host: str, port: int) -> str:
    """The http URL a browser on this machine or the network reaches a server bound to
    host:port at: a wildcard bind is reached through the machine's name."""
    if host in WILDCARD_HOSTS:
        host = socket.getfqdn() or "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 literal
    return f"http://{host}:{port}"


def configure(config: dict) -> None:
    """Fill BASE_URL (noting whether the deployment chose it) and the URL-building settings
    that follow from it, once, when the app is created."""
    config["BASE_URL_DERIVED"] = not config.get("BASE_URL") and not config.get("SERVER_NAME")
    config["BASE_URL"] = config.get("BASE_URL") or DEFAULT_BASE_URL
    if not config.get("SERVER_NAME"):
        _external_urls(config, config["BASE_URL"])


def adopt_listening_address(config: dict, host: str, port: int) -> str:
    """For serve/demo: when the deployment named no base URL, use where the server listens.
    Returns the base URL mail will use either way."""
    if config.get("BASE_URL_DERIVED"):
        config["BASE_URL"] = listening_url(host, port)
        _external_urls(config, config["BASE_URL"])
    return config["BASE_URL"]


def _external_urls(config: dict, base_url: str) -> None:
    """Emailed links (url_for(..., _external=True)) point at the base URL, in a request and
    outside one (jobs, CLI): never at the request's Host header, which a client chooses."""
    base = urlsplit(base_url)
    if not base.netloc:
        return
    config["SERVER_NAME"] = base.netloc
    config["PREFERRED_URL_SCHEME"] = base.scheme or "http"
    config["APPLICATION_ROOT"] = base.path.rstrip("/") or "/"


def site_url(config) -> str:
    """The site's root as links are built (no trailing slash): what url_for(_external=True)
    starts with, so feed identifiers agree with mailed links whatever Host a request named."""
    if not config.get("SERVER_NAME"):
        return str(config.get("BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    root = (config.get("APPLICATION_ROOT") or "/").rstrip("/")
    return f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{config['SERVER_NAME']}{root}"
