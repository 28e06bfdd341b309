"""Video (MP4, MOV, WebM) and M4A: ffmpeg copies the picture and sound streams into a new
container (`-c copy`: nothing is re-encoded) without global, stream or chapter metadata,
without cover art, subtitle, data or timecode tracks (a camera's GPS track is a data stream),
and with `bitexact` so ffmpeg writes no encoder name of its own. The old container, with its
udta/meta/ilst atoms (©ART, author, comments), XMP boxes and Matroska tags, is not carried over."""

import shutil
import subprocess
from pathlib import Path

from reviewhub.submissions.blinding.common import Blinded, CannotBlind

FFMPEG = "ffmpeg"
TIMEOUT_SECONDS = 300
# The container each sniffed type is written back as.
CONTAINERS = {"mp4": "mp4", "mov": "mov", "webm": "webm", "m4a": "ipod", "ogg": "ogg"}
REMOVED = ("container metadata (title, artist, author, comments, encoder, location, dates)",
           "chapters, cover art, subtitle and data tracks")


def clean_mp4(source: Path, target: Path) -> Blinded:
    return remux(source, target, container="mp4")


def clean_mov(source: Path, target: Path) -> Blinded:
    return remux(source, target, container="mov")


def clean_webm(source: Path, target: Path) -> Blinded:
    return remux(source, target, container="webm")


def clean_m4a(source: Path, target: Path) -> Blinded:
    return remux(source, target, container="ipod", audio_only=True)


def command(source: Path, target: Path, *, container: str, audio_only: bool = False) -> list[str]:
    """The ffmpeg command line (a list: no shell ever sees a path)."""
    streams = ["-map", "0:a?"] if audio_only else ["-map", "0:V?", "-map", "0:a?"]  # V: no cover art
    return [FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(source),
            *streams, "-map_metadata", "-1", "-map_chapters", "-1", "-c", "copy",
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            "-f", container, str(target)]


def remux(source: Path, target: Path, *, container: str, audio_only: bool = False) -> Blinded:
    if shutil.which(FFMPEG) is None:
        raise CannotBlind("this server cannot anonymise videos (ffmpeg is not installed); "
                          "the organizers are told")
    try:
        done = subprocess.run(command(source, target, container=container, audio_only=audio_only),
                              capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as error:
        raise CannotBlind("the file took too long to anonymise; export a shorter or smaller version") from error
    if done.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise CannotBlind("the file is damaged or uses a container ffmpeg cannot copy; export it "
                          "again (MP4 with H.264/AAC, or WebM) and upload it anew")
    return Blinded(REMOVED)
