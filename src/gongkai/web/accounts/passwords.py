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
