"""reviewhub.gunicorn_worker.DirectBody on gunicorn's own parser and a real socket pair: the
body's bytes come out whole and in order (also what gunicorn had read with the headers), and
a pipelined next request stays for gunicorn to parse (keep-alive)."""

import hashlib
import os
import socket
import threading

from gunicorn.config import Config
from gunicorn.http.parser import RequestParser
from werkzeug.wsgi import LimitedStream

from reviewhub.gunicorn_worker import DirectBody


def _serve(payload: bytes):
    server, client = socket.socketpair()
    sender = threading.Thread(target=client.sendall, args=(payload,))
    sender.start()
    return server, client, sender


def _request(body: bytes, path: str = "/upload") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


def test_a_body_read_directly_is_whole_and_the_next_request_is_left_for_gunicorn():
    body = os.urandom(3 * 1024 * 1024 + 17)
    server, client, sender = _serve(_request(body) + _request(b"second", "/next"))
    parser = RequestParser(Config(), server, ("127.0.0.1", 1))
    first = next(parser)
    direct = DirectBody(first.body, server)
    stream = LimitedStream(direct, len(body))  # as werkzeug wraps wsgi.input
    digest, read = hashlib.sha256(), 0
    while chunk := stream.read(256 * 1024):
        digest.update(chunk)
        read += len(chunk)
    assert read == len(body) and digest.hexdigest() == hashlib.sha256(body).hexdigest()
    assert direct.read(10) == b"" and first.body.read(10) == b""  # gunicorn sees it consumed
    second = next(parser)
    assert second.path == "/next" and second.body.read() == b"second"
    sender.join()
    server.close()
    client.close()


def test_read_all_and_small_reads_give_the_same_bytes():
    body = b"0123456789" * 1000
    server, client, sender = _serve(_request(body))
    request = next(RequestParser(Config(), server, ("127.0.0.1", 1)))
    direct = DirectBody(request.body, server)
    start = direct.read(7)
    assert start + direct.read() == body
    sender.join()
    server.close()
    client.close()
