"""gongkai collect against a government-style site the test serves on 127.0.0.1:
listing pages in GBK with 下一页, a report page with an attachment, robots.txt."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongkai.batch import run_batch
from gongkai.batch.collect import collect
from gongkai.cli import main
from gongkai.render.html import render_html
from gongkai.render.text import TextStyle, render_text
from gongkai.report.sample import sample_report

LISTING = """<html><head><meta charset="gbk"><title>政府信息公开年报</title></head><body>
<ul>
<li><a href="/ndbg/2024/t1.html">杭州市财政局2023年政府信息公开工作年度报告</a></li>
<li><a href="../files/r2022.txt">杭州市财政局2022年度报告</a></li>
<li><a href="/ndbg/notice.html">关于开展政务公开培训的通知</a></li>
<li><a href="/private/r2021.txt">2021年年报</a></li>
<li><a href="http://example.invalid/ndbg.html">其他网站的年度报告</a></li>
</ul>
<div class="page"><a href="index_1.html">下一页</a></div>
</body></html>"""

LISTING_2 = """<html><head><meta charset="gbk"></head><body>
<a href="/files/r2020.txt">杭州市财政局2020年政府信息公开年报</a>
<a href="index.html">1</a> <a href="index.html">上一页</a>
</body></html>"""


def site(tmp_path):
    def text(seed, year):
        return render_text(sample_report(seed, year=year, agency="杭州市财政局"), TextStyle(shape="tabbed")).encode()
    article = render_html(sample_report(5, year=2023, agency="杭州市财政局")).replace(
        "</body>", '<p>附件：<a href="/files/t1.pdf">年报PDF版</a></p></body>')
    return {
        "/robots.txt": b"User-agent: *\nDisallow: /private/\n",
        "/ndbg/index.html": LISTING.encode("gbk"),
        "/ndbg/index_1.html": LISTING_2.encode("gbk"),
        "/ndbg/2024/t1.html": article.encode("utf-8"),
        "/files/t1.pdf": b"%PDF-1.4\n% a stand-in\n",
        "/files/r2022.txt": text(6, 2022),
        "/files/r2020.txt": text(7, 2021),
        "/ndbg/notice.html": b"<html><body>notice</body></html>",
        "/private/r2021.txt": b"secret",
    }


def _reply(handler, body: bytes | None) -> None:
    if body is None:
        handler.send_error(404)
        return
    handler.send_response(200)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def server(tmp_path):
    pages, log = site(tmp_path), []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            log.append((time.monotonic(), self.path))
            _reply(self, pages.get(self.path))

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", log
    httpd.shutdown()


def test_collect_follows_listings_obeys_robots_waits_and_resumes(server, tmp_path):
    base, log = server
    out = tmp_path / "下载"
    result = collect(f"{base}/ndbg/index.html", str(out), delay=0.2, report=lambda _: None)
    assert result.listing_pages == 2
    assert sorted(p.rsplit("/", 1)[-1] for p in result.downloaded) == [
        "年报PDF版.pdf", "杭州市财政局2020年政府信息公开年报.txt", "杭州市财政局2022年度报告.txt",
        "杭州市财政局2023年政府信息公开工作年度报告.html"]
    assert result.refused == [f"{base}/private/r2021.txt"]
    paths = [p for _, p in log]
    assert paths == ["/robots.txt", "/ndbg/index.html", "/ndbg/2024/t1.html", "/files/t1.pdf", "/files/r2022.txt",
                     "/ndbg/index_1.html", "/files/r2020.txt"]
    gaps = [b - a for (a, _), (b, _) in zip(log, log[1:])]
    assert min(gaps) >= 0.2 - 0.005
    log.clear()
    again = collect(f"{base}/ndbg/index.html", str(out), delay=0.01, report=lambda _: None)
    assert (again.downloaded, again.known) == ([], 3)  # the report page stands for its attachment
    assert [p for _, p in log] == ["/robots.txt", "/ndbg/index.html", "/ndbg/index_1.html"]
    summary = run_batch([str(out)], str(tmp_path / "结果"))
    assert (summary.read, summary.failed) == (3, 1)  # the stand-in PDF is not a PDF


def test_collect_command_reports_an_unreachable_site_and_a_forbidden_start(server, tmp_path, capsys):
    base, _ = server
    assert main(["collect", f"{base}/missing.html", "--out", str(tmp_path / "a"), "--delay", "0"]) == 2
    assert "无法读取列表页" in capsys.readouterr().err
    assert main(["collect", f"{base}/private/list.html", "--out", str(tmp_path / "b"), "--delay", "0"]) == 2
    assert "robots.txt 不允许抓取此页" in capsys.readouterr().err
    assert main(["collect", "ftp://x/y", "--out", str(tmp_path / "c")]) == 2
    assert "请给出以 http:// 或 https:// 开头的网址" in capsys.readouterr().err


@pytest.fixture
def hostile():
    """A site that redirects off itself and into what its robots.txt forbids, links a
    Chinese file name, and drips its robots.txt a byte at a time on demand."""
    state = {"drip": False, "big": False, "drip_headers": False}
    log = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            log.append(self.path)
            port = self.server.server_address[1]
            if state["drip_headers"]:  # the status line and headers a byte at a time, for ever
                try:
                    for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 10_000:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.2)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            if self.path == "/robots.txt":
                body = b"User-agent: *\nDisallow: /private/\n" + (b"# padding\n" * 400_000 if state["big"] else b"")
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if state["drip"]:
                    try:
                        for byte in body[:40]:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(0.3)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client gave up, as it should
                    return
                self.wfile.write(body)
                return
            moves = {"/go/away": f"http://localhost:{port}/elsewhere.txt", "/go/private": "/private/secret.txt"}
            if self.path in moves:
                self.send_response(302)
                self.send_header("Location", moves[self.path])
                self.end_headers()
                return
            long_title = "杭州市财政局关于" + "政府信息公开工作" * 30 + "的年度报告"
            pages = {
                "/list.html": ('<html><body><a href="/go/away">2023年年报</a><a href="/go/private">2022年年报</a>'
                               '<a href="/files/杭州2021年年报.txt">2021年年报</a></body></html>').encode("utf-8"),
                "/files/%E6%9D%AD%E5%B7%9E2021%E5%B9%B4%E5%B9%B4%E6%8A%A5.txt": "杭州市2021年年报".encode("utf-8"),
                "/odd.html": ('<html><body><a href="/files/a%00b.txt">2020年年报</a>'
                              f'<a href="/files/long.txt">{long_title}</a>'
                              f'<a href="http://127.0.0.1:{port}//private/s1.txt">2019年年报</a>'
                              '<a href="/./private/s2.txt">2018年年报</a>'
                              '<a href="/files/../private/s3.txt">2017年年报</a>'
                              '<a href="/%70rivate/s4.txt">2016年年报</a></body></html>').encode("utf-8"),
                "/files/a%00b.txt": "2020年年报".encode("utf-8"),
                "/files/long.txt": "长标题的年报".encode("utf-8"),
            }
            _reply(self, pages.get(self.path))

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", state, log
    httpd.shutdown()


def test_collect_stays_on_the_site_and_out_of_forbidden_paths(hostile, tmp_path):
    base, _, log = hostile
    result = collect(f"{base}/list.html", str(tmp_path / "out"), delay=0, report=lambda _: None)
    assert [p.rsplit("/", 1)[-1] for p in result.downloaded] == ["2021年年报.txt"]  # the Chinese path, percent-encoded
    reasons = sorted(why for _, why in result.failed)
    assert reasons == ["重定向到 robots.txt 禁止的地址，未跟随（redirect into a robots-forbidden path）",
                       f"重定向到其他网站，未跟随（redirect off the site: http://localhost:{base.rsplit(':', 1)[1]}/elsewhere.txt）"]
    assert "/private/secret.txt" not in log and "/elsewhere.txt" not in log


def test_a_robots_txt_dripped_or_huge_is_cut_off(hostile):
    from gongkai.batch.collect import ROBOTS_MAX, Fetcher

    base, state, _ = hostile
    state["big"] = True
    fetcher = Fetcher(f"{base}/list.html", delay=0, timeout=5)
    assert not fetcher.allowed(f"{base}/private/x.txt")  # the rules at its head are read, the rest cut at ROBOTS_MAX
    assert ROBOTS_MAX == 512 * 1024
    state["big"], state["drip"] = False, True
    started = time.monotonic()
    fetcher = Fetcher(f"{base}/list.html", delay=0, timeout=1)
    assert fetcher.robots.allow_all  # no robots.txt to be had in time: nothing forbidden, and no hang
    assert time.monotonic() - started < 8


def test_odd_links_neither_stop_the_run_nor_dodge_robots(hostile, tmp_path):
    """A NUL in a link, a link title longer than a file name may be, and a forbidden path
    spelled //private/, /./private/, /files/../private/ or /%70rivate/: the files are saved
    under names the file system takes, and nothing forbidden is fetched."""
    base, _, log = hostile
    result = collect(f"{base}/odd.html", str(tmp_path / "out"), delay=0, report=lambda _: None)
    names = sorted(p.rsplit("/", 1)[-1] for p in result.downloaded)
    assert names[0] == "2020年年报.txt" and names[1].startswith("杭州市财政局关于政府信息公开工作")
    assert len(names[1].encode("utf-8")) <= 255 and names[1].endswith(".txt")
    assert sorted(u.rsplit("/", 1)[-1] for u in result.refused) == ["s1.txt", "s2.txt", "s3.txt", "s4.txt"]
    assert not any("private" in p or "rivate" in p for p in log[1:])


def test_a_server_that_drips_its_headers_is_cut_off(hostile, tmp_path):
    from gongkai.batch.collect import CollectError, Fetcher

    base, state, _ = hostile
    fetcher = Fetcher(f"{base}/list.html", delay=0, timeout=1)
    state["drip_headers"] = True
    started = time.monotonic()
    with pytest.raises(CollectError, match="响应过慢，已超时"):
        fetcher.get(f"{base}/list.html")
    assert time.monotonic() - started < 5
    started = time.monotonic()
    Fetcher(f"{base}/list.html", delay=0, timeout=1)  # robots.txt dripped as well: not had, and no hang
    assert time.monotonic() - started < 5
