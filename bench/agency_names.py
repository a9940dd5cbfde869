"""Agency-name matching measured on name variants built from public naming rules.

A register of real divisions (GB/T 2260, drawn by a fixed seed, with the districts several
divisions share — 朝阳区, 城关区 — among them) × departments by their statutory names; then
every agency's name as it is also printed, by the rules names vary by:

  short forms in use (科技局, 市场监管局, 政府办), a province put before, a city left out
  (a county-level agency), white space and full-width forms, a district's name before it
  was made a district (撤县设区: 黄岩县 → 黄岩区), a development zone's short form
  (高新区管委会), a 片区管理局 without the 自由贸易试验区 before it;

and names that are *not* the agency (a sibling division's department, a department with a
near name, a place several divisions share, no place at all) — each with its truth.
Precision: of the names matched above the threshold, the share matched to the right agency
(must be 100%); recall: of the names that are an agency of the register, the share matched.

    .venv/bin/python bench/agency_names.py [--agencies 120] [--seed 2260]
"""

from __future__ import annotations

import argparse
import pathlib
import random
import sys
import time
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gongkai.agencies import (  # noqa: E402
    THRESHOLD,
    Agency,
    Register,
    regions,  # noqa: E402
)

# departments by their statutory names, with the short forms printed in their place
DEPARTMENTS = (
    ("科学技术局", "科技局"), ("发展和改革委员会", "发改委"), ("人力资源和社会保障局", "人社局"),
    ("住房和城乡建设局", "住建局"), ("市场监督管理局", "市场监管局"), ("卫生健康委员会", "卫健委"),
    ("医疗保障局", "医保局"), ("应急管理局", "应急局"), ("交通运输局", "交通局"), ("工业和信息化局", "工信局"),
    ("文化和旅游局", "文旅局"), ("退役军人事务局", "退役军人局"), ("教育局", None), ("财政局", None),
    ("民政局", None), ("司法局", None), ("生态环境局", None), ("人民政府办公室", "政府办"), ("人民政府", "政府"),
)
# departments with names close to one of the above, not in the register
NEAR = (("科学技术局", "科学技术协会"), ("教育局", "体育局"), ("财政局", "税务局"), ("民政局", "民宗局"),
        ("司法局", "公安局"), ("交通运输局", "交通运输执法局"))


def _register(n: int, rng: random.Random):
    """n (division, department) agencies over cities and counties, shared names among them."""
    every = regions.divisions()
    counties = [r for r in every if r.level == "县" and r.parent]
    cities = [r for r in every if r.level == "市"]
    shared = sorted((rs for name in sorted({r.name for r in counties}) if len(rs := regions.named(name)) > 1),
                    key=lambda rs: rs[0].name)
    places = rng.sample(cities, n // 4) + rng.sample(counties, n // 2)
    for rs in rng.sample(shared, 6):
        places += rs[:2]
    agencies, rows = [], []
    for place in places:
        dept = rng.choice(DEPARTMENTS)
        parent = regions.region(place.parent) if place.parent else None
        # a county-level agency's name carries its city, as such names are registered
        prefix = (parent.name if place.level == "县" and parent and parent.level == "市" else "") + place.name
        name = prefix + dept[0]
        if any(a.name == name for a in agencies):
            continue
        agencies.append(Agency(name, place.code))
        rows.append((name, place, parent, dept))
    return Register(agencies), rows


def variants(rows, rng: random.Random, register: Register):
    """(printed name, the agency's name or None, the rule)."""
    out = []
    every = regions.divisions()
    for name, place, parent, (dept, short) in rows:
        prefix = name[: -len(dept)]
        province = regions.chain(place.code)[0]
        if short:
            out.append((prefix + short, name, "简称"))
        if province.code != place.code and not prefix.startswith(province.name):
            out.append((province.name + name, name, "加省名"))
        if place.level == "县" and parent and parent.level == "市":
            out.append((place.name + dept, name, "省略市名"))
        out.append((" ".join(prefix) + " " + dept, name, "空格"))
        out.append((prefix + "\u3000" + dept, name, "全角空格"))
        if place.kind == "市辖区" and len(regions.stem(place.name)) >= 2:
            old = regions.stem(place.name) + "县"
            if not regions.named(old):
                out.append(((parent.name if parent and parent.level == "市" else "") + old + dept, name, "撤县设区前的名称"))
        # not this agency
        for near, other in NEAR:
            if dept == near:
                out.append((prefix + other, None, "相近的其他部门"))
        sibling = [r for r in every if r.parent == place.parent and r.code != place.code]
        if sibling:
            s = rng.choice(sibling)
            other = (parent.name if place.level == "县" and parent and parent.level == "市" else "") + s.name + dept
            truth = register.get(other)
            out.append((other, truth.name if truth else None, "同级其他区划"))
        if len(regions.named(place.name)) > 1:
            out.append((place.name + dept, name, "区划名称不唯一（省略市名）"))
        out.append(("市" + dept if place.level == "市" else "区" + dept, name, "未注明区划"))
    for zone, short in (("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区")):
        city = rng.choice([r for r in every if r.level == "市"])
        full = city.name + zone + "管理委员会"
        register.add(Agency(full, city.code))
        out += [(city.name + short + "管委会", full, "开发区简称"), (city.name + zone + "管委会", full, "管委会简称")]
    city = rng.choice([r for r in every if r.level == "市" and r.parent])
    province = regions.region(city.parent)
    full = f"中国（{regions.stem(province.name)}）自由贸易试验区{regions.stem(city.name)}片区管理局"
    register.add(Agency(full))
    out += [(f"{regions.stem(city.name)}片区管理局", full, "片区管理局省略前缀"),
            (f"{regions.stem(province.name)}自贸区{regions.stem(city.name)}片区管理局", full, "片区管理局简称")]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agencies", type=int, default=120)
    ap.add_argument("--seed", type=int, default=2260)
    ap.add_argument("--show", action="store_true", help="print every variant with its match")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    register, rows = _register(args.agencies, rng)
    cases = variants(rows, rng, register)
    started = time.perf_counter()
    matches = [register.match(printed) for printed, _, _ in cases]
    seconds = time.perf_counter() - started
    by_rule: dict[str, Counter] = {}
    wrong = []
    for (printed, truth, rule), m in zip(cases, matches):
        c = by_rule.setdefault(rule, Counter())
        c["variants"] += 1
        if m.sure:
            c["matched"] += 1
            if m.agency.name == truth:
                c["right"] += 1
            else:
                wrong.append((printed, truth, m.agency.name, m.why))
        elif truth and any(x.name == truth for x in m.candidates):
            c["listed"] += 1
        if args.show:
            print(f"{rule:12} {printed:30} → {m.agency.name if m.sure else '—':30} {m.score:.2f} {m.why}")
    print(f"register: {len(register)} agencies over {len({a.code for a in register})} divisions "
          f"(GB/T 2260 table: {regions.count()} divisions); {len(cases)} printed names; threshold {THRESHOLD}")
    print(f"{'rule':24} {'names':>6} {'matched':>8} {'right':>6} {'listed':>7}")
    for rule, c in by_rule.items():
        print(f"{rule:24} {c['variants']:6} {c['matched']:8} {c['right']:6} {c['listed']:7}")
    total = sum(by_rule.values(), Counter())
    agencies = sum(1 for _, truth, _ in cases if truth)
    precision = total["right"] / total["matched"] if total["matched"] else 1.0
    print(f"\nprecision above the threshold: {total['right']}/{total['matched']} = {precision:.1%}")
    print(f"recall: {total['right']}/{agencies} = {total['right'] / agencies:.1%} of the names that are an agency of the "
          f"register; of the rest, {total['listed']} listed with the right agency among the candidates")
    print(f"speed: {len(cases) / seconds:,.0f} names/s ({seconds * 1e6 / len(cases):.0f} µs a name)")
    for w in wrong:
        print("WRONG", *w)
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
