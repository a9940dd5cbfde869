"""The web's house rules, read from its code: one door into the library (`load.py`,
never `extract` or `ingest`), no private name imported across modules, and what one app
needs of another taken from that app's `services` (or its `models`, for relations)."""

from __future__ import annotations

import ast
import pathlib

WEB = pathlib.Path(__file__).resolve().parents[2] / "src" / "gongkai" / "web"
APPS = sorted(p.name for p in WEB.iterdir() if (p / "apps.py").exists())


def imports():
    """(file, module imported as an absolute dotted name, names) for every import in web/."""
    for path in sorted(WEB.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        package = ["gongkai", "web"] + list(path.relative_to(WEB).parent.parts)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package[:len(package) - node.level + 1] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                yield path.relative_to(WEB), module, [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield path.relative_to(WEB), alias.name, []


def test_the_web_reads_files_only_through_load():
    found = [(str(f), m) for f, m, _ in imports() if m.split(".")[:2] in (["gongkai", "extract"], ["gongkai", "ingest"])]
    assert found == []


def test_no_private_name_is_imported_across_modules():
    found = [(str(f), m, n) for f, m, names in imports() for n in names if n.startswith("_") and n != "__future__"]
    assert found == []


def test_an_app_takes_what_it_needs_of_another_from_its_services():
    assert APPS == ["accounts", "agencies", "audit", "builder", "help", "register", "reports", "supervision"]
    found = []
    for f, module, _ in imports():
        parts = module.split(".")
        own = f.parts[0] if len(f.parts) > 1 else None  # the project's own modules mount the apps' urls and APIs
        if own is None or parts[:2] != ["gongkai", "web"] or len(parts) < 4 or parts[2] == own \
                or parts[2] not in APPS:
            continue
        allowed = {"services", "models"} | ({"admin"} if f.name == "admin.py" else set())
        if parts[3] not in allowed:
            found.append((str(f), module))
    assert found == []


def test_every_model_change_has_its_migration(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits non-zero when one is missing
