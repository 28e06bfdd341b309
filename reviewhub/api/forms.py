from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from reviewhub.forms import strip


class TokenForm(FlaskForm):
    name = StringField("Name", filters=[strip], validators=[DataRequired(), Length(max=100)])
    expires_on = DateField("Expires on", validators=[DataRequired(message="Give a date (YYYY-MM-DD).")])
    event = SelectField("Events", choices=[("", "All my events")], default="")
    can_write = BooleanField("Read and write (else read only)")
