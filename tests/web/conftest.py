"""The web's fixtures: a city office supervising one agency, another city's agency, and
an officer of each and the supervisor; uploads kept in the test's own folder."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from helpers import person

from gongkai.web.agencies.models import Agency


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    cache.clear()


@pytest.fixture
def world(db):
    city = Agency(name="泉州市人民政府办公室")
    city.save()
    a = Agency(name="泉州市科学技术局", parent=city)
    a.save()
    b = Agency(name="台州市科技局")
    b.save()
    return {"city": city, "a": a, "b": b, "officer_a": person("a1", a, "officer"), "officer_b": person("b1", b, "officer"),
            "supervisor": person("sup", city, "supervisor")}


@pytest.fixture
def today(monkeypatch):
    """Pin the agency's day (timezone.localdate) for a scenario told on fixed dates, so
    that it holds whatever day the tests run on: today(date(2027, 1, 20))."""
    from django.utils import timezone

    def pin(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day
    return pin
