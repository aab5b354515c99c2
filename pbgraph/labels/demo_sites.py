"""The words of demonstration sites (示范点): the channels through which a site reaches an
organization, the headers of the sites' and the gaps' tables, and the reasons given.

Keys are the codes and columns :mod:`pbgraph.analyses.demo_sites` computes; sentences hold
``str.format`` fields.

>>> from pbgraph.labels import pick
>>> pick(REACHED, "zh").format(channel=pick(CHANNELS["industry"], "zh"), category="无党员")
'同行业，无党员'
"""

from __future__ import annotations

from . import Text

__all__ = [
    "CHANNELS",
    "GAP_COLUMNS",
    "GAP_REASON",
    "GAP_SITE",
    "IN_BUILDING",
    "NO_SITE",
    "REACHED",
    "SITE_COLUMNS",
]

#: how a site reaches an organization (the reach columns of the sites' table)
CHANNELS: dict[str, Text] = {
    "building": ("同楼宇园区", "same building/park"),
    "same_street": ("同街道", "same street"),
    "industry": ("同行业", "same industry"),
    "instructor": ("同指导员", "shared instructor"),
    "member_unit": ("同包挂成员单位", "shared member unit"),
}

#: the headers of the sites' columns (``pbgraph demo-sites``), the channels among them
SITE_COLUMNS: dict[str, Text] = {
    "id": ("示范点编号", "site"),
    "name": ("示范点名称", "name"),
    "district": ("区县", "district"),
    "street": ("街道", "street"),
    "score": ("三强三好得分", "score"),
    "anchors": ("示范单位数", "anchors"),
    **CHANNELS,
    "reach": ("可带动单位", "reach"),
    "reach_uncovered": ("其中未覆盖", "uncovered reached"),
}

#: the headers of the gaps' columns (``pbgraph demo-sites --show gaps``)
GAP_COLUMNS: dict[str, Text] = {
    "district": ("区县", "district"),
    "street": ("街道", "street"),
    "uncovered": ("未覆盖单位", "uncovered"),
    "clusters": ("未覆盖聚集点", "uncovered clusters"),
    "largest": ("最大聚集点", "largest cluster"),
    "largest_uncovered": ("聚集点未覆盖数", "its uncovered"),
    "nearest_site": ("最近示范点", "nearest site"),
    "reason": ("原因", "reason"),
}

#: why an uncovered organization is reached: the channel's words and the category's
REACHED: Text = ("{channel}，{category}", "{channel}, {category}")
#: the channel ``building`` with the building's name
IN_BUILDING: Text = ("{channel}（{building}）", "{channel} ({building})")

#: why a street is a gap: ``{no_site}`` (:data:`NO_SITE`) and ``{in_district}``
#: (:data:`GAP_SITE`) are sentences of their own
GAP_REASON: Text = (
    "有{clusters}处未覆盖单位聚集（最多：{largest}，{largest_uncovered}家），{no_site}{in_district}",
    "{clusters} uncovered cluster(s) (largest: {largest}, {largest_uncovered}), {no_site}{in_district}",
)
#: no site near, by ``near`` (the same street or the same district)
NO_SITE: dict[str, Text] = {
    "street": ("本街道无示范点", "no demonstration site in the street"),
    "district": ("本区县无示范点", "no demonstration site in the district"),
}
#: the district's best site (``{site}``), or none
GAP_SITE: dict[str, Text] = {
    "site": ("；本区县示范点：{site}", "; in the district: {site}"),
    "none": ("；本区县也没有示范点", "; none in the district either"),
}
