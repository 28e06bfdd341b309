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
# Mail domains are reserved ones (RFC 2606), one per institution: the demo's mail must never
# reach a real mailbox, even the day someone configures SMTP on a demo instance.
PLACES = [
    ("University of Edinburgh", "edinburgh.example.org"), ("Aalto University", "aalto.example.org"),
    ("Universidad de los Andes", "uniandes.example.org"), ("KAIST", "kaist.example.org"),
    ("University of Cape Town", "uct.example.org"), ("Sorbonne Université", "sorbonne.example.org"),
    ("Goldsmiths, University of London", "goldsmiths.example.org"),
    ("Carnegie Mellon University", "cmu.example.org"), ("ETH Zürich", "ethz.example.org"),
    ("Independent artist", "example.com"), ("Google DeepMind", "deepmind.example.com"),
    ("Tsinghua University", "tsinghua.example.org"),
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


# Each work draws its own sentences: a few framing sentences from small pools, the rest built
# from phrase lists (who + how + did + what + when), so no two demo works share more than a handful of
# five-word runs and the integrity check flags only the pair its demo plants.
COMMUNITIES = ["illustrators", "session musicians", "poets", "game artists", "art students", "curators",
               "graphic designers", "photographers", "animators", "novelists", "choreographers", "typographers"]
SETTINGS = ["a community art school", "two design studios", "a public library workshop", "an online forum",
            "an undergraduate course", "a music festival", "a national museum", "a comics collective",
            "a games jam", "a residency programme"]
MODELS = ["open diffusion", "proprietary image", "open-weight language", "music generation",
          "speech synthesis", "video generation"]
OPENINGS = [
    "Generative models now shape {subject}, yet affected {community} are rarely asked.",
    "Debates about {subject} often rest on anecdotes.",
    "For {community}, {subject} is no longer hypothetical.",
    "{Subject} is usually studied from the model's side.",
    "Little is known about {subject} outside the laboratory.",
    "Releases of {model} models made {subject} urgent.",
]
CONTRIBUTIONS = [
    "We present {method}, tested with {n} {community} over {weeks} weeks.",
    "This paper introduces {method}, built with {n} {community}.",
    "We evaluate {method} on {k} thousand outputs of {m} {model} models.",
    "Our approach, {method}, ran in {n} sessions at {setting}.",
    "We contribute {method} and {k} thousand annotated outputs.",
]
FINDINGS = ["We find that {finding}.", "Centrally, {finding}.", "In every condition, {finding}.",
            "Unexpectedly, {finding}."]
CLOSINGS = ["Implications for {other} follow.", "Materials are released.", "We discuss {other}.",
            "Open problems touch {other}."]
WHO = ["the participants", "most {community}", "our annotators", "both raters", "several interviewees",
       "the {model} models", "the control group", "newcomers to these tools", "senior {community}",
       "a few sessions", "the pilot group", "students at {setting}"]
HOW = ["often", "rarely", "quickly", "reluctantly", "eventually", "repeatedly", "carefully", "sometimes",
       "at first", "gladly", "never", "openly"]
DID = ["revised", "ignored", "compared", "described", "rated", "annotated", "shared", "rejected", "edited",
       "questioned", "traced", "mixed", "explained", "reused"]
WHAT = ["the suggestions", "the warnings", "{n2} variants", "their process", "each output", "a diary",
        "early drafts", "a first proposal", "generated outputs", "attribution", "an image's sources",
        "two prompts", "a score", "their sketches", "the labels", "a colleague's work"]
WHEN = ["during week one", "once novelty wore off", "near deadlines", "in the final session",
        "without being prompted", "after seeing the audit", "at {setting}", "when working alone",
        "in {held} of {m} conditions", "more than we anticipated", "after {minutes} minutes",
        "with a {n2}-point scale", "in about {few} of ten cases"]


def _fill(template: str, slots: dict) -> str:
    text = template.format(**slots)
    return text[0].upper() + text[1:]


def _built(rng: random.Random, count: int, slots: dict, *parts: list[str]) -> str:
    """`count` sentences, each one phrase from every list, slots filled per sentence."""
    sentences = []
    for _ in range(count):
        local = {**slots, "n2": rng.randint(3, 15), "few": rng.randint(1, 9),
                 "minutes": rng.choice([20, 30, 45, 60, 90]), "setting": rng.choice(SETTINGS)}
        sentences.append(_fill(" ".join(rng.choice(part) for part in parts) + ".", local))
    return " ".join(sentences)


def _paper_slots(rng: random.Random, subject: str, method: str, finding: str, other: str) -> dict:
    m = rng.randint(2, 6)
    return {
        "subject": subject, "Subject": subject[0].upper() + subject[1:], "method": method, "finding": finding,
        "other": other, "community": rng.choice(COMMUNITIES), "setting": rng.choice(SETTINGS),
        "model": rng.choice(MODELS), "n": rng.randint(8, 40), "k": rng.randint(2, 12), "m": m,
        "weeks": rng.randint(2, 10), "held": rng.randint(1, m),
    }


def paper(index: int, rng: random.Random) -> DemoWork:
    t = index % len(THEMES)
    subject, method, finding = THEMES[t]
    other = (t + 1 + rng.randrange(len(THEMES) - 1)) % len(THEMES)
    slots = _paper_slots(rng, subject, method, finding, THEMES[other][0])
    title = rng.choice([f"Rethinking {subject}", f"What {method} reveals about {subject}",
                        f"Towards {subject} that {slots['community']} trust",
                        f"{slots['Subject']}: a study with {slots['community']}",
                        f"{slots['Subject']} at {slots['setting']}"])
    abstract = " ".join([_fill(rng.choice(OPENINGS), slots), _fill(rng.choice(CONTRIBUTIONS), slots),
                         _fill(rng.choice(FINDINGS), slots), _built(rng, 2, slots, WHO, HOW, DID, WHAT, WHEN),
                         _fill(rng.choice(CLOSINGS), slots)])
    sections = [("Introduction", abstract), ("Method", _built(rng, 8, slots, WHO, HOW, DID, WHAT, WHEN)),
                ("Results", _built(rng, 8, slots, WHO, HOW, DID, WHAT, WHEN)),
                ("Discussion", _built(rng, 5, slots, WHO, HOW, DID, WHAT, WHEN))]
    body = "\n\n".join(f"{h}\n{text}" for h, text in sections)
    ai = rng.choice(["none", "none", "assisted"])
    return DemoWork(index, False, title, abstract, ", ".join(subject.split()[:2] + method.split()[-2:]),
                    tuple(sorted({t, other})), "", "", body, _coauthors(rng, index), ai,
                    "A language model suggested wording in the related-work section; all text was checked by us." if ai != "none" else "",
                    rng.choice(["talk", "poster", "either"]))


MAKERS = ["the {tool}", "each visitor", "the performer", "my collaborator", "the audience", "a second {tool}",
          "the archive", "every print", "the score", "the camera"]
DOINGS = ["answers", "forgets", "repeats", "interrupts", "imitates", "erases", "misreads", "slows down",
          "keeps", "hums"]
OBJECTS = ["the first draft", "a borrowed voice", "what came before", "the missing faces", "its own errors",
           "a line of text", "the hand-made marks", "an old photograph", "the silence", "a childhood song"]
ENDINGS = ["until dawn", "in {place}", "for {months} months", "one frame at a time", "without a plan",
           "while we watch", "on a long wall", "through headphones", "in the dark", "at every showing"]
TOOLS = ["model", "generator", "machine", "network", "system"]
PLACES_MADE = ["Lagos", "Lisbon", "Helsinki", "Bogotá", "Seoul", "a village hall", "Montréal"]


def creative(index: int, rng: random.Random) -> DemoWork:
    title, media, line = CREATIVE[index % len(CREATIVE)]
    slots = {"tool": rng.choice(TOOLS), "months": rng.randint(2, 18), "place": rng.choice(PLACES_MADE)}
    statement = f"{line} {_built(rng, 4, slots, MAKERS, DOINGS, OBJECTS, ENDINGS)}"
    ai = "generated" if media in ("image", "audio") else "assisted"
    return DemoWork(index, True, title, line, "art, generative models, authorship",
                    (index % len(THEMES),), statement, media, statement, _coauthors(rng, index, most=1), ai,
                    "Parts of the piece were produced with an open image/audio model, then edited by hand.",
                    rng.choice(["poster", "either", "talk"]))


def _coauthors(rng: random.Random, index: int, most: int = 3) -> tuple[DemoPerson, ...]:
    return tuple(person(rng, index * 10 + k) for k in range(rng.randint(0, most) + 1))


def works(papers: int = 28, creative_works: int = 12, seed: int = 2024) -> list[DemoWork]:
    """The demo's works; each draws from its own generator, seeded by `seed` and its index."""
    out = [paper(i, random.Random(seed * 1000 + i)) for i in range(papers)]
    out += [creative(papers + i, random.Random(seed * 1000 + papers + i)) for i in range(creative_works)]
    return out
