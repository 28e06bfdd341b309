"""Tiny real media files carrying identifying metadata, made in the test with the field's tools
(Pillow, mutagen, ffmpeg, pypdf), and read-back helpers that find any of it that survived."""

import io
import os
import shutil
import struct
import subprocess
import tempfile
import wave
from pathlib import Path

import pytest

NAME = "Ada Lovelace"  # planted everywhere; must appear nowhere in a blind copy
PLACE = "Analytical Engines Ltd"
SERIAL = "SN-4815162342"
XMP = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{NAME}</dc:creator>'
       f'</rdf:Description></rdf:RDF></x:xmpmeta>')
PLANTED = (NAME.encode(), PLACE.encode(), SERIAL.encode())

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None and os.environ.get("CI") != "true",
                                  reason="ffmpeg is not installed (scripts/test installs it)")


def leaks(data: bytes) -> list[bytes]:
    """The planted strings found in raw bytes (also as UTF-16, as ID3 and PDFs may store them)."""
    found = []
    for planted in PLANTED:
        if planted in data or planted.decode().encode("utf-16-le") in data \
                or planted.decode().encode("utf-16-be") in data:
            found.append(planted)
    return found


# ---- images ----------------------------------------------------------------------------------

def _picture(mode: str = "RGB"):
    from PIL import Image

    image = Image.new(mode, (24, 16), "white" if mode != "P" else 1)
    for x in range(24):
        image.putpixel((x, x % 16), (200, 30, 30) if mode == "RGB" else 2)
    return image


def _exif(orientation: int | None = None):
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = NAME  # Artist
    exif[0x8298] = f"(c) {NAME}"  # Copyright
    exif[0x010F], exif[0x0110] = "Canon", "EOS R5"
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0xA431] = SERIAL  # BodySerialNumber
    exif.get_ifd(0x8769)[0xA430] = NAME  # CameraOwnerName
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (47.0, 22.0, 34.0), "E", (8.0, 32.0, 52.0)  # Zürich
    return exif


def _iptc_segment() -> bytes:
    """An APP13 Photoshop segment with an IPTC By-line (2:80) and Copyright notice (2:116)."""
    records = b"".join(b"\x1c\x02" + bytes([tag]) + struct.pack(">H", len(v)) + v
                       for tag, v in ((80, NAME.encode()), (116, PLACE.encode())))
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(records)) + records + b"\0" * (len(records) & 1)
    body = b"Photoshop 3.0\0" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def jpeg(orientation: int | None = 6) -> bytes:
    out = io.BytesIO()
    _picture().save(out, format="JPEG", exif=_exif(orientation), comment=f"shot by {NAME}", xmp=XMP.encode())
    data = out.getvalue()
    return data[:2] + _iptc_segment() + data[2:] + b"trailer " + NAME.encode()


def png() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", NAME)
    info.add_text("Copyright", PLACE, zip=True)  # zTXt
    info.add_itxt("XML:com.adobe.xmp", XMP)
    out = io.BytesIO()
    _picture().save(out, format="PNG", pnginfo=info, exif=_exif())
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    _picture().save(out, format="WEBP", lossless=True, exif=_exif(), xmp=XMP.encode())
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    frames = [_picture("P"), _picture("P").rotate(90)]
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0,
                   comment=f"made by {NAME}")
    data = out.getvalue()
    xmp_block = b"\x21\xff\x0bXMP DataXMP" + bytes([len(XMP)]) + XMP.encode()[:255] + b"\x00"
    return data[:-1] + xmp_block + data[-1:]  # an XMP application block before the trailer


def tiff() -> bytes:
    from PIL import TiffImagePlugin

    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[315] = NAME  # Artist
    info[33432] = PLACE  # Copyright
    info[270] = f"portrait of {NAME}"  # ImageDescription
    info[316] = "ada-macbook.local"  # HostComputer
    out = io.BytesIO()
    _picture().save(out, format="TIFF", tiffinfo=info, exif=_exif())
    return out.getvalue()


def image_metadata(data: bytes) -> str:
    """Every piece of metadata Pillow finds, as one string to search."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        parts = [repr(image.info), repr(dict(image.getexif()))]
        exif = image.getexif()
        parts += [repr(dict(exif.get_ifd(0x8769))), repr(dict(exif.get_ifd(0x8825)))]
        if hasattr(image, "tag_v2"):
            parts.append(repr(dict(image.tag_v2)))
        if hasattr(image, "text"):
            parts.append(repr(image.text))
    return " ".join(parts)


# ---- audio and video -------------------------------------------------------------------------

def wav() -> bytes:
    """A WAV with a LIST/INFO chunk (IART artist, ICMT comment) and an ID3 chunk."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x01\x00" * 800)
    data = buffer.getvalue()

    def sub(kind, text):
        value = text.encode() + b"\0"
        return kind + struct.pack("<I", len(value)) + value + b"\0" * (len(value) & 1)

    info = b"INFO" + sub(b"IART", NAME) + sub(b"ICMT", PLACE) + sub(b"ISFT", SERIAL)
    extra = b"LIST" + struct.pack("<I", len(info)) + info
    extra += b"bext" + struct.pack("<I", 10) + NAME.encode()[:10]
    body = data[12:] + extra
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body


def ffmpeg_make(*args: str, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"out{suffix}"
        subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *args, str(target)], check=True,
                       timeout=60)
        return target.read_bytes()


TONE = ["-f", "lavfi", "-i", "sine=frequency=440:duration=0.3:sample_rate=8000"]
PICTURE = ["-f", "lavfi", "-i", "testsrc=size=32x32:rate=10:duration=0.3"]


def _tag_file(data: bytes, suffix: str, tagger) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"f{suffix}"
        path.write_bytes(data)
        tagger(path)
        return path.read_bytes()


def mp3() -> bytes:
    from mutagen.apev2 import APEv2
    from mutagen.id3 import APIC, COMM, ID3, TCOP, TPE1

    def tag(path):
        tags = ID3()
        tags.add(TPE1(encoding=3, text=[NAME]))
        tags.add(COMM(encoding=1, lang="eng", desc="", text=[f"recorded at {PLACE}"]))
        tags.add(TCOP(encoding=3, text=[SERIAL]))
        tags.add(APIC(encoding=3, mime="image/png", type=3, desc="cover", data=png()))
        tags.save(path, v1=2)  # ID3v2 at the start and ID3v1 at the end
        ape = APEv2()
        ape["Artist"] = NAME
        ape.save(path)

    return _tag_file(ffmpeg_make(*TONE, "-c:a", "libmp3lame", "-b:a", "32k", suffix=".mp3"), ".mp3", tag)


def flac() -> bytes:
    from mutagen.flac import FLAC, Picture

    def tag(path):
        audio = FLAC(path)
        audio["ARTIST"], audio["COMMENT"], audio["LOCATION"] = NAME, SERIAL, PLACE
        picture = Picture()
        picture.type, picture.mime, picture.data, picture.desc = 3, "image/png", png(), NAME
        audio.add_picture(picture)
        audio.save()

    return _tag_file(ffmpeg_make(*TONE, "-c:a", "flac", suffix=".flac"), ".flac", tag)


def ogg() -> bytes:
    from mutagen.oggvorbis import OggVorbis

    def tag(path):
        audio = OggVorbis(path)
        audio["ARTIST"], audio["COMMENT"], audio["LOCATION"] = NAME, SERIAL, PLACE
        audio.save()

    return _tag_file(ffmpeg_make(*TONE, "-c:a", "libvorbis", suffix=".ogg"), ".ogg", tag)


def m4a() -> bytes:
    from mutagen.mp4 import MP4, MP4Cover

    def tag(path):
        audio = MP4(path)
        audio["\xa9ART"], audio["\xa9cmt"], audio["\xa9too"] = NAME, PLACE, SERIAL
        audio["covr"] = [MP4Cover(png(), imageformat=MP4Cover.FORMAT_PNG)]
        audio.save()

    return _tag_file(ffmpeg_make(*TONE, "-c:a", "aac", "-b:a", "32k", suffix=".m4a"), ".m4a", tag)


def _video_tags() -> list[str]:
    return ["-metadata", f"artist={NAME}", "-metadata", f"author={NAME}", "-metadata", f"comment={PLACE}",
            "-metadata", f"encoder={SERIAL}", "-metadata", "location=+47.3769+008.5417/",
            "-metadata:s:v", f"title={NAME}", "-metadata:s:a", f"handler_name={PLACE}"]


def mp4() -> bytes:
    return ffmpeg_make(*PICTURE, *TONE, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                       *_video_tags(), "-movflags", "+use_metadata_tags", suffix=".mp4")


def mov() -> bytes:
    return ffmpeg_make(*PICTURE, *TONE, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                       *_video_tags(), suffix=".mov")


def webm() -> bytes:
    return ffmpeg_make(*PICTURE, *TONE, "-c:v", "libvpx", "-b:v", "100k", "-c:a", "libvorbis", "-shortest",
                       *_video_tags(), suffix=".webm")


def audio_tags(data: bytes, suffix: str) -> str:
    """Every tag mutagen finds (including pictures), as one string to search."""
    import mutagen

    def read(path):
        found = mutagen.File(path)
        parts = [repr(found.tags) if found is not None and found.tags is not None else ""]
        if found is not None and hasattr(found, "pictures"):
            parts.append(repr([p.desc for p in found.pictures]))
        try:
            from mutagen.apev2 import APEv2

            parts.append(repr(dict(APEv2(path))))
        except Exception:
            pass
        return " ".join(parts)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"f{suffix}"
        path.write_bytes(data)
        return read(path)


def probe(data: bytes, suffix: str) -> dict:
    """ffprobe's view (format and stream tags, streams) of a media file; decodes it fully
    first, so a copy that does not play fails here."""
    import json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"f{suffix}"
        path.write_bytes(data)
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i", str(path), "-f", "null", "-"],
                       check=True, timeout=60, capture_output=True)
        done = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                               "-show_streams", "-show_chapters", str(path)],
                              check=True, timeout=60, capture_output=True)
        return json.loads(done.stdout)


# Every format of the brief: (sniffed type, file suffix, builder, needs ffmpeg to build).
FORMATS = {
    "png": ("image/png", ".png", png, False), "jpeg": ("image/jpeg", ".jpg", jpeg, False),
    "webp": ("image/webp", ".webp", webp, False), "gif": ("image/gif", ".gif", gif, False),
    "tiff": ("image/tiff", ".tiff", tiff, False), "wav": ("audio/wav", ".wav", wav, False),
    "mp3": ("audio/mpeg", ".mp3", mp3, True), "flac": ("audio/flac", ".flac", flac, True),
    "ogg": ("audio/ogg", ".ogg", ogg, True), "m4a": ("audio/mp4", ".m4a", m4a, True),
    "mp4": ("video/mp4", ".mp4", mp4, True), "mov": ("video/quicktime", ".mov", mov, True),
    "webm": ("video/webm", ".webm", webm, True),
}
