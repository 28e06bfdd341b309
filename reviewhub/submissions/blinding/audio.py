"""Audio: MP3 (ID3v1/v2, APEv2), FLAC (Vorbis comments, pictures, application and cue-sheet
blocks, a stray ID3) and Ogg (Vorbis/Opus comments, cover art) lose their tags through
mutagen; WAV keeps only its format, fact and sample chunks (LIST/INFO, bext, iXML, ID3, XMP go),
as mutagen reads WAV's ID3 chunk but not its INFO list. M4A is cleaned with the videos
(blinding.video): its tags are QuickTime atoms."""

import shutil
import struct
from pathlib import Path

from reviewhub.submissions.blinding.common import Blinded, CannotBlind, listing

DAMAGED = "the audio file is damaged or of an unsupported variant; export it again and upload it anew"


def _copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)


def clean_mp3(source: Path, target: Path) -> Blinded:
    from mutagen import MutagenError, apev2, id3
    from mutagen.mp3 import MP3

    _copy(source, target)
    try:
        found = MP3(target)
        removed = []
        if found.tags is not None:
            removed.append(listing("ID3 tags", {frame.FrameID for frame in found.tags.values()}))
        id3.delete(target, delete_v1=True, delete_v2=True)
        try:
            ape = apev2.APEv2(target)
        except apev2.APENoHeaderError:
            ape = None
        if ape is not None:
            removed.append(listing("APE tags", ape.keys()))
            apev2.delete(target)
            id3.delete(target)  # an ID3v1 behind the APE tag is found only once that is gone
        check = MP3(target)
    except MutagenError as error:
        raise CannotBlind(DAMAGED) from error
    if check.tags is not None or not check.info.length:
        raise CannotBlind(DAMAGED)
    return Blinded(tuple(removed))


# FLAC metadata blocks that describe the sound: STREAMINFO, PADDING, SEEKTABLE.
FLAC_KEEP = {0, 1, 3}
FLAC_LABELS = {2: "application data", 4: "Vorbis comments", 5: "cue sheet", 6: "pictures"}


def clean_flac(source: Path, target: Path) -> Blinded:
    from mutagen import MutagenError
    from mutagen.flac import FLAC

    _copy(source, target)
    try:
        found = FLAC(target)
        removed = {}
        for block in found.metadata_blocks:
            if block.code not in FLAC_KEEP:
                names = {key for key, _ in found.tags} if block.code == 4 and found.tags else set()
                removed.setdefault(FLAC_LABELS.get(block.code, "private FLAC data"), set()).update(names)
        found.metadata_blocks = [b for b in found.metadata_blocks if b.code in FLAC_KEEP]
        found.tags, found.cuesheet = None, None
        with open(target, "rb") as handle:
            if handle.read(3) == b"ID3":
                removed.setdefault("ID3 tags", set())
        found.save(deleteid3=True, padding=lambda info: 0)
        check = FLAC(target)
    except MutagenError as error:
        raise CannotBlind(DAMAGED) from error
    if check.tags is not None or check.pictures or not check.info.length:
        raise CannotBlind(DAMAGED)
    return Blinded(tuple(listing(label, names) for label, names in sorted(removed.items())))


def ogg_stream_count(path: Path) -> int:
    """How many logical streams an Ogg file starts (a video with sound has two or more)."""
    from mutagen.ogg import OggPage

    count = 0
    with open(path, "rb") as handle:
        while True:
            page = OggPage(handle)
            if not page.first:
                return count
            count += 1


def clean_ogg(source: Path, target: Path) -> Blinded:
    """One stream (Vorbis, Opus, FLAC, Speex): its comments go through mutagen; the vendor
    string (the encoder library's name) stays. Several streams (Theora with sound): mutagen
    edits only the first, so ffmpeg rewrites the whole file without metadata instead."""
    import mutagen
    from mutagen import MutagenError

    try:
        streams = ogg_stream_count(source)
    except (MutagenError, OSError, EOFError, struct.error) as error:
        raise CannotBlind(DAMAGED) from error
    if streams != 1:
        from reviewhub.submissions.blinding.video import remux

        return remux(source, target, container="ogg", audio_only=False)
    _copy(source, target)
    try:
        found = mutagen.File(target)
        if found is None:
            raise CannotBlind(DAMAGED)
        names = set(found.tags.keys()) if found.tags else set()
        found.delete()
        check = mutagen.File(target)
    except MutagenError as error:
        raise CannotBlind(DAMAGED) from error
    if check is None or (check.tags and len(check.tags.keys())):
        raise CannotBlind(DAMAGED)
    return Blinded((listing("Vorbis comments", {n.upper() for n in names}),) if names else ())


# RIFF WAVE chunks that make the sound; anything else goes.
WAV_KEEP = {b"fmt ", b"data", b"fact"}
WAV_LABELS = {b"LIST": "RIFF INFO list", b"id3 ": "ID3 tags", b"ID3 ": "ID3 tags", b"bext": "broadcast extension",
              b"iXML": "iXML", b"_PMX": "XMP", b"cart": "cart chunk"}
COPY_STEP = 1024 * 1024


def clean_wav(source: Path, target: Path) -> Blinded:
    removed: dict[str, set] = {}
    size = source.stat().st_size
    with open(source, "rb") as read, open(target, "wb") as write:
        header = read.read(12)
        if header[:4] != b"RIFF" or header[8:12] != b"WAVE":
            raise CannotBlind(DAMAGED)  # (RF64 files are refused here too)
        end = min(size, 8 + struct.unpack("<I", header[4:8])[0])
        write.write(b"RIFF\0\0\0\0WAVE")
        at, written, kinds = 12, 4, set()
        while at + 8 <= end:
            read.seek(at)
            chunk = read.read(8)
            kind, (length,) = chunk[:4], struct.unpack("<I", chunk[4:8])
            padded = length + (length & 1)
            if at + 8 + length > size:
                raise CannotBlind(DAMAGED)
            if kind in WAV_KEEP:
                write.write(chunk)
                _copy_range(read, write, length)
                write.write(b"\0" * (padded - length))  # the pad byte, written anew
                written += 8 + padded
                kinds.add(kind)
            else:
                names = _info_names(read, length) if kind == b"LIST" else set()
                removed.setdefault(WAV_LABELS.get(kind, "private RIFF data"), set()).update(names)
            at += 8 + padded
        if not {b"fmt ", b"data"} <= kinds:
            raise CannotBlind(DAMAGED)
        write.seek(4)
        write.write(struct.pack("<I", written))
    return Blinded(tuple(listing(label, names) for label, names in sorted(removed.items())))


def _copy_range(read, write, length: int) -> None:
    while length > 0:
        block = read.read(min(COPY_STEP, length))
        if not block:
            raise CannotBlind(DAMAGED)
        write.write(block)
        length -= len(block)


def _info_names(read, length: int) -> set[str]:
    """The sub-chunk names of a LIST chunk (IART, ICOP, ICMT, ...), read at most 64 kB."""
    body = read.read(min(length, 65536))
    names, at = set(), 4
    while at + 8 <= len(body):
        names.add(body[at:at + 4].decode("latin-1"))
        at += 8 + struct.unpack("<I", body[at + 4:at + 8])[0]
        at += at & 1
    return names
