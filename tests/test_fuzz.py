"""Fuzz: generated reports in every form gongkai reads, mutated (bytes flipped, cut,
repeated; runs of one character by the hundred thousand; deep nesting; numbers of
thousands of digits; models of the wrong shape; YAML alias bombs). Whatever comes in,
the reader answers with a report or a one-line error — never a traceback, never a hang.
The longer run, with memory and timing by class, is bench/fuzz.py."""

from __future__ import annotations

import random
import signal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.render.hostile import CLASSES, hostile, read


class Hung(Exception):
    pass


def _stop(signum, frame):
    raise Hung("no answer after 30 s")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CLASSES), st.integers(0, 2**32))
def test_any_input_is_read_or_refused_in_one_line(kind, seed):
    data = hostile(kind, random.Random(seed))
    old = signal.signal(signal.SIGALRM, _stop)
    signal.alarm(30)  # far above any answer: a hang, not a slow run
    try:
        assert read(data) in ("read", "refused", "limit")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
