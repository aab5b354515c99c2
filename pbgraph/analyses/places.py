"""Where and when, for the analyses of progress, funds and demonstration sites: the streets
and districts of a graph (:class:`Places`: where organizations, party organizations,
visit reports and sites are) and dates (:func:`as_date`, :func:`days`).

>>> days(["2018-07-31", None]).tolist()
[datetime.date(2018, 7, 31), None]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..graphmodel.tables import Tables

__all__ = ["Places", "as_date", "days", "places"]

_NAT = np.datetime64("NaT", "D")


def as_date(value: Any) -> dt.date | None:
    """A date from a ``date``, ``datetime`` or ISO string (``None`` stays ``None``).

    >>> as_date("2018-07-31"), as_date(None)
    (datetime.date(2018, 7, 31), None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None


def days(values: list[Any]) -> np.ndarray:
    """``datetime64[D]`` of dates in any of :func:`as_date`'s forms (NaT where missing)."""
    out = np.full(len(values), _NAT)
    for i, v in enumerate(values):
        if v is not None:
            out[i] = np.datetime64(str(v)[:10], "D")
    return out


@dataclass
class Places:
    """Streets and districts of a graph, and where organizations and party organizations are.

    ``street_of_org[j]`` / ``street_of_po[k]`` index :attr:`streets` (-1: unknown); a party
    organization is in the street of the first organization it covers.
    """

    streets: list[str]  # Region keys "district/street", sorted
    district_of_street: np.ndarray  # index into districts
    districts: list[str]
    street_of_org: np.ndarray
    street_of_po: np.ndarray
    street_of_region: np.ndarray  # Region table position -> street index (-1: not a street)

    def district_of(self, street: np.ndarray) -> np.ndarray:
        """District index of street indexes (-1 stays -1)."""
        d = np.append(self.district_of_street, -1)
        return d[np.where(street < 0, len(self.district_of_street), street)]


def places(t: Tables) -> Places:
    """The :class:`Places` of the tables of a graph."""
    r_keys, r_attrs = t.node_table("Region")
    child, parent = t.positions("PART_OF_Region_Region")
    parent_of = np.full(len(r_keys), -1, dtype=np.int64)
    parent_of[child] = parent
    is_street = np.array([d.get("level") == "street" for d in r_attrs], dtype=bool)
    # a region an organization or a report points at is a street even without a level
    for name in ("LOCATED_IN_Organization_Region", "FOR_VisitReport_Region", "IN_DemoSite_Region"):
        is_street[t.positions(name)[1]] = True
    street_pos = np.flatnonzero(is_street)
    order = sorted(street_pos.tolist(), key=lambda p: r_keys[p])
    streets = [r_keys[p] for p in order]
    street_of_region = np.full(len(r_keys), -1, dtype=np.int64)
    street_of_region[order] = np.arange(len(order))
    dist_names = [
        r_keys[parent_of[p]] if parent_of[p] >= 0 else r_keys[p].partition("/")[0] for p in order
    ]
    districts = sorted(set(dist_names))
    dix = {d: i for i, d in enumerate(districts)}
    district_of_street = np.array([dix[d] for d in dist_names], dtype=np.int64)

    n_org = len(t.node_table("Organization")[0])
    street_of_org = np.full(n_org, -1, dtype=np.int64)
    oj, orr = t.positions("LOCATED_IN_Organization_Region")
    street_of_org[oj] = street_of_region[orr]
    n_po = len(t.node_table("PartyOrg")[0])
    cs, ce = t.positions("COVERS_PartyOrg_Organization")
    first = np.full(n_po, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, cs, ce)
    has = first < np.iinfo(np.int64).max
    street_of_po = np.full(n_po, -1, dtype=np.int64)
    street_of_po[has] = street_of_org[first[has]]
    return Places(streets, district_of_street, districts, street_of_org, street_of_po,
                  street_of_region)  # fmt: skip
