"""Form pieces shared by every domain: stripping, length limits, local date-times."""

from datetime import datetime

from wtforms import DateTimeLocalField, SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


def strip(value):
    return value.strip() if isinstance(value, str) else value


class LocalDateTimeField(DateTimeLocalField):
    """A date-time typed in the event's zone (the view converts with timeutil.from_local)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Enter a date and time like 2024-09-15T23:59.") from error


def not_in_past_year_range(form, field):
    if isinstance(field.data, datetime) and not 1990 <= field.data.year <= 2200:
        raise ValidationError("Enter a year between 1990 and 2200.")


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
