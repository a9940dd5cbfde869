"""帮助: the manual's page for each role, open without a login, each screenshot it shows
present among the platform's static files."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from gongkai.web.help.views import ROLES

pytestmark = pytest.mark.django_db


def test_the_manual_has_a_page_for_each_role_and_every_picture_it_shows(client):
    index = client.get(reverse("help:index")).content.decode()
    assert [m for m in re.findall(r'<li><a href="/help/(\w+)/">', index)] == list(ROLES)
    pictures = 0
    for name, (title, _) in ROLES.items():
        response = client.get(reverse("help:role", args=[name]))
        page = response.content.decode()
        assert response.status_code == 200 and f"<h1>{title}使用手册</h1>" in page
        for src in re.findall(r'<img src="/static/(help/[\w-]+\.png)"', page):
            assert finders.find(src), src
            pictures += 1
    assert pictures == 21  # every screenshot scripts/manual-screenshots takes
    assert client.get(reverse("help:role", args=["nobody"])).status_code == 404
