"""The seed workshop as data: the content of its public page (shared/seed/...md)."""

SLUG = "genai-creativity-2024"
NAME = "NeurIPS 2024 Workshop on Generative AI and Creativity"
SHORT_NAME = "GenAI & Creativity 2024"
TAGLINE = "A dialogue between machine learning researchers and creative professionals"
VENUE = "NeurIPS 2024, Vancouver Convention Center"
TIMEZONE = "America/Vancouver"
CONTACT = "creativity.ai.neurips@gmail.com"

DESCRIPTION = """\
Welcome to the **Generative AI and Creativity** workshop at NeurIPS 2024!
This workshop aims to bridge the gap between AI researchers and creative professionals, fostering mutual understanding and collaboration to address the impact of generative AI on creative fields.

The rapid advancement of generative AI technology has significantly affected various creative professions, from writing and visual art to music and performing arts. High-profile events such as the New York Times lawsuit against OpenAI and the Writers Guild of America and SAG-AFTRA strike against Hollywood highlight the disconnect between AI developers and creative professionals. This workshop seeks to address this disconnect by fostering dialogue and collaboration between these communities.
The transformative potential of generative AI will only be fully realized when AI researchers gain a deeper understanding of the creative processes of human artists and develop constructive partnerships based on that understanding. This workshop aims to create such connections.
"""

# The seed page's text after the description: the topic list follows the paragraph ending in
# a colon (events/page.py split_call), the invitation to creative submissions after it.
CALL = """\
The workshop will cover a broad range of topics, including:

We also invite creative submissions that critically engage with the use of AI in creative endeavors. The work can be generated with or without AI tools and can be "proof-of-concept". We seek work that sparks conversation about our relationship with AI and shows new ways of collaborating creatively with AI.
"""

TOPICS = [
    "Design of interactive, human-in-the-loop generative AI systems",
    "Detection of plagiarism and copying in image and text generation",
    "Tools to protect content creators from unwanted training",
    "Representational biases in training data and their effects",
    "Detection of AI-generated content and methods of evading detection",
    'Benchmarking "creativity" in generative AI systems',
    "Theories of data governance, provenance, and leverage",
    "Proposals for data licensing for AI training, especially for creative applications",
]

KEYNOTES = [
    {
        "name": "Anna Huang",
        "position_title": "Research Scientist",
        "affiliation": "Google DeepMind",
        "link": "https://czhuang.github.io/",
        "photo": "anna_huang",
        "bio_md": (
            "is currently a Research Scientist at Magenta in Google DeepMind, focusing on generative "
            "models and human-AI partnerships in music creation. She created the ML model Coconet, "
            "which powered Google's first AI Doodle, the Bach Doodle, harmonizing 55 million melodies "
            "in two days. In 2018, she developed Music Transformer, a pioneering model for generating "
            "music with long-term structure, and the first successful adaptation of the transformer "
            "architecture to music. Her ICLR paper on Music Transformer is the most cited in music "
            "generation. She holds a Canada CIFAR AI Chair at Mila and serves as an adjunct professor "
            "at the University of Montreal. She has been involved in the AI Song Contest as a judge and "
            "organizer from 2020-2022. Her research interests include designing generative AI with an "
            "interaction-driven approach to enhance how we understand, learn, and create music. She "
            "collaborates with musicians to tailor AI systems to their creative practices, focusing on "
            "interpretability, explainability, and social reinforcement learning. She envisions "
            "interactive systems where musicians and AI can co-create, fostering creativity through "
            "interaction rather than imitation."
        ),
    },
]

PANELISTS: list[dict] = []  # "TBD" on the seed page

ORGANIZERS = [
    {"name": "Yaim Cooper"},
    {"name": "Holden Lee"},
    {
        "name": "Hugo Berard (He/Him)",
        "position_title": "Postdoc",
        "affiliation": "Chaire UNESCO en Paysage Urbain, Université de Montréal",
        "link": "https://unesco-studio.umontreal.ca/team/hugo_berard.html",
        "photo": "hugo_berard",
    },
]

# Above the schedule while it is tentative (the demo releases it with this note).
SCHEDULE_NOTE = "The following schedule is tentative and will be confirmed closer to the workshop:"

# The planned day (the seed's tentative schedule), local times in TIMEZONE.
DAY = [
    ("9:00", "9:15", "intro", "Intro"),
    ("9:15", "9:45", "invited_talk", "Invited Talk 1"),
    ("9:45", "10:15", "invited_talk", "Invited Talk 2"),
    ("10:15", "10:45", "conversation", "In Conversation"),
    ("10:45", "11:00", "break", "Coffee Break"),
    ("11:00", "11:15", "contributed_talk", "Contributed Talk 1"),
    ("11:15", "11:30", "contributed_talk", "Contributed Talk 2"),
    ("11:30", "11:45", "contributed_talk", "Contributed Talk 3"),
    ("11:45", "12:00", "contributed_talk", "Contributed Talk 4"),
    ("12:00", "14:00", "poster_session", "Lunch Break & Poster Session"),
    ("14:00", "14:30", "invited_talk", "Invited Talk 3"),
    ("14:30", "15:00", "invited_talk", "Invited Talk 4"),
    ("15:00", "15:30", "invited_talk", "Invited Talk 5"),
    ("15:30", "16:00", "break", "Coffee Break"),
    ("16:00", "17:00", "panel", "Panel Discussion"),
    ("17:00", "18:00", "round_table", "Round Table Discussions"),
]
