"""The register's, the races' and the accounts' tests again, on PostgreSQL (the
production database). They run in a subprocess because Django binds one database per
process."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest
from helpers import postgres_reachable

ROOT = pathlib.Path(__file__).resolve().parents[2]
PASSED = 15 + 8 + 22  # the register's services, the races, the accounts
URL = os.environ.get("GONGKAI_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/gongkai")


@pytest.mark.skipif(not postgres_reachable(), reason="no PostgreSQL on 127.0.0.1:5432 (make test starts it where installed)")
def test_the_register_on_postgresql():
    env = {**os.environ, "GONGKAI_DATABASE_URL": URL}
    proc = subprocess.run([sys.executable, "-m", "pytest", "tests/web/test_register_services.py", "tests/web/test_races.py",
                           "tests/web/test_accounts.py", "-p", "no:cacheprovider"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert proc.stdout.splitlines()[-1].startswith(f"{PASSED} passed")
