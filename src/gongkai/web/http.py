"""What every app's views share: a download, a form's errors in one line."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse


def attachment(body: bytes, kind: str, name: str) -> HttpResponse:
    """`body` as a file to save, named `name` (UTF-8, any language)."""
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def form_errors(form) -> str:
    """A form's errors as one message: 字段：原因；字段：原因."""
    return "；".join(f"{form.fields[k].label if k in form.fields else ''}：{' '.join(v)}"
                    for k, v in form.errors.items())
