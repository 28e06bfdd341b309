"""The pure cleaners (submissions.blinding), one format at a time: a real file carrying
identifying metadata goes in; what comes out has none of it (read back with the same
libraries, and the planted strings searched in the raw bytes) and still decodes."""

import io
from pathlib import Path

import pytest

from reviewhub.submissions import blinding, sniff
from reviewhub.submissions.blinding import audio, images, video
from tests.submissions import media

IMAGES = ["png", "jpeg", "webp", "gif", "tiff"]
AUDIO = ["wav", "mp3", "flac", "ogg", "m4a"]
VIDEO = ["mp4", "mov", "webm"]


def _clean(tmp_path: Path, key: str, data: bytes):
    content_type, suffix, _build, _ffmpeg = media.FORMATS[key]
    source, target = tmp_path / f"in{suffix}", tmp_path / f"out{suffix}"
    source.write_bytes(data)
    result = blinding.blind_copy(content_type, source, target)
    return result, target.read_bytes()


def _skip_without_ffmpeg(key: str) -> None:
    import os
    import shutil

    if media.FORMATS[key][3] and shutil.which("ffmpeg") is None and os.environ.get("CI") != "true":
        pytest.skip("ffmpeg is not installed (scripts/test installs it)")


@pytest.mark.parametrize("key", IMAGES + AUDIO + VIDEO)
def test_every_format_is_sniffed_as_itself_and_its_fixture_carries_the_planted_metadata(key):
    _skip_without_ffmpeg(key)
    data = media.FORMATS[key][2]()
    assert sniff.sniff(data[:16]).content_type == media.FORMATS[key][0]
    assert media.leaks(data), "the fixture must carry the name, or the test below proves nothing"


@pytest.mark.parametrize("key", IMAGES)
def test_images_lose_exif_xmp_iptc_text_and_still_decode_to_the_same_pixels(tmp_path, key):
    from PIL import Image

    data = media.FORMATS[key][2]()
    result, out = _clean(tmp_path, key, data)
    assert media.leaks(out) == []
    found = media.image_metadata(out)
    for planted in media.PLANTED:
        assert planted.decode() not in found
    assert "GPSInfo" not in found and "xmp" not in found.lower() and "comment" not in found
    with Image.open(io.BytesIO(data)) as before, Image.open(io.BytesIO(out)) as after:
        assert after.size == before.size and after.format == before.format
        assert getattr(after, "n_frames", 1) == getattr(before, "n_frames", 1)
        if key != "jpeg":  # lossless: the very same pixels
            assert list(after.convert("RGB").getdata()) == list(before.convert("RGB").getdata())
    assert result.removed, "the author is told what went"


def test_jpeg_keeps_its_pixels_byte_for_byte_and_only_its_orientation(tmp_path):
    from PIL import Image

    data = media.jpeg(orientation=6)
    result, out = _clean(tmp_path, "jpeg", data)
    with Image.open(io.BytesIO(out)) as image:
        assert dict(image.getexif()) == {0x0112: 6}, "upright stays upright, nothing else is left"
        assert "comment" not in image.info and "xmp" not in image.info and "photoshop" not in image.info
    with Image.open(io.BytesIO(data)) as before, Image.open(io.BytesIO(out)) as after:
        assert list(after.getdata()) == list(before.getdata()), "segments dropped, scans untouched"
    text = " ".join(result.removed)
    for expected in ("Artist", "BodySerialNumber", "GPS", "XMP", "IPTC", "comments", "after the image's end"):
        assert expected in text


@pytest.mark.parametrize("key", AUDIO)
def test_audio_loses_its_tags_and_still_decodes(tmp_path, key):
    _skip_without_ffmpeg(key)
    data = media.FORMATS[key][2]()
    suffix = media.FORMATS[key][1]
    result, out = _clean(tmp_path, key, data)
    assert media.leaks(out) == []
    tags = media.audio_tags(out, suffix)
    for planted in media.PLANTED:
        assert planted.decode() not in tags
    assert "APIC" not in tags and "covr" not in tags
    probed = media.probe(out, suffix)  # decodes every frame
    assert [s["codec_type"] for s in probed["streams"]] == ["audio"]
    assert float(probed["format"]["duration"]) >= 0.1
    assert not {k.lower() for k in probed["format"].get("tags", {})} & {"artist", "comment", "copyright", "location"}
    assert result.removed


@pytest.mark.parametrize("key", VIDEO)
def test_video_loses_container_and_stream_metadata_and_still_plays(tmp_path, key):
    _skip_without_ffmpeg(key)
    data = media.FORMATS[key][2]()
    suffix = media.FORMATS[key][1]
    before = media.probe(data, suffix)
    assert before["format"]["tags"].get("artist", before["format"]["tags"].get("ARTIST")) == media.NAME
    _result, out = _clean(tmp_path, key, data)
    assert media.leaks(out) == []
    after = media.probe(out, suffix)
    assert sorted(s["codec_type"] for s in after["streams"]) == ["audio", "video"]
    assert [s["codec_name"] for s in after["streams"]] == [s["codec_name"] for s in before["streams"]], "copied"
    tags = {k.lower() for k in after["format"].get("tags", {})}
    assert not tags & {"artist", "author", "comment", "location", "title", "encoder"} - ({"encoder"} if key == "webm" else set())
    assert after["format"].get("tags", {}).get("encoder", "Lavf") == "Lavf", "bitexact: no version"
    for stream in after["streams"]:
        assert media.NAME not in repr(stream.get("tags")) and media.PLACE not in repr(stream.get("tags"))
    assert after["chapters"] == []


def test_a_wav_keeps_its_samples_and_loses_info_and_bext(tmp_path):
    import wave

    result, out = _clean(tmp_path, "wav", media.wav())
    assert b"LIST" not in out and b"bext" not in out and media.leaks(out) == []
    with wave.open(io.BytesIO(out)) as read:
        assert read.getnframes() == 800 and read.readframes(800) == b"\x01\x00" * 800
    assert "RIFF INFO list (IART, ICMT, ISFT)" in result.removed


def test_an_ogg_with_several_streams_is_rewritten_by_ffmpeg_not_half_cleaned(tmp_path):
    _skip_without_ffmpeg("mp4")
    data = media.ffmpeg_make(*media.PICTURE, *media.TONE, "-c:v", "libtheora", "-c:a", "libvorbis", "-shortest",
                             "-metadata", f"artist={media.NAME}", "-metadata:s:a", f"ARTIST={media.NAME}",
                             suffix=".ogv") if _has_theora() else pytest.skip("no Theora encoder")
    assert audio.ogg_stream_count(_write(tmp_path / "in.ogg", data)) == 2 and media.leaks(data)
    _result, out = _clean(tmp_path, "ogg", data)
    assert media.leaks(out) == []
    assert len(media.probe(out, ".ogg")["streams"]) == 2


def _has_theora() -> bool:
    import subprocess

    listed = subprocess.run(["ffmpeg", "-hide_banner", "-encoders"], capture_output=True, text=True).stdout
    return "libtheora" in listed


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("key, data", [
    ("png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"),
    ("webp", b"RIFF\x40\x00\x00\x00WEBPVP8 \x30\x00\x00\x00"),
    ("gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00\x2c"),
    ("tiff", b"II*\x00\x08\x00\x00\x00garbage"),
    ("wav", b"RIFF\x24\x00\x00\x00WAVEdata\x10\x00\x00\x00"),
    ("mp3", b"ID3\x04\x00\x00\x00\x00\x00\x05abcde" + b"\0" * 64),
    ("flac", b"fLaC\x00\x00\x00\x22" + b"\0" * 10),
    ("ogg", b"OggS\x00\x02" + b"\0" * 40),
    ("m4a", b"\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00garbage-not-a-box"),
    ("mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\xde\xad" * 200),
    ("mov", b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\xbe\xef" * 200),
    ("webm", b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 100),
])
def test_a_damaged_file_of_each_kind_cannot_be_blinded_and_says_why(tmp_path, key, data):
    _skip_without_ffmpeg(key)
    with pytest.raises(blinding.CannotBlind) as raised:
        _clean(tmp_path, key, data)
    assert "damaged" in str(raised.value) or "cannot" in str(raised.value)


def test_a_png_with_an_unknown_required_chunk_is_refused_rather_than_guessed(tmp_path):
    import struct
    import zlib

    data = media.png()
    chunk = b"ZZZZ" + b"data"
    extra = struct.pack(">I", 4) + chunk + struct.pack(">I", zlib.crc32(chunk))
    at = data.index(b"IDAT") - 4
    with pytest.raises(blinding.CannotBlind, match="unknown required part"):
        _clean(tmp_path, "png", data[:at] + extra + data[at:])


def test_kinds_without_a_cleaner_are_said_so():
    assert not blinding.handles("application/zip") and blinding.handles("image/gif")
    with pytest.raises(blinding.CannotBlind):
        blinding.blind_copy("application/zip", Path("x"), Path("y"))


def test_missing_ffmpeg_is_a_clear_cannot_blind(tmp_path, monkeypatch):
    monkeypatch.setattr(video, "FFMPEG", "ffmpeg-that-is-not-installed")
    source = _write(tmp_path / "in.mp4", b"\x00\x00\x00\x18ftypmp42")
    with pytest.raises(blinding.CannotBlind, match="ffmpeg is not installed"):
        video.clean_mp4(source, tmp_path / "out.mp4")


def test_the_ffmpeg_command_copies_streams_and_drops_all_metadata():
    command = video.command(Path("in.mov"), Path("out.mov"), container="mov")
    joined = " ".join(command)
    assert "-c copy" in joined and "-map_metadata -1" in joined and "-map_chapters -1" in joined
    assert "-map 0:V?" in joined, "capital V: no cover-art pictures"
    assert "+bitexact" in joined and command[-3:] == ["-f", "mov", "out.mov"]


def test_strip_jpeg_is_what_pdf_images_use_too():
    out, removed = images.strip_jpeg(media.jpeg(orientation=None))
    assert media.leaks(out) == [] and "EXIF" in removed and out.startswith(b"\xff\xd8") and out.endswith(b"\xff\xd9")
