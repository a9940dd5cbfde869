"""The builder's forms: the year's counts, the narrative, the publication date."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ...report.catalog import SECTIONS
from .models import YearCounts

NARRATIVE = ("intro", "overview", "problems", "other")  # the sections written in words
NARRATIVE_LABELS = {"intro": "开头（编制依据、统计期限、联系方式）"} | {s.key: s.label for s in SECTIONS}


class CountsForm(forms.ModelForm):
    class Meta:
        model = YearCounts
        fields = ["licensing", "penalty", "coercion", "fees_10k_yuan"]


class TextsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in NARRATIVE:
            self.fields[key] = forms.CharField(label=NARRATIVE_LABELS[key], required=False,
                                               widget=forms.Textarea(attrs={"rows": 6}))


class LockForm(forms.Form):
    """The day the report is published: after its year, and not later than today."""

    published = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_published(self):
        day = self.cleaned_data["published"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError(f"发布日期不能晚于今天（{today}）")
        if self.year is not None and day.year <= self.year:
            raise forms.ValidationError(f"{self.year}年度的年报，发布日期应在 {self.year + 1} 年 1 月 1 日或以后")
        return day
