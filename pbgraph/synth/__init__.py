"""A synthetic, Jinan-like city written as the ledgers an organization department keeps.

Real district names of Jinan (济南) with their division codes; synthetic streets, communities,
buildings, parks and markets; organizations with valid credit codes; members with valid (and
fake) resident ID numbers. The figures are calibrated to docs/design.md#the-synthetic-city: most small firms have
no party members, about 70 % of organizations are covered by a party organization (own, joint
or attached), an instructor guides 2-4 organizations (a few guide many more: the imbalance
``balance`` exists for), joint branches have at most 5 units (a few break the rules, as real
ones do).

The ledgers come in two layouts (:func:`generate`): ``normalized``, one tidy ledger per kind
linked by ids, and ``combined``, the organizations with their party organization,
instructors and paired member units on each row, a workbook per district and a sheet per
street, as offices keep them. Names the combined layout relies on are unique where it needs
them: instructors' within a district, party organizations' within a street, member units'
in the city. The same seed gives byte-identical files, and the same city in both layouts.

Examples
--------
>>> city = build_city(300, seed=1)
>>> len(city.orgs), city.districts[0].name
(300, '历下区')

The package: :mod:`.vocabulary` (place data and the words names are made of), :mod:`.model`
(what is drawn), :mod:`.draw` (drawing helpers), :mod:`.city` (:func:`build_city`: places and
organizations), :mod:`.party` (party organizations, members, instructors), :mod:`.campaign`
(platforms and pairings, visit reports, demonstration sites), :mod:`.ledgers`
(:func:`generate`) and :mod:`.combined` (the combined layout's workbooks).
"""

from __future__ import annotations

from .campaign import VISITS_DAYS as VISITS_DAYS
from .campaign import VISITS_END as VISITS_END
from .city import build_city
from .combined import COMBINED_HEADER as COMBINED_HEADER
from .combined import combined_header, combined_workbooks
from .ledgers import COMBINED_KINDS as COMBINED_KINDS
from .ledgers import LAYOUTS, generate
from .model import City
from .model import District as District
from .model import Org as Org
from .model import Street as Street
from .vocabulary import DISTRICTS

__all__ = [
    "DISTRICTS",
    "LAYOUTS",
    "City",
    "build_city",
    "combined_header",
    "combined_workbooks",
    "generate",
]
