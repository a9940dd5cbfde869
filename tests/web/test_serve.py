"""Setting up a fresh data directory the way `gongkai serve` does, and issuing an API
token from the command line — each in its own process, as a user runs them."""

import os
import subprocess
import sys

import pytest
from helpers import postgres_database, postgres_reachable

CHECK = """
from gongkai.web import setup; setup()
from django.contrib.auth.models import User
from gongkai.web.accounts.models import ApiToken
import sys
admin = User.objects.get(username="admin")
print(admin.is_superuser, admin.check_password("s3cret-pass-2026"),
      ApiToken.objects.filter(digest=ApiToken.hash(sys.argv[1]), user=admin, name="脚本").count())
"""


def run(args, data, **env):
    full = {**os.environ, "GONGKAI_DATA": str(data), **env}
    full.pop("GONGKAI_DATABASE_URL", None)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=full, timeout=120)


def test_fresh_data_directory_admin_and_api_token(tmp_path):
    data = tmp_path / "data"
    setup = run(["-c", "from gongkai.web.serve import prepare; print(prepare())"], data,
                GONGKAI_ADMIN_PASSWORD="s3cret-pass-2026")
    assert setup.returncode == 0, setup.stderr
    assert setup.stdout.strip() == "None"  # the password was given, so nothing is shown
    assert (data / "gongkai.sqlite3").exists()

    missing = run(["-m", "gongkai.cli", "token", "nobody"], data)
    assert missing.returncode == 2
    assert missing.stderr.strip() == "gongkai: 没有用户“nobody”（no such user）"

    issued = run(["-m", "gongkai.cli", "token", "admin", "--name", "脚本"], data)
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.splitlines()[1]
    assert len(token) == 43
    checked = run(["-c", CHECK, token], data)
    assert checked.stdout.split() == ["True", "True", "1"], checked.stderr


def test_without_a_password_one_is_generated_and_shown_once(tmp_path):
    data = tmp_path / "data"
    code = "from gongkai.web.serve import prepare; print(prepare()); print(prepare())"
    env = {k: v for k, v in os.environ.items() if k != "GONGKAI_ADMIN_PASSWORD"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**env, "GONGKAI_DATA": str(data)})
    first, second = out.stdout.split()
    assert len(first) == 16 and second == "None"


SERVE_NO_LISTEN = """
import sys
import gongkai.web.serve as s
s.serve = lambda *a, **k: None  # everything but the listening
from gongkai.cli import main
sys.exit(main(["serve", "--host", "0.0.0.0", "--port", "8123"]))
"""


def test_listening_everywhere_prints_an_address_that_works_and_names_gongkai_hosts(tmp_path):
    out = run(["-c", SERVE_NO_LISTEN], tmp_path / "data", GONGKAI_ADMIN_PASSWORD="s3cret-pass-2026")
    assert out.returncode == 0, out.stderr
    assert ("正在所有网络接口上监听。本机请打开 http://127.0.0.1:8123/ ；其他电脑访问前，请把本机的地址或域名写入环境变量 "
            "GONGKAI_HOSTS（逗号分隔），否则会被拒绝（按 Ctrl+C 停止）") in out.stdout
    named = run(["-c", SERVE_NO_LISTEN], tmp_path / "data", GONGKAI_HOSTS="gk.example.gov.cn")
    assert "其他电脑请打开 http://gk.example.gov.cn:8123/" in named.stdout


SERVE = """
import sys
from gongkai.web.serve import prepare, serve
prepare()
serve(port=int(sys.argv[1]), workers=3)
"""


@pytest.mark.skipif(not postgres_reachable(), reason="no PostgreSQL on 127.0.0.1:5432")
def test_each_worker_keeps_a_database_connection_of_its_own(tmp_path):
    """The workers keep their database connection between requests: each opens its own
    after the fork, never the one the serving process used to prepare — which, shared by
    three processes, mixed their answers up (wrong rows, hung requests)."""
    import json
    import socket
    import time
    import urllib.error
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def call(i):
        path = ("/api/reports", "/api/cases", "/login/")[i % 3]
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read().decode()
            return response.status, json.loads(body) if path.startswith("/api/") else "登录" in body

    with postgres_database(f"gongkai_serve_{os.getpid()}") as url:
        env = {**os.environ, "GONGKAI_DATA": str(tmp_path / "data"), "GONGKAI_ADMIN_PASSWORD": "s3cret-pass-2026",
               "GONGKAI_DATABASE_URL": url}
        server = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            token = subprocess.run([sys.executable, "-m", "gongkai.cli", "token", "admin"], env=env,
                                   capture_output=True, text=True, timeout=120).stdout.splitlines()[1]
            with ThreadPoolExecutor(12) as pool:
                answers = list(pool.map(call, range(240)))
            assert answers == [(200, ([], [], True)[i % 3]) for i in range(240)]
            api_check = urllib.request.Request(f"http://127.0.0.1:{port}/api/check", method="POST",
                                               headers={"Authorization": f"Bearer {token}",
                                                        "Content-Type": "multipart/form-data; boundary=b"},
                                               data=b'--b\r\nContent-Disposition: form-data; name="file"; '
                                                    b'filename="a.txt"\r\n\r\nnot a report\r\n--b--\r\n')
            try:  # read in a sandbox worker: refused, in one line
                urllib.request.urlopen(api_check, timeout=30)
            except urllib.error.HTTPError as err:
                assert err.code == 422
        finally:
            server.terminate()
            server.wait(20)
        time.sleep(1)
        with socket.socket() as again:  # stopped, no one listens on its port: no sandbox worker holds it
            again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # (its closed connections may linger)
            again.bind(("127.0.0.1", port))
            again.listen()
