"""Publication lists in each format read into papers; bad files get a message that says why."""

import json

import pytest

from reviewhub.publications import formats as pub

BIB = rb"""
@inproceedings{ha2024,
  title = {{Diffusion} Models for Sketch-Based Design},
  author = {N{\'u}{\~n}ez, Jos{\'e} and Lee, Ada and others},
  booktitle = {NeurIPS},
  year = {2024},
  abstract = {We study diffusion models for design sketches.}
}
@article{dup,
  title = {Diffusion models for sketch-based design},
  author = {Jos{\'e} N{\'u}{\~n}ez},
  year = 2024
}
@misc{notitle, author = {Someone}, year = {2020}}
@article{broken, title = {Unclosed
"""

DBLP = b"""<?xml version="1.0"?>
<dblpperson name="Ada Lee" pid="12/345" n="2">
<r><inproceedings key="conf/nips/LeeN24"><author pid="1">Ada Lee</author><author pid="2">Jos\xc3\xa9 N\xc3\xba\xc3\xb1ez 0001</author>
<title>Music Generation with Transformers.</title><year>2023</year><booktitle>ISMIR</booktitle></inproceedings></r>
<r><article key="journals/x/Lee22"><author>Ada Lee</author><title>Colour in <i>Generative</i> Art.</title><year>2022</year><journal>TOG</journal></article></r>
</dblpperson>"""


def test_bibtex_keeps_title_abstract_year_coauthors_and_merges_duplicates():
    parsed = pub.parse(BIB, "mine.bib")
    assert parsed.format == "bibtex"
    assert [p.title for p in parsed.papers] == ["Diffusion Models for Sketch-Based Design"]
    paper = parsed.papers[0]
    assert paper.year == 2024 and paper.abstract.startswith("We study") and paper.venue == "NeurIPS"
    assert len(paper.coauthors) == 2 and "Lee, Ada" in paper.coauthors
    assert parsed.duplicates == 1
    assert any("notitle" in p for p in parsed.problems)


def test_dblp_xml_drops_the_homonym_number_and_reads_nested_markup():
    parsed = pub.parse(DBLP, "lee.xml")
    assert parsed.format == "dblp"
    titles = {p.title: p for p in parsed.papers}
    assert set(titles) == {"Music Generation with Transformers", "Colour in Generative Art"}
    assert titles["Music Generation with Transformers"].coauthors == ("Ada Lee", "José Núñez")
    assert titles["Colour in Generative Art"].year == 2022


def test_orcid_semantic_scholar_and_openreview_json():
    orcid = {"group": [{"work-summary": [{"title": {"title": {"value": "Painting with GANs"}},
                                          "publication-date": {"year": {"value": "2021"}}}]},
                       {"work-summary": [{"title": None}]}]}
    parsed = pub.parse(json.dumps(orcid).encode())
    assert parsed.format == "orcid" and parsed.papers[0].year == 2021 and parsed.problems == ["work 2: no title"]
    s2 = {"data": [{"paperId": "a1", "title": "Poetry LMs", "abstract": "Verse.", "year": 2020,
                    "authors": [{"name": "Ada Lee"}, {"name": "Bo Chen"}]}]}
    parsed = pub.parse(json.dumps(s2).encode())
    assert parsed.format == "semantic_scholar" and parsed.papers[0].coauthors == ("Ada Lee", "Bo Chen")
    notes = {"notes": [{"id": "n1", "cdate": 1700000000000,
                        "content": {"title": {"value": "Dance Synthesis"}, "abstract": {"value": "Moves."},
                                    "authors": {"value": ["Ada Lee", "Cy Diaz"]}}}]}
    parsed = pub.parse(json.dumps(notes).encode())
    assert parsed.format == "openreview" and parsed.papers[0].year == 2023
    assert parsed.papers[0].coauthors == ("Ada Lee", "Cy Diaz")


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"just some words", "not a publication list"),
    (b"{not json", "cannot be read"),
    (b'{"hello": 1}', "not an ORCID"),
    (b"<html><body>hi</body></html>", "not a DBLP"),
    (b"<dblpperson><r><article><title></title></article></r></dblpperson>", "No paper"),
    (b"@misc{a, author={X}}", "No paper"),
    (b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><dblpperson>&e;</dblpperson>', ""),
])
def test_bad_files_are_refused_with_a_message(data, message):
    with pytest.raises(pub.PublicationListError) as raised:
        pub.parse(data)
    assert message in str(raised.value)


def test_the_past_papers_text_has_one_block_per_paper():
    papers = [pub.Paper("A", "alpha"), pub.Paper("B")]
    assert pub.as_past_papers_text(papers) == "A\nalpha\n\nB"
