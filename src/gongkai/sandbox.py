"""Untrusted documents read in a sandbox: warm worker processes, each under limits on
its address space (RLIMIT_AS), its CPU time per document (RLIMIT_CPU, set afresh before
each) and the wall time of each task (watched by the parent). A document that exceeds a
limit is refused with a message naming it; the worker that exceeded it is replaced and
nothing else is affected — the caller, the other workers, the rest of a batch.

A worker is a process forked once and kept (not a new interpreter per document), so
that a batch's throughput and the web's latency stay. The command line, the web and
batch all read through it (`load.py`); inside a worker, reading runs in place.

The limits (`Limits`, or GONGKAI_SANDBOX_MEMORY_MB / _CPU_SECONDS / _WALL_SECONDS):
1024 MB of address space beyond what the worker was forked with — real reports peak
under 200 MB (a 2,000-page PDF: about 100 MB); 60 s of CPU per document — the slowest
real reports take under 5 s; and a wall time of 90 s per task on the command line and
in batch, 30 s on the web (well under the server's 120 s timeout).
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import resource
import signal
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

from .errors import UnreadableInput


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 1024
    cpu_seconds: int = 60
    wall_seconds: float = 90.0

    @classmethod
    def from_environment(cls) -> Limits:
        limits = cls()
        for name, cast in (("memory_mb", int), ("cpu_seconds", int), ("wall_seconds", float)):
            value = os.environ.get(f"GONGKAI_SANDBOX_{name.upper()}")
            if value:
                limits = replace(limits, **{name: cast(value)})
        return limits


class LimitExceeded(UnreadableInput):
    """A document that took more than a limit allows: refused, naming the limit."""

    code = "limit"

    def __init__(self, kind: str, limits: Limits):
        self.kind = kind
        super().__init__({
            "memory": f"读取此文件所需内存超过上限（{limits.memory_mb} MB），已拒绝（exceeds the memory limit）",
            "cpu": f"读取此文件所需计算时间超过上限（{limits.cpu_seconds} 秒），已拒绝（exceeds the CPU time limit）",
            "wall": f"读取此文件超过时间上限（{limits.wall_seconds:g} 秒），已拒绝（exceeds the time limit）",
            "crash": "读取此文件时读取进程异常退出，已拒绝（the reading process stopped）",
        }[kind])

    def __reduce__(self):  # it crosses processes
        return _limit_exceeded, (self.kind, self.args[0])

    def about(self, name: str) -> LimitExceeded:
        """The same, naming the file."""
        return _limit_exceeded(self.kind, f"{self.args[0]}：{name}") if name else self


def _limit_exceeded(kind: str, message: str) -> LimitExceeded:
    err = LimitExceeded.__new__(LimitExceeded)
    UnreadableInput.__init__(err, message)
    err.kind = kind
    return err


_IN_WORKER: Limits | None = None  # set in a worker: reading runs in place


def in_worker() -> bool:
    return _IN_WORKER is not None


def next_document() -> None:
    """In a worker, give the next document its own CPU time (a task may read several)."""
    if _IN_WORKER is not None:
        used = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(used.ru_utime + used.ru_stime) + _IN_WORKER.cpu_seconds
        hard = resource.getrlimit(resource.RLIMIT_CPU)[1]  # never raised (that needs privileges)
        resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def _serve(conn, limits: Limits, parent_end: int | None = None) -> None:
    """A worker: take tasks until told to stop, or until its parent is gone; each under
    the limits."""
    global _IN_WORKER
    _IN_WORKER = limits
    _die_with_parent()
    if parent_end is not None:  # the parent's end of the pipe, inherited by the fork: closed, so that
        os.close(parent_end)  # the parent's death reads as the end of the pipe here
    # the parent's handlers are not ours (a server's worker turns SIGTERM into "stop when
    # idle"): a worker ends when it is told to, and Ctrl-C stops the parent, which stops it
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    faulthandler.disable()  # a document that ends a worker is reported by the parent, by name
    # what the worker may add to the address space it was forked with (the parent's
    # libraries and arenas are there already; a fresh fork server's are ~400 MB)
    bytes_limit = _address_space() + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (bytes_limit, bytes_limit))
    base = _address_space()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, MemoryError):
            break
        if task is None:
            break
        fn, args = task
        next_document()
        try:
            reply = ("ok", fn(*args))
        except MemoryError:
            conn.send(("limit", "memory", True))
            break  # a heap that ran out is not trusted with the next document
        except BaseException as err:  # the caller decides what an error means
            reply = ("error", err)
        # a worker whose heap grew past half its allowance (memory not given back) retires
        retire = _address_space() - base > limits.memory_mb * 1024 * 1024 // 2
        try:
            conn.send((*reply, retire))
        except Exception:  # a result or an exception that does not pickle
            conn.send(("error", UnreadableInput(f"读取时出错（{type(reply[1]).__name__}: {str(reply[1])[:200]}）"),
                       retire))
        if retire:
            break
    conn.close()
    os._exit(0)  # nothing of the parent's (database connections, files) is closed from here


def _die_with_parent() -> None:
    """Linux: killed when the process that forked this one ends, however it ends."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _address_space() -> int:
    """This process's virtual memory size, in bytes."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


FORK_SERVER = False  # set by a server: its workers' sandboxes come from a fork server


def use_fork_server() -> None:
    """Workers from a fork server, never forked from this process: for a server, whose
    processes hold its listening socket and database connections (a worker forked from
    them would hold them too, and keep the port after the server stopped)."""
    global FORK_SERVER
    FORK_SERVER = True


def _context():
    """Fork from a process with no thread but this one and daemon helpers (a progress
    bar's monitor; the pool's own task threads, which only wait on pipes): fast, the
    libraries loaded already. From a server, or one with other threads, a fork server: a
    fork of a busy threaded process may deadlock."""
    others = [t for t in threading.enumerate() if t is not threading.current_thread()]
    if not FORK_SERVER and all(t.daemon for t in others):
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["gongkai.load"])
    return context


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object
    busy: bool = False


@dataclass
class Pool:
    """Warm workers under `limits`; tasks are module-level functions and their arguments."""

    workers: int = 1
    limits: Limits = field(default_factory=Limits.from_environment)

    def __post_init__(self):
        self._idle: list[_Worker] = []
        self._live = 0
        self._lock = threading.Condition()
        self._closed = False
        for _ in range(self.workers):  # started now, from the caller's thread: forked, before any task thread
            self._idle.append(self._start())
            self._live += 1

    def _start(self) -> _Worker:
        ctx = _context()
        parent, child = ctx.Pipe()
        forked = ctx.get_start_method() == "fork"
        process = ctx.Process(target=_serve, args=(child, self.limits, parent.fileno() if forked else None),
                              daemon=True, name="gongkai-sandbox")
        process.start()
        child.close()
        return _Worker(process, parent)

    def _take(self) -> _Worker:
        with self._lock:
            while True:
                while not self._idle and self._live >= self.workers:
                    self._lock.wait()
                if not self._idle:
                    break
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                worker.conn.close()  # ended between tasks (the memory it was left with): replaced
                self._live -= 1
            self._live += 1
        try:
            return self._start()
        except BaseException:
            with self._lock:
                self._live -= 1
                self._lock.notify()
            raise

    def _give_back(self, worker: _Worker | None) -> None:
        with self._lock:
            if worker is None or self._closed:
                self._live -= 1
                if worker is not None:
                    _stop(worker)
            else:
                self._idle.append(worker)
            self._lock.notify()

    def call(self, fn, *args, wall: float | None = None):
        """fn(*args) in a worker; its result, or its exception raised here. A limit
        exceeded raises LimitExceeded (the worker is replaced)."""
        worker = self._take()
        wall = self.limits.wall_seconds if wall is None else wall
        try:
            worker.conn.send((fn, args))
            if not worker.conn.poll(wall):
                _kill(worker)
                worker = None
                raise LimitExceeded("wall", replace(self.limits, wall_seconds=wall))
            status, value, retired = worker.conn.recv()
            if retired:  # it ran out of memory, or holds too much of it: it stops, not given back
                _stop(worker)
                worker = None
        except (EOFError, OSError, BrokenPipeError):
            kind = _why(worker)
            worker = None
            raise LimitExceeded(kind, self.limits) from None
        except BaseException:
            if worker is not None:  # interrupted mid-task (Ctrl-C): its state is unknown
                _kill(worker)
                worker = None
            raise
        finally:
            self._give_back(worker)
        if status == "limit":
            raise LimitExceeded(value, self.limits)
        if status == "error":
            raise value
        return value

    def submit(self, fn, *args, wall: float | None = None) -> Future:
        """The same, in a thread: a future of the result."""
        future: Future = Future()

        def run():
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(self.call(fn, *args, wall=wall))
            except BaseException as err:
                future.set_exception(err)

        threading.Thread(target=run, daemon=True, name="gongkai-sandbox-task").start()
        return future

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._live -= len(idle)
        for worker in idle:
            _stop(worker)


def _stop(worker: _Worker) -> None:
    try:
        worker.conn.send(None)
    except OSError:
        pass
    worker.process.join(2)
    if worker.process.is_alive():
        _kill(worker)
    worker.conn.close()


def _kill(worker: _Worker) -> None:
    worker.process.kill()
    worker.process.join(5)
    worker.conn.close()


def _why(worker: _Worker) -> str:
    """What ended a worker that died in a task: its signal says which limit."""
    worker.process.join(5)
    worker.conn.close()
    code = worker.process.exitcode
    if code == -signal.SIGXCPU:
        return "cpu"
    if code in (-signal.SIGABRT, -signal.SIGBUS):
        return "memory"  # an allocation refused under RLIMIT_AS, in native code
    return "crash"


_DEFAULT: Pool | None = None
_DEFAULT_PID = 0


def pool() -> Pool:
    """This process's pool of one worker (made on first use; a forked child makes its own)."""
    global _DEFAULT, _DEFAULT_PID
    if _DEFAULT is None or _DEFAULT_PID != os.getpid():
        _DEFAULT, _DEFAULT_PID = Pool(1), os.getpid()
    return _DEFAULT


OCR_MEMORY_MB = 4096  # the OCR engine's models and page images: some 1 GB resident, more address space


_OCR: Pool | None = None
_OCR_PID = 0


def ocr_pool() -> Pool:
    """This process's worker for scans (made on first use): the same limits, but the
    address space the OCR engine needs (GONGKAI_SANDBOX_OCR_MEMORY_MB). It is a pool of
    its own so that the worker reading text keeps its tighter limit."""
    global _OCR, _OCR_PID
    if _OCR is None or _OCR_PID != os.getpid():
        limits = Limits.from_environment()
        memory = int(os.environ.get("GONGKAI_SANDBOX_OCR_MEMORY_MB", OCR_MEMORY_MB))
        _OCR, _OCR_PID = Pool(1, replace(limits, memory_mb=max(limits.memory_mb, memory))), os.getpid()
    return _OCR


def ocr_capable() -> bool:
    """Whether a scan may be recognised in this process: outside a worker (the caller's own
    process, a Dask worker), or in a worker whose address space is the OCR engine's."""
    return _IN_WORKER is None or _IN_WORKER.memory_mb >= OCR_MEMORY_MB


def run(fn, *args, wall: float | None = None, name: str = "", ocr: bool = False):
    """fn(*args) under the limits: in this process's worker (`ocr`: the worker for
    scans), or in place inside one. A limit exceeded is refused naming the file `name`.
    A daemonic process (a Dask worker, under its own memory limit) cannot have workers of
    its own: it reads in place."""
    if in_worker() or multiprocessing.current_process().daemon:
        return fn(*args)
    try:
        return (ocr_pool() if ocr else pool()).call(fn, *args, wall=wall)
    except LimitExceeded as err:
        raise err.about(name) from None
