"""Plausible titles, abstracts, statements and people for the demo's submissions (pure,
deterministic: a seed in, the same texts out)."""

import random
from dataclasses import dataclass

# Per seed topic (in the workshop's order): subjects, methods and findings to combine.
THEMES = [
    ("co-creative sketching tools", "a mixed-initiative drawing interface",
     "artists kept more control when the system proposed several partial strokes instead of finished images"),
    ("near-duplicate detection in generated images", "a retrieval audit against the training set",
     "memorised compositions concentrate in a small number of heavily duplicated training images"),
    ("style protection for illustrators", "imperceptible perturbations applied before publication",
     "protection survives common resizing but not fine-tuning on many images of the same artist"),
    ("representational bias in text-to-image models", "a prompt audit across occupations and regions",
     "default portrayals narrow further when prompts mention creative professions"),
    ("detecting machine-written poetry", "a watermark-free detector based on token statistics",
     "light human editing defeats current detectors more often than paraphrasing models do"),
    ("benchmarking creativity in language models", "a divergent-thinking benchmark rated by practitioners",
     "novelty scores from automatic metrics disagree with expert judges on the most surprising outputs"),
    ("provenance records for generated media", "signed lineage metadata carried through editing tools",
     "most provenance is lost at the first export step of common creative software"),
    ("licensing creative works for model training", "a collective licensing scheme with usage-based royalties",
     "participating musicians preferred opt-in pools with transparent reporting over one-off payments"),
]
CREATIVE = [
    ("Echoes of the Archive", "image", "A series of images made by steering a diffusion model with fragments of a family photo archive."),
    ("Duet for Human and Model", "audio", "A short piece in which a pianist improvises against a model trained only on her own recordings."),
    ("The Prompt Is the Brush", "image", "Paintings that begin as prompts and end as oil on canvas, documenting every hand-made correction."),
    ("Unsung", "audio", "Field recordings of a village choir, re-sung by a voice model, asking who owns a shared voice."),
    ("Borrowed Light", "image", "Photographs re-lit by a model, shown next to the originals the model could not have seen."),
    ("Stammer", "audio", "A sound poem built from the hesitations a speech model inserts when it is unsure."),
    ("Atlas of Missing Faces", "image", "Portraits of professions the model refuses to depict as anything but a stereotype."),
    ("Night Shift", "link", "An online piece where visitors co-write a story with a model that forgets everything at dawn."),
    ("Palimpsest", "image", "Layered prints in which each generation of a model paints over the previous one."),
    ("Counterpoint", "audio", "Two melodies, one composed by a student and one generated, interleaved until the audience cannot tell."),
    ("Glaze Garden", "image", "Botanical illustrations protected with style cloaks, shown with what a model learns from them."),
    ("Rehearsal", "link", "A recorded dance performance in which the choreography is suggested live by a pose model."),
]
FIRST = ["Amara", "Jonas", "Mei", "Tomás", "Priya", "Lukas", "Sofia", "Kwame", "Yuki", "Elena", "Omar",
         "Ines", "Hana", "Mateo", "Leila", "Nikolai", "Chloé", "Ravi", "Zara", "Felix"]
LAST = ["Okafor", "Berg", "Tanaka", "Rossi", "Nair", "Schmidt", "García", "Mensah", "Kim", "Novak",
        "Haddad", "Costa", "Ito", "Silva", "Rahimi", "Petrov", "Dubois", "Iyer", "Ahmed", "Lindqvist"]
PLACES = [
    ("University of Edinburgh", "ed.ac.uk"), ("Aalto University", "aalto.fi"),
    ("Universidad de los Andes", "uniandes.edu.co"), ("KAIST", "kaist.ac.kr"),
    ("University of Cape Town", "uct.ac.za"), ("Sorbonne Université", "sorbonne-universite.fr"),
    ("Goldsmiths, University of London", "gold.ac.uk"), ("Carnegie Mellon University", "cmu.edu"),
    ("ETH Zürich", "ethz.ch"), ("Independent artist", "gmail.com"), ("Google DeepMind", "deepmind.com"),
    ("Tsinghua University", "tsinghua.edu.cn"),
]


@dataclass(frozen=True)
class DemoPerson:
    name: str
    email: str
    affiliation: str


@dataclass(frozen=True)
class DemoWork:
    index: int
    creative: bool
    title: str
    abstract: str
    keywords: str
    topic_positions: tuple[int, ...]
    statement: str
    media: str  # image | audio | link | "" (papers)
    body: str
    coauthors: tuple[DemoPerson, ...]
    ai_use: str
    ai_details: str
    presentation: str


def person(rng: random.Random, n: int) -> DemoPerson:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    affiliation, domain = rng.choice(PLACES)
    return DemoPerson(f"{first} {last}", f"{first}.{last}.{n}@{domain}".lower().replace("é", "e")
                      .replace("á", "a").replace("í", "i"), affiliation)


def paper(index: int, rng: random.Random) -> DemoWork:
    t = index % len(THEMES)
    subject, method, finding = THEMES[t]
    other = (t + 1 + rng.randrange(len(THEMES) - 1)) % len(THEMES)
    title = rng.choice([f"Rethinking {subject}", f"What {method} reveals about {subject}",
                        f"Towards {subject} that artists trust", f"{subject.capitalize()}: a study with practitioners"])
    abstract = (f"Generative models now shape {subject}, yet the people whose work is affected are rarely "
                f"part of the evaluation. We present {method} and study it with {rng.randint(8, 40)} "
                f"practitioners and {rng.randint(2, 12)} thousand generated samples. We find that {finding}. "
                f"We discuss what this means for {THEMES[other][0]} and release our materials.")
    sections = [("Introduction", abstract), ("Method", f"We built {method}. " * 6),
                ("Results", f"Our main finding is that {finding}. " * 8),
                ("Discussion", f"The results bear on {THEMES[other][0]}. " * 6)]
    body = "\n\n".join(f"{h}\n{text}" for h, text in sections)
    ai = rng.choice(["none", "none", "assisted"])
    return DemoWork(index, False, title, abstract, ", ".join(subject.split()[:2] + method.split()[-2:]),
                    tuple(sorted({t, other})), "", "", body, _coauthors(rng, index), ai,
                    "A language model suggested wording in the related-work section; all text was checked by us." if ai != "none" else "",
                    rng.choice(["talk", "poster", "either"]))


def creative(index: int, rng: random.Random) -> DemoWork:
    title, media, line = CREATIVE[index % len(CREATIVE)]
    statement = (f"{line} The work asks what authorship means when a model takes part in making it, "
                 "and leaves the seams of the collaboration visible instead of polishing them away.")
    ai = "generated" if media in ("image", "audio") else "assisted"
    return DemoWork(index, True, title, line, "art, generative models, authorship",
                    (index % len(THEMES),), statement, media, statement, _coauthors(rng, index, most=1), ai,
                    "Parts of the piece were produced with an open image/audio model, then edited by hand.",
                    rng.choice(["poster", "either", "talk"]))


def _coauthors(rng: random.Random, index: int, most: int = 3) -> tuple[DemoPerson, ...]:
    return tuple(person(rng, index * 10 + k) for k in range(rng.randint(0, most) + 1))


def works(papers: int = 28, creative_works: int = 12, seed: int = 2024) -> list[DemoWork]:
    rng = random.Random(seed)
    out = [paper(i, rng) for i in range(papers)]
    out += [creative(papers + i, rng) for i in range(creative_works)]
    return out
