"""A synthetic province: Shandong's 16 prefecture-level cities, each drawn like the one-city
generator's Jinan, written as a provincial organization department would receive them.

* **The cities** (:data:`PROVINCE`): 济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照
  临沂 德州 聊城 滨州 菏泽, in division-code order, with their real districts and counties
  and division codes (GB/T 2260) from ``pbgraph/data/divisions.csv`` — the loader's own
  table, so what is generated is what the loader recognises. A city's first district (its
  old town) weighs 14, the other urban districts (区) 10, county-level cities (市) 8, counties
  (县) 5; Jinan keeps the one-city generator's weights. Rough centres: the city's real one,
  each district placed around it by its code (synthetic, as are streets and everything below).
* **Sizes**: ``n_orgs`` organizations *per city* (so that a city is the same whatever the
  number of cities), each city calibrated as the one-city generator's (design.md#the-synthetic-city).
* **Seeds**: city ``i`` is drawn from a seed made of the province's seed and the city's
  division code (:func:`city_seed`), so ``--cities 2`` and ``--cities 16`` draw the same 济南
  and 青岛. (济南 of a province is not the one-city generator's 济南 of the same seed.)
* **Names and ids**: every id the generator makes carries the city's code (``DZZ370400…``),
  and what cities would share is qualified by the city (``枣庄市委组织部``,
  ``枣庄市市中区组织部``): a province's ledgers load into one store without collisions.
* **Files** (:func:`generate_province`): a folder per city, ``<code>_<name>/`` (``370400_枣庄市/``),
  holding the city's ledgers exactly as :func:`~.ledgers.generate` writes them (either
  layout), the tidy ledgers with a 所属城市 column (a provincial roll-up's), the combined
  workbooks naming their city in the title row, as a city's offices write them.
"""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Callable
from pathlib import Path

from ..loaders.places import division_table
from .vocabulary import JINAN, Place

__all__ = ["PROVINCE", "city_seed", "generate_province", "province"]

#: rough real centres (lat, lon) of the cities
_CENTRES = {
    "济南市": (36.67, 117.00), "青岛市": (36.07, 120.38), "淄博市": (36.81, 118.05),
    "枣庄市": (34.81, 117.32), "东营市": (37.43, 118.67), "烟台市": (37.46, 121.45),
    "潍坊市": (36.71, 119.16), "济宁市": (35.41, 116.59), "泰安市": (36.20, 117.09),
    "威海市": (37.51, 122.12), "日照市": (35.42, 119.53), "临沂市": (35.10, 118.36),
    "德州市": (37.43, 116.36), "聊城市": (36.46, 115.99), "滨州市": (37.38, 117.97),
    "菏泽市": (35.23, 115.48),
}  # fmt: skip


def _weight(i: int, name: str) -> float:
    if i == 0:
        return 14
    return 10 if name.endswith("区") else 8 if name.endswith("市") else 5


def province() -> tuple[Place, ...]:
    """The 16 cities of Shandong as :class:`Place`\\ s, in division-code order."""
    table = division_table()
    out = []
    for city, (lat, lon) in _CENTRES.items():
        code = next(c for c, (n, parent) in table.items() if n == city and not parent)
        districts = tuple(
            sorted(
                ((n, c) for c, (n, parent) in table.items() if parent == city), key=lambda d: d[1]
            )
        )
        if city == JINAN.name:
            assert districts == JINAN.districts
            out.append(Place(city, code, districts, JINAN.weights, JINAN.centers, True))
            continue
        centres = {}
        for n, c in districts:
            r = random.Random(int(c))
            centres[n] = (round(lat + r.gauss(0, 0.25), 2), round(lon + r.gauss(0, 0.3), 2))
        weights = tuple(_weight(i, n) for i, (n, _) in enumerate(districts))
        out.append(Place(city, code, districts, weights, centres, True))
    return tuple(sorted(out, key=lambda p: p.code))


PROVINCE: tuple[Place, ...] = province()


def city_seed(seed: int, code: str) -> int:
    """The seed of a city of the province: from the province's seed and the city's code
    (SHA-256, the same on every platform and Python)."""
    digest = hashlib.sha256(f"pbgraph-province/{seed}/{code}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def generate_province(
    n_cities: int,
    n_orgs: int,
    out: str | os.PathLike[str],
    *,
    seed: int = 2018,
    layout: str = "normalized",
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the first ``n_cities`` cities of :data:`PROVINCE` (1-16), ``n_orgs``
    organizations each, a folder per city in ``out``; returns the files written."""
    from .ledgers import generate

    if not 1 <= n_cities <= len(PROVINCE):
        raise ValueError(f"n_cities must be 1 to {len(PROVINCE)}, not {n_cities}")
    files: list[Path] = []
    for place in PROVINCE[:n_cities]:
        folder = Path(out) / f"{place.code}_{place.name}"
        files += generate(
            n_orgs, folder, seed=city_seed(seed, place.code), layout=layout,
            progress=progress, place=place,
        )  # fmt: skip
    return files
