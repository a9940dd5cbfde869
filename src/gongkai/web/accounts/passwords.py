"""Password rules with Chinese messages (Django's own Chinese catalog leaves the
minimum-length message in English)."""

from django.contrib.auth.password_validation import MinimumLengthValidator


class MinimumLength(MinimumLengthValidator):
    """At least `min_length` characters that are not white space (ten spaces are no password)."""

    def validate(self, password, user=None):
        super().validate("".join(password.split()), user)

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个非空白字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个非空白字符。"


class Varied:
    """At least `distinct` different characters: “中中中中中中中中中中” and “1111111111a” pass
    the length and the common-password list, and are no password either. (Django's own
    validators — similarity to the user, the common-password list, all digits — apply too.)"""

    def __init__(self, distinct: int = 6):
        self.distinct = distinct

    def validate(self, password, user=None):
        from django.core.exceptions import ValidationError

        if len(set("".join(password.split()))) < self.distinct:
            raise ValidationError(self.get_help_text(), code="password_too_uniform")

    def get_help_text(self):
        return f"密码过于单一，至少需要 {self.distinct} 个不同的字符。"
