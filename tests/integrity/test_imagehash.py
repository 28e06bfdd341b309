"""Perceptual hashes: near-identical images match, different images do not."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageEnhance

from reviewhub.integrity.imagehash import (
    dhash,
    find_similar_images,
    hamming,
    image_hashes,
    phash,
)


def make_image(seed: int, size: int = 256) -> Image.Image:
    """A smooth random picture: coarse noise upscaled plus a few coloured discs."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 256, (6, 6, 3), dtype=np.uint8)
    image = Image.fromarray(coarse, "RGB").resize((size, size), Image.Resampling.BICUBIC)
    arr = np.asarray(image).astype(np.int16)
    yy, xx = np.mgrid[:size, :size]
    for _ in range(4):
        cx, cy, r = rng.integers(0, size, 2).tolist() + [int(rng.integers(size // 10, size // 4))]
        disc = (xx - cx) ** 2 + (yy - cy) ** 2 < r * r
        arr[disc] = rng.integers(0, 256, 3)
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8), "RGB")


def jpeg_bytes(image: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def colour_shift(image: Image.Image) -> Image.Image:
    arr = np.asarray(image).astype(np.int16) + np.array([12, -8, 6])
    return ImageEnhance.Brightness(Image.fromarray(arr.clip(0, 255).astype(np.uint8))).enhance(1.08)


VARIANTS = {
    "resized": lambda im: im.resize((120, 120), Image.Resampling.BILINEAR),
    "upscaled": lambda im: im.resize((600, 600), Image.Resampling.BICUBIC),
    "jpeg_q35": lambda im: jpeg_bytes(im, 35),
    "colour_shift": colour_shift,
    "all_three": lambda im: jpeg_bytes(colour_shift(im.resize((180, 180))), 50),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_near_identical_images_have_close_hashes(variant, seed):
    original = make_image(seed)
    copy = VARIANTS[variant](original)
    assert hamming(dhash(original), dhash(copy)) <= 6
    assert hamming(phash(original), phash(copy)) <= 6


def test_different_images_are_far_apart():
    hashes = [image_hashes(make_image(seed)) for seed in range(20)]
    for i in range(len(hashes)):
        for j in range(i + 1, len(hashes)):
            assert hamming(hashes[i].phash, hashes[j].phash) > 10
            assert hamming(hashes[i].dhash, hashes[j].dhash) > 10


def test_find_similar_images_returns_only_planted_pairs():
    images = [(100 + s, make_image(s)) for s in range(12)]
    images.append((500, jpeg_bytes(make_image(3), 40)))
    images.append((501, make_image(7).resize((90, 90))))
    images.append((502, colour_shift(make_image(7))))
    pairs = find_similar_images(images, max_distance=10)
    found = {(p.a_id, p.b_id) for p in pairs}
    assert found == {(103, 500), (107, 501), (107, 502), (501, 502)}
    assert all(p.phash_distance <= 10 and p.dhash_distance <= 10 for p in pairs)


def test_hashes_are_64_bit_and_accept_bytes_and_odd_modes():
    image = make_image(5)
    rgba = image.convert("RGBA")
    palette = image.convert("P")
    for variant in (image, rgba, palette, jpeg_bytes(image, 90), image.convert("L")):
        hashes = image_hashes(variant)
        assert 0 <= hashes.dhash < 2**64 and 0 <= hashes.phash < 2**64
        assert hamming(hashes.phash, phash(image)) <= 6


def test_tiny_and_flat_images_do_not_crash():
    assert dhash(Image.new("RGB", (1, 1), "red")) == 0
    assert find_similar_images([]) == []
    assert find_similar_images([(1, Image.new("RGB", (3, 2), "blue"))]) == []


def test_hamming_counts_bits():
    assert hamming(0, 2**64 - 1) == 64
    assert hamming(0b1011, 0b0001) == 2
