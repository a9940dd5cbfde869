"""`gongkai collect URL`: follow a government site's 年报 listing pages and download the
reports they link, for `gongkai batch`.

- Links are taken as reports by their text or address (年度报告, 年报); listing pages
  are followed by their 下一页/page-number links, on the same site only.
- An article page that is itself the report is kept, with the documents it attaches
  (PDF, DOCX, …).
- robots.txt is obeyed (its Crawl-delay too); requests are at least `delay` seconds
  apart; files are written whole (never half a file).
- Resumable: OUT/.collect.jsonl records every address fetched; a second run fetches
  only the listing pages again and what is new.
"""

from __future__ import annotations

import http.client
import json
import os
import posixpath
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .. import __version__
from ..errors import GongkaiError
from ..files import safe_name
from ..ingest.html import decode_html
from .inputs import MAX_SIZE

USER_AGENT = f"gongkai-collect/{__version__}"
REPORT_WORDS = ("年度报告", "年报")
NEXT_WORDS = ("下一页", "下页", "后一页", "后页", "›", "»", ">")
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".wps", ".txt", ".zip", ".rtf")
PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".jhtml", ".xhtml", "/", "")


class CollectError(GongkaiError):
    code = "collect"


@dataclass
class Collected:
    listing_pages: int = 0
    downloaded: list[str] = field(default_factory=list)  # files written this run
    known: int = 0  # fetched in an earlier run
    refused: list[str] = field(default_factory=list)  # addresses robots.txt forbids
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, why)


ROBOTS_MAX = 512 * 1024  # robots.txt is read this far at most (as the big crawlers do)


def quoted(url: str) -> str:
    """The address as it goes on the wire: Chinese and other non-ASCII characters in its
    path or query percent-encoded (as a browser sends them), the rest left as it is."""
    return urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~")


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed on the same site only, and never into what robots.txt
    forbids: a redirect is a request too."""

    def __init__(self, fetcher: "Fetcher"):
        self.fetcher = fetcher

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not self.fetcher.same_site(newurl):
            raise CollectError(f"重定向到其他网站，未跟随（redirect off the site: {newurl[:120]}）")
        if not self.fetcher.allowed(newurl):
            raise CollectError("重定向到 robots.txt 禁止的地址，未跟随（redirect into a robots-forbidden path）")
        return super().redirect_request(req, fp, code, msg, headers, quoted(newurl))


class Fetcher:
    """One site's polite client: robots.txt, a delay between requests, a size limit, a
    time limit for each whole response (a server that drips bytes is cut off), and
    redirects kept on the site."""

    def __init__(self, start: str, delay: float, timeout: float = 30):
        self.delay, self.timeout, self.last = delay, timeout, 0.0
        parts = urllib.parse.urlsplit(start)
        self.site = (parts.scheme, parts.netloc)
        self.opener = urllib.request.build_opener(_Redirects(self))
        self.robots = urllib.robotparser.RobotFileParser(f"{parts.scheme}://{parts.netloc}/robots.txt")
        self.robots.allow_all = True  # until read: the redirect handler asks it
        try:
            body, _ = self.get(self.robots.url, limit=ROBOTS_MAX, whole=False)
            self.robots.allow_all = False
            self.robots.parse(body.decode("utf-8", errors="replace").splitlines())
        except CollectError:
            self.robots.allow_all = True  # no robots.txt to be had: nothing forbidden
        self.last = time.monotonic()
        crawl_delay = self.robots.crawl_delay(USER_AGENT)
        if crawl_delay:
            self.delay = max(self.delay, float(crawl_delay))

    def same_site(self, url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        return (parts.scheme, parts.netloc) == self.site

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch `url` — also under the spelling a server
        resolves it to (// for /, /./, /a/../, percent-encoded letters): a rule is not
        dodged by writing its path another way."""
        parts = urllib.parse.urlsplit(url)
        path = urllib.parse.unquote(parts.path) or "/"
        normal = posixpath.normpath(re.sub(r"/{2,}", "/", path))
        if path.endswith("/") and not normal.endswith("/"):
            normal += "/"
        spelled = urllib.parse.urlunsplit(parts._replace(path=urllib.parse.quote(normal)))
        return self.robots.can_fetch(USER_AGENT, url) and self.robots.can_fetch(USER_AGENT, spelled)

    def _wait(self) -> None:
        gap = self.last + self.delay - time.monotonic()
        if gap > 0:
            time.sleep(gap)
        self.last = time.monotonic()

    def get(self, url: str, limit: int = MAX_SIZE, whole: bool = True) -> tuple[bytes, str]:
        """(body, final address). `whole=False` keeps the first `limit` bytes of a longer
        body instead of refusing it."""
        self._wait()
        deadline = time.monotonic() + self.timeout
        got: dict = {}

        def fetch() -> None:  # in a thread of its own: a server that drips its headers cannot hold us
            try:
                request = urllib.request.Request(quoted(url), headers={"User-Agent": USER_AGENT})
                with self.opener.open(request, timeout=self.timeout) as response:
                    got["final"] = response.geturl()
                    got["body"] = _read(response, limit + 1, deadline)
            except BaseException as err:  # handed to the caller's thread
                got["error"] = err

        worker = threading.Thread(target=fetch, daemon=True, name="gongkai-collect")
        worker.start()
        worker.join(self.timeout + 1)
        self.last = time.monotonic()
        if worker.is_alive():
            raise CollectError("响应过慢，已超时（response too slow）")
        err = got.get("error")
        if isinstance(err, CollectError):
            raise err
        if isinstance(err, urllib.error.HTTPError):
            raise CollectError(f"HTTP {err.code}") from err
        if isinstance(err, (urllib.error.URLError, OSError, ValueError, http.client.HTTPException)):
            raise CollectError(f"无法访问（{getattr(err, 'reason', err)}）") from err
        if err is not None:
            raise err
        final, body = got["final"], got["body"]
        if len(body) > limit:
            if whole:
                raise CollectError("文件过大（file too large）")
            body = body[:limit]
        return body, final


def _read(response, limit: int, deadline: float) -> bytes:
    """At most `limit` bytes, within the deadline for the whole body."""
    parts, size = [], 0
    while size < limit:
        if time.monotonic() > deadline:
            raise CollectError("响应过慢，已超时（response too slow）")
        piece = response.read1(min(65536, limit - size)) if hasattr(response, "read1") else response.read(
            min(65536, limit - size))
        if not piece:
            break
        parts.append(piece)
        size += len(piece)
    return b"".join(parts)


def links(html: bytes, base: str) -> list[tuple[str, str]]:
    """(absolute address without fragment, link text) of every <a href> on a page."""
    text, _ = decode_html(html)
    tree = HTMLParser(text)
    out = []
    for a in tree.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = urllib.parse.urldefrag(urllib.parse.urljoin(base, href))[0]
        out.append((url, " ".join((a.text(separator=" ") or a.attributes.get("title") or "").split())))
    return out


def _suffix(url: str) -> str:
    path = urllib.parse.urlsplit(url).path.lower()
    return os.path.splitext(path)[1] if "." in path.rsplit("/", 1)[-1] else ("/" if path.endswith("/") else "")


def is_report(url: str, text: str) -> bool:
    name = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    return any(w in text or w in name for w in REPORT_WORDS)


def is_next_page(url: str, text: str, listing: str) -> bool:
    """下一页 and page-number links of a listing, in the listing's own folder."""
    if not (text in NEXT_WORDS or text.isdigit() or re.fullmatch(r"第?\d+页", text)):
        return False
    here = urllib.parse.urlsplit(listing).path.rsplit("/", 1)[0]
    return urllib.parse.urlsplit(url).path.startswith(here + "/") and _suffix(url) in PAGE_SUFFIXES


def file_name(url: str, text: str, body: bytes) -> str:
    """A file name a person can read: the link text when it names the report, else
    the address's own name; the suffix from the content."""
    from ..ingest import detect
    try:
        form = detect(body[:8192])
    except GongkaiError:
        form = None
    suffix = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "text": ".txt"}.get(form or "", _suffix(url) or ".bin")
    stem = os.path.splitext(urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1]))[0]
    if any(w in text for w in REPORT_WORDS):
        stem = text
    return safe_name(stem) + (suffix if suffix.startswith(".") else ".html")


class Manifest:
    """OUT/.collect.jsonl: one line per address fetched (appended as it happens)."""

    def __init__(self, out: str):
        self.path = os.path.join(out, ".collect.jsonl")
        self.done: dict[str, dict] = {}
        if os.path.exists(self.path):
            with open(self.path, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue  # a line cut short when a run was stopped
                    self.done[entry["url"]] = entry
        self.fh = open(self.path, "a", encoding="utf-8")

    def add(self, entry: dict) -> None:
        self.done[entry["url"]] = entry
        self.fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.fh.flush()

    def close(self) -> None:
        self.fh.close()


def _save(out: str, name: str, body: bytes) -> str:
    stem, suffix = os.path.splitext(name)
    path, n = os.path.join(out, name), 1
    while os.path.exists(path):
        with open(path, "rb") as fh:
            if fh.read() == body:
                return path
        n += 1
        path = os.path.join(out, f"{stem}-{n}{suffix}")
    tmp = os.path.join(out, f".tmp-{os.getpid()}-{os.path.basename(path)}")
    with open(tmp, "wb") as fh:
        fh.write(body)
    os.replace(tmp, path)
    return path


def collect(start: str, out: str, delay: float = 1.0, max_pages: int = 100, report=print) -> Collected:
    if urllib.parse.urlsplit(start).scheme not in ("http", "https"):
        raise CollectError(f"请给出以 http:// 或 https:// 开头的网址（not a web address）：{start}")
    os.makedirs(out, exist_ok=True)
    fetcher = Fetcher(start, delay)
    if not fetcher.allowed(start):
        raise CollectError(f"该网站的 robots.txt 不允许抓取此页（robots.txt forbids it）：{start}")
    manifest = Manifest(out)
    result = Collected()
    try:
        listings, seen = [start], {start}
        while listings and result.listing_pages < max_pages:
            page = listings.pop(0)
            try:
                body, final = fetcher.get(page)
            except CollectError as err:
                if page == start:
                    raise CollectError(f"无法读取列表页（cannot fetch the listing）：{start}：{err}") from err
                result.failed.append((page, str(err)))
                continue
            result.listing_pages += 1
            for url, text in links(body, final):
                if url in seen or not fetcher.same_site(url):
                    continue
                if is_next_page(url, text, final):
                    seen.add(url)
                    listings.append(url)
                elif is_report(url, text):
                    seen.add(url)
                    _fetch_report(fetcher, manifest, out, url, text, result, report, seen)
    finally:
        manifest.close()
    return result


def _fetch_report(fetcher, manifest, out, url, text, result, report, seen, depth=0) -> None:
    if url in manifest.done and manifest.done[url].get("file"):
        result.known += 1
        return
    if not fetcher.allowed(url):
        result.refused.append(url)
        return
    try:
        body, final = fetcher.get(url)
    except CollectError as err:
        result.failed.append((url, str(err)))
        return
    path = _save(out, file_name(final, text, body), body)
    result.downloaded.append(path)
    report(f"  已下载：{os.path.basename(path)}（{len(body) / 1024:.0f} KB）")
    if depth == 0 and path.endswith(".html"):  # the report's page: its attachments too
        for link, link_text in links(body, final):
            if link not in seen and fetcher.same_site(link) and _suffix(link) in DOCUMENT_SUFFIXES:
                seen.add(link)
                _fetch_report(fetcher, manifest, out, link, link_text or text, result, report, seen, depth + 1)
    # recorded once its attachments are: a run stopped before them fetches the page again
    manifest.add({"url": url, "file": os.path.basename(path), "bytes": len(body), "text": text})
