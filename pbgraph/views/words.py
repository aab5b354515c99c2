"""The words of the interactive views, ``(zh, en)`` pairs as in :mod:`pbgraph.labels`; the
categories, their reasons and the kinds of nodes are :mod:`pbgraph.labels.coverage`'s own."""

from __future__ import annotations

from ..labels import Text

__all__ = ["KINDS", "MAP", "NETWORK"]

#: the map's controls, legend, status line and tooltip
MAP: dict[str, Text] = {
    "title": ("单位覆盖情况地图", "Organizations by coverage category"),
    "district": ("区县", "District"),
    "street": ("街道", "Street"),
    "all": ("全部", "all"),
    "category": ("类别", "Category"),
    "shown": ("显示 {shown} 个单位（共 {total} 个", "Showing {shown} of {total} organizations"),
    "no_coords": ("，{n} 个无坐标未画出", "; {n} without coordinates not drawn"),
    "close": ("）", ""),
    "guided_by": ("党建指导员", "Instructors"),
    "nobody": ("无", "none"),
    "reason": ("原因", "Reason"),
    "reset": ("复位", "Reset"),
    "help": (
        "滚轮缩放，拖动平移；鼠标停在点上查看单位、原因和指导员",
        "Wheel to zoom, drag to pan; hover over a point for its name, reason and instructors",
    ),
    "loading": ("正在载入……", "Loading…"),
    "unsupported": (
        "此浏览器无法解压数据（需要 Chrome/Edge 80+、Firefox 113+ 或 Safari 16.4+）",
        "This browser cannot unpack the data (needs Chrome/Edge 80+, Firefox 113+ or Safari 16.4+)",
    ),
}

#: the network view's controls, panel and legend
NETWORK: dict[str, Text] = {
    "title": ("{street} 党建网络", "The party-building network of {street}"),
    "sample": (
        "（共 {all} 个单位，画出 {shown} 个：先未覆盖和拟组建的，其余随机）",
        " ({shown} of {all} organizations drawn: uncovered and proposed ones first, the rest at random)",
    ),
    "neighbours": ("相邻节点（{n}）", "Neighbours ({n})"),
    "pick": (
        "点击节点查看并突出显示它的相邻节点；滚轮缩放，拖动平移",
        "Click a node to see and highlight its neighbours; wheel to zoom, drag to pan",
    ),
    "reset": ("复位", "Reset"),
    "branch_info": (
        "{units} 个单位，{formal} 名正式党员",
        "{units} units, {formal} formal members",
    ),
    "loading": MAP["loading"],
    "unsupported": MAP["unsupported"],
}

#: the kinds of nodes of the network view besides those of :data:`pbgraph.labels.coverage.NEIGHBOURS`
KINDS: dict[str, Text] = {
    "Organization": ("单位", "organization"),
    "Branch": ("拟组建联合党支部", "proposed joint branch"),
}
