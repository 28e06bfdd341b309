from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms.validators import InputRequired

from reviewhub.publications.formats import MAX_BYTES


class UploadForm(FlaskForm):
    file = FileField("Publication list", [InputRequired("Choose a file.")],
                     description="BibTeX (.bib, also from DBLP or Google Scholar), DBLP XML, or the JSON "
                                 "export of ORCID works, Semantic Scholar papers or OpenReview notes.")

    def data_bytes(self) -> bytes:
        return self.file.data.read(MAX_BYTES + 1)


class ConfirmForm(FlaskForm):
    pass
