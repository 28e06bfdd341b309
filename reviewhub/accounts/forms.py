"""Account forms."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from reviewhub.forms import strip

PASSWORD_RULES = [DataRequired(), Length(min=10, max=200, message="Use 10 to 200 characters.")]


class RegisterForm(FlaskForm):
    name = StringField("Full name", [DataRequired(), Length(max=200)], filters=[strip])
    email = EmailField("Email", [DataRequired(), Email(), Length(max=254)], filters=[strip])
    affiliation = StringField("Affiliation", [Length(max=200)], filters=[strip])
    password = PasswordField("Password", PASSWORD_RULES)
    password_again = PasswordField(
        "Password again", [DataRequired(), EqualTo("password", message="The passwords differ.")]
    )


class LoginForm(FlaskForm):
    email = EmailField("Email", [DataRequired(), Length(max=254)], filters=[strip])
    password = PasswordField("Password", [DataRequired(), Length(max=200)])


class ResetRequestForm(FlaskForm):
    email = EmailField("Email", [DataRequired(), Email(), Length(max=254)], filters=[strip])


class ResetForm(FlaskForm):
    password = PasswordField("New password", PASSWORD_RULES)
    password_again = PasswordField(
        "New password again", [DataRequired(), EqualTo("password", message="The passwords differ.")]
    )


class ProfileEditForm(FlaskForm):
    name = StringField("Full name", [DataRequired(), Length(max=200)], filters=[strip])
    affiliation = StringField("Affiliation", [Length(max=200)], filters=[strip])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField("Current password", [DataRequired(), Length(max=200)])
    password = PasswordField("New password", PASSWORD_RULES)
    password_again = PasswordField(
        "New password again", [DataRequired(), EqualTo("password", message="The passwords differ.")]
    )


class TwoFactorCodeForm(FlaskForm):
    code = StringField("Code", [DataRequired(), Length(max=40)], filters=[strip],
                       description="The 6 digits your authenticator app shows, or a recovery code.",
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text"})


class TwoFactorDisableForm(FlaskForm):
    password = PasswordField("Current password", [DataRequired(), Length(max=200)])
    code = StringField("Code", [DataRequired(), Length(max=40)], filters=[strip],
                       description="From your authenticator app, or a recovery code.",
                       render_kw={"autocomplete": "one-time-code"})
