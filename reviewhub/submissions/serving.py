"""Sending a submission file: the type is decided by the bytes sent (never by the upload's
name or claimed type), inline only for kinds a browser shows or plays without running
anything, and every answer inert: nosniff and a sandboxing policy on the file itself."""

from pathlib import Path

from flask import Response, send_file

from reviewhub.submissions.sniff import sniff

# Shown in the browser (PDF viewer, image, player); everything else is an attachment.
INLINE_TYPES = {
    "application/pdf", "image/png", "image/jpeg", "image/webp", "image/gif", "audio/mpeg", "audio/wav",
    "audio/ogg", "audio/flac", "audio/mp4", "video/mp4", "video/webm", "video/quicktime",
}
# The file's own policy: a sandboxed document that runs no script, submits nothing and loads
# nothing but itself; the inline styles and same-origin media are what the browsers' PDF
# viewers and image/media documents need.
FILE_POLICY = ("sandbox; default-src 'none'; img-src 'self' data: blob:; media-src 'self' blob:; "
               "style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'; form-action 'none'; "
               "base-uri 'none'")


def sniffed_type(source: Path | bytes) -> str | None:
    if isinstance(source, bytes):
        head = source[:16]
    else:
        with open(source, "rb") as handle:
            head = handle.read(16)
    found = sniff(head)
    return found.content_type if found else None


def file_response(source: Path | bytes, filename: str, *, inline: bool) -> Response:
    """A download of `source` (a path is sent with range support, for seeking in videos).
    inline: shown in the browser when the content is of an INLINE_TYPES kind."""
    content_type = sniffed_type(source)
    shown = inline and content_type in INLINE_TYPES
    mimetype = content_type if shown else "application/octet-stream"
    if isinstance(source, bytes):
        response = Response(source, mimetype=mimetype)
    else:
        response = send_file(source, mimetype=mimetype, conditional=True, etag=True, max_age=0)
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    response.headers["Content-Disposition"] = f'{"inline" if shown else "attachment"}; filename="{ascii_name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_POLICY
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "private, no-store"
    return response
