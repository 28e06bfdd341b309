"""Perceptual image hashes (dHash, pHash) and near-duplicate image pairs."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy.fft import dctn

DEFAULT_MAX_DISTANCE = 10
_BLOCK = 1024
_RESAMPLE = Image.Resampling.LANCZOS


@dataclass(frozen=True)
class ImageHashes:
    """64-bit hashes of one image; bit i is the i-th cell in row-major order."""

    dhash: int
    phash: int


@dataclass(frozen=True)
class SimilarImage:
    """A near-duplicate pair (a_id is the earlier input) with both Hamming distances."""

    a_id: int
    b_id: int
    dhash_distance: int
    phash_distance: int


def _open(image: Image.Image | bytes) -> Image.Image:
    """Accept an open image or the uploaded file's bytes."""
    return Image.open(io.BytesIO(image)) if isinstance(image, bytes) else image


def _gray(image: Image.Image) -> Image.Image:
    """Grayscale over white: colour shifts and transparency should not change the hash."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    return image.convert("L")


def _bits_to_int(bits: np.ndarray) -> int:
    """Pack a boolean array (row-major) into an int, first cell = most significant bit."""
    return int("".join("1" if b else "0" for b in bits.ravel()), 2)


def dhash(image: Image.Image | bytes) -> int:
    """Difference hash: is each pixel brighter than its right neighbour on a 9x8 thumbnail?

    Gradients survive resizing, recompression and brightness/colour shifts.
    """
    small = np.asarray(_gray(_open(image)).resize((9, 8), _RESAMPLE), dtype=np.int16)
    return _bits_to_int(small[:, 1:] > small[:, :-1])


def phash(image: Image.Image | bytes) -> int:
    """DCT hash: signs of the 8x8 lowest frequencies of a 32x32 thumbnail against their median.

    Low frequencies carry the layout, which JPEG and rescaling barely touch; the DC term (mean
    brightness) is left out of the median so a brightness shift changes nothing.
    """
    small = np.asarray(_gray(_open(image)).resize((32, 32), _RESAMPLE), dtype=np.float64)
    low = dctn(small, norm="ortho")[:8, :8]
    return _bits_to_int(low > np.median(low.ravel()[1:]))


def image_hashes(image: Image.Image | bytes) -> ImageHashes:
    """Both hashes of one image (opens bytes once)."""
    opened = _open(image)
    return ImageHashes(dhash(opened), phash(opened))


def hamming(a: int, b: int) -> int:
    """Number of differing bits of two 64-bit hashes."""
    return (a ^ b).bit_count()


def _close_pairs(hashes: np.ndarray, max_distance: int) -> list[tuple[int, int, int]]:
    """(i, j, distance) with i < j and popcount(h_i ^ h_j) <= max_distance, in row blocks."""
    out = []
    for lo in range(0, len(hashes), _BLOCK):
        block = hashes[lo : lo + _BLOCK]
        dist = np.bitwise_count(block[:, None] ^ hashes[None, :])
        for i, j in zip(*np.nonzero(dist <= max_distance), strict=True):
            if lo + i < j:
                out.append((int(lo + i), int(j), int(dist[i, j])))
    return out


def find_similar_images(
    images: Sequence[tuple[int, Image.Image | bytes]], max_distance: int = DEFAULT_MAX_DISTANCE
) -> list[SimilarImage]:
    """Pairs whose pHash AND dHash are both within max_distance of 64 bits.

    Requiring both keeps false positives down: unrelated images sit near 32 on each. Blocks of
    1024 rows keep memory bounded; 10,000 images are 1e8 XORs, about a second.
    """
    return pairs_from_hashes([(i, image_hashes(img)) for i, img in images], max_distance)


def pairs_from_hashes(
    hashed: Sequence[tuple[int, ImageHashes]], max_distance: int = DEFAULT_MAX_DISTANCE
) -> list[SimilarImage]:
    """find_similar_images on hashes computed beforehand (by a caller that reports progress or
    skips unreadable files)."""
    ids = [i for i, _ in hashed]
    hashes = [h for _, h in hashed]
    ph = np.array([h.phash for h in hashes], dtype=np.uint64)
    pairs = []
    for i, j, pd in _close_pairs(ph, max_distance):
        dd = hamming(hashes[i].dhash, hashes[j].dhash)
        if dd <= max_distance:
            pairs.append(SimilarImage(ids[i], ids[j], dd, pd))
    return sorted(pairs, key=lambda p: (p.phash_distance + p.dhash_distance, p.a_id, p.b_id))
