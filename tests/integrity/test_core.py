"""Text-reuse detection: planted copies found, unrelated texts not, LSH equals the exact check."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewhub.integrity.core import (
    MAX_MISS,
    Document,
    find_similar_pairs,
    full_pairwise,
    jaccard_floor,
    lsh_parameters,
    miss_probability,
    shared_passages,
    tokenize,
)

_RNG = np.random.default_rng(1234)
VOCAB = ["".join(_RNG.choice(list("abcdefghijklmnopqrstuvwxyz"), n)) for n in _RNG.integers(2, 9, 3000)]
_W = 1.0 / np.arange(1, len(VOCAB) + 1) ** 1.1
_CDF = np.cumsum(_W / _W.sum())


def words(rng: np.random.Generator, n: int) -> list[str]:
    """Zipf-distributed words, so unrelated texts share common words as real ones do."""
    return [VOCAB[min(i, len(VOCAB) - 1)] for i in np.searchsorted(_CDF, rng.random(n))]


def paper(rng: np.random.Generator, n_paras: int = 10, para_len: int = 150) -> list[str]:
    """Paragraphs of sentence-cased text with punctuation."""
    out = []
    for _ in range(n_paras):
        w = words(rng, para_len)
        out.append(" ".join(" ".join(w[i : i + 12]).capitalize() + "." for i in range(0, len(w), 12)))
    return out


def text(paras: list[str]) -> str:
    return "\n\n".join(paras)


def flagged(docs: list[Document], **kw) -> set[tuple[int, int]]:
    return {(p.a_id, p.b_id) for p in find_similar_pairs(docs, **kw)}


@pytest.fixture
def rng():
    return np.random.default_rng(7)


@pytest.fixture
def background(rng):
    return [Document(100 + i, text(paper(rng))) for i in range(12)]


def test_tokenize_lowercases_and_drops_punctuation():
    assert tokenize("Hello,  WORLD!\nfoo_bar — Ünïcode 42") == ["hello", "world", "foo", "bar", "ünïcode", "42"]


def test_exact_copy_is_flagged_with_similarity_one(rng, background):
    original = text(paper(rng))
    pairs = find_similar_pairs(background + [Document(1, original), Document(2, original.upper())])
    assert [(p.a_id, p.b_id, p.similarity, p.containment) for p in pairs] == [(1, 2, 1.0, 1.0)]


def test_copy_with_a_fifth_of_words_changed_is_flagged(rng, background):
    original = words(rng, 2000)
    changed = [w if rng.random() >= 0.2 else words(rng, 1)[0] for w in original]
    docs = background + [Document(1, " ".join(original)), Document(2, " ".join(changed))]
    pairs = find_similar_pairs(docs)
    assert [(p.a_id, p.b_id) for p in pairs] == [(1, 2)]
    assert 0.15 < pairs[0].similarity < 0.3 and pairs[0].containment > 0.25


def test_reordered_paragraphs_are_flagged(rng, background):
    paras = paper(rng)
    shuffled = [paras[i] for i in rng.permutation(len(paras))]
    assert flagged(background + [Document(1, text(paras)), Document(2, text(shuffled))]) == {(1, 2)}


def test_creative_variant_reusing_abstract_and_passages_is_flagged(rng, background):
    paras = paper(rng, n_paras=14)
    reused = [paras[0]] + [" ".join(p.split()[20:80]) for p in paras[3:7]]
    statement = [s for pair in zip(paper(rng, 5, 120), reused[1:], strict=False) for s in pair]
    variant = text([reused[0]] + statement)
    pairs = find_similar_pairs(background + [Document(1, text(paras)), Document(2, variant)])
    assert [(p.a_id, p.b_id) for p in pairs] == [(1, 2)]
    assert pairs[0].similarity < 0.25 <= pairs[0].containment  # found thanks to containment


def test_unrelated_texts_are_not_flagged(rng):
    docs = [Document(i, text(paper(rng))) for i in range(40)]
    assert find_similar_pairs(docs) == []
    assert full_pairwise(docs) == []


def test_archive_pairs_need_one_current_document(rng, background):
    old = text(paper(rng))
    other_old = text(paper(rng))
    archive = [Document(1, old), Document(2, old), Document(3, other_old)]
    current = background + [Document(1, old + " new closing words here and there")]
    pairs = find_similar_pairs(current, archive=archive)
    assert {(p.a_id, p.b_id, p.archived) for p in pairs} == {(1, 1, True), (1, 2, True)}
    assert pairs == full_pairwise(current, archive=archive)


def test_progress_reports_monotone_and_ends_complete(rng, background):
    calls = []
    docs = background + [Document(1, background[0].text)]
    find_similar_pairs(docs, progress=lambda done, total: calls.append((done, total)))
    assert calls and all(0 < d <= t for d, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert calls[-1][0] == calls[-1][1] > len(docs)  # one candidate verified


def test_shared_passage_spans_point_at_the_shared_text(rng):
    shared = " ".join(words(rng, 40))
    a = f"{' '.join(words(rng, 50))}. {shared}, and then {' '.join(words(rng, 30))}"
    b = f"INTRO {' '.join(words(rng, 70))}!\n{shared.upper()}; {' '.join(words(rng, 20))}"
    passages = shared_passages(a, b, min_words=8)
    assert passages
    for p in passages:
        assert p.text == a[p.a_start : p.a_end]
        assert tokenize(a[p.a_start : p.a_end]) == tokenize(b[p.b_start : p.b_end])
        assert len(tokenize(p.text)) >= 8
    longest = max(passages, key=lambda p: p.a_end - p.a_start)
    assert set(tokenize(shared)) <= set(tokenize(longest.text))


def test_shared_passages_do_not_overlap_and_ignore_short_runs(rng):
    block = " ".join(words(rng, 30))
    a = f"{block} x y z {block}"
    b = f"{block} q {' '.join(words(rng, 5))} seven words are not enough here"
    passages = shared_passages(a, b, min_words=8)
    assert len(passages) == 1  # b has the block once: highlighted once
    assert shared_passages("a b c d e f g", "a b c d e f g", min_words=8) == []


def test_one_megabyte_text(rng):
    big = " ".join(words(rng, 200_000))
    assert len(big) > 1_000_000
    tail = big[len(big) // 2 :]
    pairs = find_similar_pairs([Document(1, big), Document(2, tail), Document(3, "short text")])
    assert [(p.a_id, p.b_id) for p in pairs] == [(1, 2)]
    assert pairs[0].containment > 0.99
    passages = shared_passages(big, tail, min_words=8)
    assert sum(len(tokenize(p.text)) for p in passages) >= 99_000


@pytest.mark.parametrize("texts", [[], [""], ["", "", "!!! ..."], ["a b", "a b"], ["one two three four five"] * 3])
def test_empty_and_short_texts_do_not_crash(texts):
    docs = [Document(i, t) for i, t in enumerate(texts)]
    assert find_similar_pairs(docs) == full_pairwise(docs)
    assert shared_passages("", "") == []
    assert shared_passages("a b", "a b") == []


def test_identical_five_word_texts_are_flagged():
    docs = [Document(i, "one two three four five") for i in range(3)]
    assert flagged(docs) == {(0, 1), (0, 2), (1, 2)}


def test_lsh_parameters_keep_the_miss_probability_negligible():
    floor = jaccard_floor(0.25)
    bands, rows = lsh_parameters(floor)
    assert rows == 2 and miss_probability(floor, bands, rows) <= MAX_MISS
    assert miss_probability(floor, bands - 1, rows) > MAX_MISS  # and no more bands than needed
    bands, rows = lsh_parameters(0.5, num_perm=128)
    assert bands * rows <= 128 and miss_probability(0.5, bands, rows) <= MAX_MISS
    assert lsh_parameters(0.3, num_perm=128, bands=32) == (32, 4)
    with pytest.raises(ValueError):
        lsh_parameters(0.3, num_perm=100, bands=32)


def test_result_is_deterministic_for_a_seed(rng, background):
    docs = background + [Document(1, background[2].text[:3000])]
    assert find_similar_pairs(docs, seed=3) == find_similar_pairs(docs, seed=3)


POOL = [" ".join(words(np.random.default_rng(s), 40)) for s in range(8)]


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.integers(0, len(POOL) + 5), min_size=2, max_size=5), min_size=2, max_size=8),
       st.integers(0, 2**31 - 1))
def test_lsh_equals_full_pairwise_on_random_corpora(recipes, seed):
    rng = np.random.default_rng(seed)
    docs = [
        Document(i, " ".join(POOL[k] if k < len(POOL) else " ".join(words(rng, 40)) for k in r))
        for i, r in enumerate(recipes)
    ]
    exact = full_pairwise(docs, threshold=0.25)
    lsh = find_similar_pairs(docs, threshold=0.25, seed=seed)
    assert set(lsh) <= set(exact)  # verification is exact: no false positives
    floor = jaccard_floor(0.25)
    assert {p for p in exact if p.similarity >= floor} <= set(lsh)  # the guaranteed domain
