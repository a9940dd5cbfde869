"""Instructions a report, counted by valgrind (cachegrind): a measure of the reader's work
that the machine's noise does not move, for comparing two revisions where reports/s vary
by 15% from run to run. Reads the real text reports of ../shared/corpus N + 1 times and
once; the difference divided by N passes is the work of reading them, without start-up.

    .venv/bin/python bench/instructions.py [--against REV] [--passes 3]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "raw"

READ = """
import pathlib, sys
from gongkai.extract import extract_text
files = [p.read_bytes() for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
for _ in range(int(sys.argv[2])):
    for d in files:
        extract_text(d)
"""


def instructions(src: pathlib.Path, passes: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          sys.executable, "-c", READ, str(REAL), str(passes)],
                         capture_output=True, text=True, check=True, env=env)
    return int(re.search(r"I\s+refs:\s+([\d,]+)", out.stderr).group(1).replace(",", ""))


def per_report(src: pathlib.Path, passes: int) -> float:
    reports = len(list(REAL.glob("*.txt")))
    return (instructions(src, passes + 1) - instructions(src, 1)) / (passes * reports)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--against", metavar="REV", help="also count the code of this revision (a git worktree)")
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("需要 valgrind（apt install valgrind）", file=sys.stderr)
        return 2
    now = per_report(ROOT / "src", args.passes)
    print(f"{'code':12} {'instructions/report':>20}")
    print(f"{'now':12} {now / 1e6:19.2f}M")
    if args.against:
        with tempfile.TemporaryDirectory(prefix="gongkai-instructions-") as tmp:
            tree = os.path.join(tmp, "tree")
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", tree, args.against], check=True)
            try:
                then = per_report(pathlib.Path(tree) / "src", args.passes)
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", tree], check=False)
        print(f"{args.against:12} {then / 1e6:19.2f}M")
        print(f"now ÷ {args.against}: {now / then:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
