"""信息处理费 under 国办函〔2020〕109号《政府信息公开信息处理费管理办法》.

Per application one method only: 按件 (per request, counted for the same applicant
within one natural month) or 按量 (per page). Both are progressive on the excess:

- 按件: up to 10 requests free; the 11th–30th 100 元 each; from the 31st each further
  band of 10 costs 100 元 more per request (31–40: 200, 41–50: 300, …);
- 按量: up to 30 pages free; 31–100: 10 元/页; 101–200: 20 元/页; from 201: 40 元/页.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import GongkaiError


class FeeError(GongkaiError):
    code = "fee"


@dataclass(frozen=True)
class Tier:
    first: int  # the first request/page of the tier
    last: int
    count: int  # how many fall in it
    rate: int  # 元 each
    amount: int


@dataclass(frozen=True)
class Fee:
    method: str  # "按件" or "按量"
    quantity: int
    tiers: tuple[Tier, ...]

    @property
    def amount_yuan(self) -> int:
        return sum(t.amount for t in self.tiers)

    def explain(self) -> str:
        unit = "件" if self.method == "按件" else "页"
        if not self.amount_yuan:
            return f"{self.method}：{self.quantity}{unit}，在免费额度内，不收费"
        parts = [f"第{t.first}–{t.last}{unit} {t.count}{unit}×{t.rate}元={t.amount}元" for t in self.tiers if t.rate]
        return f"{self.method}：{self.quantity}{unit}，" + "；".join(parts) + f"；合计 {self.amount_yuan} 元"


def _tiers(quantity: int, bands: list[tuple[int, int, int]]) -> tuple[Tier, ...]:
    out = []
    for first, last, rate in bands:
        if quantity < first:
            break
        n = min(quantity, last) - first + 1
        out.append(Tier(first, min(quantity, last), n, rate, n * rate))
    return tuple(out)


def per_request(requests: int) -> Fee:
    """按件: `requests` = the applicant's requests in this natural month, this one included."""
    if requests < 0:
        raise FeeError(f"申请件数不能为负数：{requests}")
    bands = [(1, 10, 0), (11, 30, 100)]
    first, rate = 31, 200
    while first <= requests:
        bands.append((first, first + 9, rate))
        first, rate = first + 10, rate + 100
    return Fee("按件", requests, _tiers(requests, bands))


def per_page(pages: int) -> Fee:
    """按量: pages of paper copies, e-mail or copied electronic data."""
    if pages < 0:
        raise FeeError(f"页数不能为负数：{pages}")
    return Fee("按量", pages, _tiers(pages, [(1, 30, 0), (31, 100, 10), (101, 200, 20), (201, 10**9, 40)]))
