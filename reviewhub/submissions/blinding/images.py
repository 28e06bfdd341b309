"""Images: PNG, JPEG, WebP and GIF are cleaned losslessly by keeping only the chunks, segments
or blocks that draw the picture (an allow-list, so a metadata kind nobody listed goes too);
TIFF, whose tags mix picture and metadata, is re-encoded by Pillow (lossless LZW). Every
copy is checked to open in Pillow before it is used."""

import io
import struct
from pathlib import Path

from reviewhub.submissions.blinding.common import Blinded, CannotBlind, listing

DAMAGED = "the image is damaged or truncated; export it again and upload it anew"

# ---- PNG -------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Chunks that draw the picture (with APNG's animation chunks and HDR colour information).
# Gone: tEXt/zTXt/iTXt (Author, Comment, XMP), eXIf, tIME, iCCP (a profile carries its own
# name), and every private or unknown chunk.
PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT",
            b"bKGD", b"pHYs", b"hIST", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCV", b"cLLI"}
PNG_LABELS = {b"tEXt": "PNG text", b"zTXt": "PNG text", b"iTXt": "PNG text", b"eXIf": "EXIF",
              b"tIME": "modification time", b"iCCP": "ICC colour profile"}


def clean_png(source: Path, target: Path) -> Blinded:
    data = source.read_bytes()
    if not data.startswith(PNG_SIGNATURE):
        raise CannotBlind(DAMAGED)
    out, removed, at = bytearray(PNG_SIGNATURE), {}, len(PNG_SIGNATURE)
    while True:
        if at + 12 > len(data):
            raise CannotBlind(DAMAGED)  # no IEND
        (length,), kind = struct.unpack(">I", data[at:at + 4]), bytes(data[at + 4:at + 8])
        end = at + 12 + length
        if end > len(data):
            raise CannotBlind(DAMAGED)
        if kind in PNG_KEEP:
            out += data[at:end]
        elif not kind[:1].islower():  # a critical chunk we do not know: cannot drop it safely
            raise CannotBlind(f"the PNG holds an unknown required part ({kind.decode('latin-1')})")
        else:
            label = PNG_LABELS.get(kind, "private PNG data")
            keyword = data[at + 8:end - 4].split(b"\0", 1)[0][:40].decode("latin-1") if "text" in label else ""
            removed.setdefault(label, set()).add(keyword)
        at = end
        if kind == b"IEND":
            break
    if at < len(data):
        removed.setdefault("data after the image's end", set())
    return _written(target, out, removed)


# ---- JPEG ------------------------------------------------------------------------------------

# Segments a decoder needs: frame headers, Huffman/arithmetic and quantisation tables, restart
# interval, JFIF (without its thumbnail) and Adobe's colour transform. Gone: APP1 (EXIF, XMP),
# APP13 (IPTC, Photoshop), APP2 (ICC, FlashPix), every other APPn, comments, trailing data.
JPEG_TABLES = set(range(0xC0, 0xD0)) | {0xDB, 0xDD}
ORIENTATION = 0x0112


def clean_jpeg(source: Path, target: Path) -> Blinded:
    out, removed = strip_jpeg(source.read_bytes())
    return _written(target, out, removed)


def strip_jpeg(data: bytes) -> tuple[bytes, dict[str, set]]:
    """The JPEG without its metadata segments, and what they were (also used on the JPEG
    images inside PDFs, which carry their camera's EXIF along)."""
    if not data.startswith(b"\xff\xd8"):
        raise CannotBlind(DAMAGED)
    out, removed, at = bytearray(b"\xff\xd8"), {}, 2
    while True:
        if at >= len(data) or data[at] != 0xFF:
            raise CannotBlind(DAMAGED)
        while at < len(data) and data[at] == 0xFF:  # fill bytes
            at += 1
        if at >= len(data):
            raise CannotBlind(DAMAGED)
        marker, at = data[at], at + 1
        if marker == 0xD9:  # end of image
            out += b"\xff\xd9"
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # stand-alone markers
            out += bytes((0xFF, marker))
            continue
        if at + 2 > len(data):
            raise CannotBlind(DAMAGED)
        (length,) = struct.unpack(">H", data[at:at + 2])
        segment, at = data[at:at + length], at + length
        if length < 2 or at > len(data):
            raise CannotBlind(DAMAGED)
        if marker == 0xDA:  # start of scan: the segment, then entropy-coded data to the next marker
            scan_end = _scan_end(data, at)
            out += b"\xff\xda" + segment + data[at:scan_end]
            at = scan_end
        elif marker in JPEG_TABLES:
            out += bytes((0xFF, marker)) + segment
        elif marker == 0xE0 and segment[2:7] == b"JFIF\0" and length >= 16:
            out += b"\xff\xe0" + struct.pack(">H", 16) + segment[2:14] + b"\0\0"  # no thumbnail
        elif marker == 0xEE and segment[2:7] == b"Adobe":
            out += b"\xff\xee" + segment
        else:
            _note_jpeg_segment(marker, segment[2:], removed, out)
    if at < len(data):
        removed.setdefault("data after the image's end", set())
    return bytes(out), removed


def _scan_end(data: bytes, at: int) -> int:
    """Where the entropy-coded data after a scan header ends: the next marker that is not a
    stuffed zero, a restart marker or a fill byte."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            raise CannotBlind(DAMAGED)
        follower = data[at + 1]
        if follower == 0x00 or 0xD0 <= follower <= 0xD7:
            at += 2
        elif follower == 0xFF:
            at += 1
        else:
            return at


def _note_jpeg_segment(marker: int, body: bytes, removed: dict, out: bytearray) -> None:
    """Record what a dropped segment held; EXIF leaves only its orientation behind (so the
    picture stays upright), written as a one-tag EXIF segment in its place."""
    if marker == 0xE1 and body.startswith(b"Exif\0"):
        names, orientation = _exif_names(body[6:])
        removed.setdefault("EXIF", set()).update(names)
        if orientation in range(2, 9):
            from PIL import Image

            exif = Image.Exif()
            exif[ORIENTATION] = orientation
            payload = exif.tobytes()
            out += b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    elif marker == 0xE1 and b"ns.adobe.com/xap" in body[:40]:
        removed.setdefault("XMP", set())
    elif marker == 0xED:
        removed.setdefault("IPTC / Photoshop data", set())
    elif marker == 0xE2 and body.startswith(b"ICC_PROFILE"):
        removed.setdefault("ICC colour profile", set())
    elif marker == 0xFE:
        removed.setdefault("comments", set())
    else:
        removed.setdefault("application data", set()).add(f"APP{marker - 0xE0}" if 0xE0 <= marker <= 0xEF
                                                          else f"marker {marker:02X}")


def _exif_names(tiff: bytes) -> tuple[set[str], int | None]:
    """The names of the EXIF tags present (GPS counted as one) and the orientation."""
    from PIL import ExifTags, Image

    exif = Image.Exif()
    try:
        exif.load(tiff)
        names = {ExifTags.TAGS.get(k, f"tag {k}") for k in exif if k not in (0x8769, 0x8825, ORIENTATION)}
        names |= {ExifTags.TAGS.get(k, f"tag {k}") for k in exif.get_ifd(0x8769)}
        if exif.get_ifd(0x8825) or 0x8825 in exif:
            names.add("GPS")
        orientation = exif.get(ORIENTATION)
    except Exception:  # damaged EXIF: it goes all the same
        return {"unreadable"}, None
    return names, orientation if isinstance(orientation, int) else None


# ---- WebP ------------------------------------------------------------------------------------

WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"}
WEBP_LABELS = {b"EXIF": "EXIF", b"XMP ": "XMP", b"ICCP": "ICC colour profile"}
VP8X_METADATA_FLAGS = 0x20 | 0x08 | 0x04  # ICC, EXIF, XMP present


def clean_webp(source: Path, target: Path) -> Blinded:
    data = source.read_bytes()
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise CannotBlind(DAMAGED)
    end = min(len(data), 8 + struct.unpack("<I", data[4:8])[0])
    chunks, removed, at = bytearray(), {}, 12
    while at + 8 <= end:
        kind, (size,) = bytes(data[at:at + 4]), struct.unpack("<I", data[at + 4:at + 8])
        stop = at + 8 + size + (size & 1)
        if at + 8 + size > end:
            raise CannotBlind(DAMAGED)
        chunk = bytearray(data[at:stop])
        if kind == b"VP8X":
            chunk[8] &= ~VP8X_METADATA_FLAGS & 0xFF
        if kind in WEBP_KEEP:
            chunks += chunk
        else:
            removed.setdefault(WEBP_LABELS.get(kind, "private WebP data"), set())
        at = stop
    if end < len(data):
        removed.setdefault("data after the image's end", set())
    return _written(target, b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WEBP" + chunks, removed)


# ---- GIF -------------------------------------------------------------------------------------

GIF_KEEP_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")  # the animation's loop count


def clean_gif(source: Path, target: Path) -> Blinded:
    """Keeps the header, colour tables, images and graphic control (timing, transparency) and
    the looping extension; drops comments, plain-text blocks and other application blocks
    (XMP, ICC)."""
    data = source.read_bytes()
    if not data.startswith((b"GIF87a", b"GIF89a")) or len(data) < 13:
        raise CannotBlind(DAMAGED)
    packed = data[10]
    at = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    out, removed = bytearray(data[:at]), {}
    try:
        while True:
            introducer = data[at]
            if introducer == 0x3B:  # trailer
                out.append(0x3B)
                at += 1
                break
            if introducer == 0x2C:  # image descriptor, local colour table, LZW data
                local = data[at + 9]
                start, at = at, at + 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1
                at = _sub_blocks_end(data, at)
                out += data[start:at]
            elif introducer == 0x21:
                label, start = data[at + 1], at
                at = _sub_blocks_end(data, at + 2)
                application = data[start + 3:start + 14]
                if label == 0xF9 or (label == 0xFF and application in GIF_KEEP_APPLICATIONS):
                    out += data[start:at]
                else:
                    removed.setdefault({0xFE: "comments", 0x01: "plain-text blocks"}.get(
                        label, "application data"), set()).add(
                        application.decode("latin-1", "replace") if label == 0xFF else "")
            else:
                raise CannotBlind(DAMAGED)
    except IndexError as error:
        raise CannotBlind(DAMAGED) from error
    if at < len(data):
        removed.setdefault("data after the image's end", set())
    return _written(target, out, removed)


def _sub_blocks_end(data: bytes, at: int) -> int:
    while data[at]:
        at += data[at] + 1
    return at + 1


# ---- TIFF ------------------------------------------------------------------------------------

# Tags Pillow writes from the pixels themselves; any other tag present is reported as removed.
TIFF_PICTURE_TAGS = {254, 255, 256, 257, 258, 259, 262, 266, 273, 274, 277, 278, 279, 282, 283,
                     284, 296, 317, 320, 322, 323, 324, 325, 338, 339}


def clean_tiff(source: Path, target: Path) -> Blinded:
    from PIL import Image, ImageSequence, TiffTags

    try:
        with Image.open(source) as image:
            names = {TiffTags.lookup(tag).name for tag in image.tag_v2 if tag not in TIFF_PICTURE_TAGS}
            frames = []
            for frame in ImageSequence.Iterator(image):
                copy = frame.copy()  # a plain image: no tags, and no info carried into the save
                copy.info = {}
                frames.append(copy)
        buffer = io.BytesIO()
        frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    except CannotBlind:
        raise
    except Exception as error:  # Pillow raises many kinds on damaged or exotic TIFFs
        raise CannotBlind("the TIFF cannot be read; export it again (or as PNG) and upload it anew") from error
    return _written(target, buffer.getvalue(), {"TIFF tags": names} if names else {})


# ---- shared ----------------------------------------------------------------------------------

def _written(target: Path, data: bytes, removed: dict[str, set]) -> Blinded:
    """Write the copy, check that it opens as an image, and list what went."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Exception as error:
        raise CannotBlind(DAMAGED) from error
    target.write_bytes(data)
    return Blinded(tuple(listing(label, names) for label, names in sorted(removed.items())))
