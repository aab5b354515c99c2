"""A region's code and the places it names: city, district, street (docs/ledgers.md#cities).

A one-city store's codes are ``历下区`` and ``历下区/泉城路街道``; a store with cities puts the
city in front: ``枣庄市``, ``枣庄市/市中区``, ``枣庄市/市中区/光明路街道``. A code is read from
the right, so a street's code gives its street, district and city whichever store it is
from; never split a code on its first ``/`` (that makes 济南市 a district and
``市中区/…街道`` a street).

>>> street_place("枣庄市/市中区/光明路街道")
Place(city='枣庄市', district='市中区', street='光明路街道')
>>> street_place("历下区/泉城路街道")
Place(city='', district='历下区', street='泉城路街道')
>>> district_place("枣庄市/市中区"), district_place("历下区")
(Place(city='枣庄市', district='市中区', street=''), Place(city='', district='历下区', street=''))
>>> district_of("枣庄市/市中区/光明路街道"), district_of("历下区/泉城路街道")
('枣庄市/市中区', '历下区')

When a code's level is not known (a row's ``group``), a two-part code is a city's district
if its first part is a city — of the shipped division table, or of ``cities``:

>>> place_of("济南市/市中区"), place_of("滕州市/荆河街道")
(Place(city='济南市', district='市中区', street=''), Place(city='', district='滕州市', street='荆河街道'))
>>> place_of("广州市/天河区", cities={"广州市"}).district
'天河区'
>>> place_of("历下区/泉城路街道/和平社区"), place_of("历下区/泉城路街道/和平社区", "community").street
(Place(city='', district='历下区', street='泉城路街道'), '泉城路街道')
>>> place_of("枣庄市/市中区/光明路街道/和平社区") == place_of("枣庄市/市中区/光明路街道", "street")
True
>>> [p.district_code for p in (street_place("枣庄市/市中区/光明路街道"), place_of("历下区"), place_of("济南市"))]
['枣庄市/市中区', '历下区', '济南市']
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Collection, Iterable, Mapping, Sequence
from importlib import resources
from typing import Any, NamedTuple

__all__ = [
    "CITY",
    "Place",
    "city_names",
    "district_columns",
    "district_of",
    "district_place",
    "place_of",
    "short_names",
    "street_place",
    "with_city",
]

#: the header of a city column, (zh, en)
CITY = ("城市", "city")


class Place(NamedTuple):
    """The city (``""`` in a one-city store), district and street a code names."""

    city: str
    district: str
    street: str

    @property
    def district_code(self) -> str:
        """The code of the district: ``枣庄市/市中区``, or ``历下区`` without a city."""
        return "/".join(p for p in (self.city, self.district) if p)


def street_place(code: str) -> Place:
    """The place of a street's code (``[城市/]区县/街道``); a code of one part is a street
    with no district."""
    parts = code.split("/")
    parts = [""] * (3 - len(parts)) + parts if len(parts) < 3 else parts
    return Place("/".join(parts[:-2]), parts[-2], parts[-1])


def district_place(code: str) -> Place:
    """The place of a district's code (``[城市/]区县``)."""
    city, _, district = code.rpartition("/")
    return Place(city, district, "")


def district_of(street_code: str) -> str:
    """The code of a street's district: ``枣庄市/市中区/光明路街道`` -> ``枣庄市/市中区``."""
    return street_code.rpartition("/")[0]


@functools.cache
def city_names() -> frozenset[str]:
    """The cities of the shipped division table (``pbgraph/data/divisions.csv``)."""
    with resources.files("pbgraph").joinpath("data/divisions.csv").open(encoding="utf-8") as f:
        return frozenset(r["名称"] for r in csv.DictReader(f) if not r["上级"])


def place_of(code: str, level: str | None = None, cities: Collection[str] | None = None) -> Place:
    """The place of a region's code at ``level`` (``city``, ``district``, ``street`` or
    ``community``: the place of the community's street), read from the right.

    With no level (a row's ``group``), the parts are told by the cities (``cities``, else
    the division table's): a code that starts with a city is ``城市/区县/街道/社区``, one that
    does not is ``区县/街道/社区``; one part alone is a city if it is one, else a district.
    """
    if level == "street":
        return street_place(code)
    if level == "community":
        return street_place(code.rpartition("/")[0])
    if level == "district":
        return district_place(code)
    if level == "city":
        return Place(code, "", "")
    parts = code.split("/")
    city = parts[0] if parts[0] in (city_names() if cities is None else cities) else ""
    rest = parts[1:] if city else parts
    return Place(city, *(rest + ["", ""])[:2])


def district_columns(place: Place) -> dict[str, str]:
    """A row's ``city`` (only when there is one: a one-city row stays as it was) and
    ``district``.

    >>> district_columns(street_place("枣庄市/市中区/光明路街道"))
    {'city': '枣庄市', 'district': '市中区'}
    >>> district_columns(street_place("历下区/泉城路街道"))
    {'district': '历下区'}
    """
    if place.city:
        return {"city": place.city, "district": place.district}
    return {"district": place.district}


def with_city(
    columns: list[tuple[str, str]],
    rows: Iterable[Mapping[str, Any]],
    lang: str = "zh",
    header: tuple[str, str] = CITY,
) -> list[tuple[str, str]]:
    """``columns`` (``(key, header)`` pairs) with a city column (``header``: zh, en) before
    the district's when a row names a city (a store with cities); as they are otherwise.

    >>> cols = [("district", "区县"), ("street", "街道")]
    >>> with_city(cols, [{"district": "历下区"}]) == cols
    True
    >>> with_city(cols, [{"city": "枣庄市", "district": "市中区"}], "en")[:2]
    [('city', 'city'), ('district', '区县')]
    """
    if any(k == "city" for k, _ in columns) or not any(r.get("city") for r in rows):
        return columns
    keys = [k for k, _ in columns]
    at = keys.index("district") if "district" in keys else 0
    return [*columns[:at], ("city", header[lang == "en"]), *columns[at:]]


def short_names(codes: Sequence[str]) -> list[str]:
    """Labels of codes for a chart: each code's last part, unless codes of different cities
    share it (the two 市中区): those keep their whole code, so no two bars merge.

    >>> short_names(["济南市/市中区", "枣庄市/市中区", "枣庄市/薛城区"])
    ['济南市/市中区', '枣庄市/市中区', '薛城区']
    >>> short_names(["历下区/泉城路街道", "市中区/泉城路街道"])  # one city: as before
    ['泉城路街道', '泉城路街道']
    """
    last = [c.rpartition("/")[2] for c in codes]
    cities: dict[str, set[str]] = {}
    for c, name in zip(codes, last, strict=True):
        cities.setdefault(name, set()).add(place_of(c).city)
    return [c if len(cities[n]) > 1 else n for c, n in zip(codes, last, strict=True)]
