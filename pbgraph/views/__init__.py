"""Interactive views, offline: a map of every organization coloured by its coverage category
and the network of one street, as self-contained HTML (the scripts inlined, the data packed
into the page, nothing fetched: the file opens from a USB stick).

::

    from pbgraph.views import inputs, map_view, network_view
    t = store.tables(**inputs())
    m = map_view(t)             # m.html: a fragment for a page; m.page(): a whole page
    m.save("map.html")          # and in Jupyter, ``m`` shows itself
    net = network_view(t, "泉城路街道")

- :func:`map_view`: every organization at its coordinates, coloured by the categories of
  :mod:`pbgraph.analyses.coverage` (their Chinese names, :data:`COLORS`); filter by
  district, street and category; hover for the name, the category, the reason in the
  planner's words and the instructors who guide it (masked names); pan and zoom. Every
  point is drawn, at city scale too (docs/views.md: sizes and times measured).
- :func:`network_view`: one street's organizations, buildings/parks/markets, party
  organizations, instructors (masked), member units and proposed joint branches
  (:func:`pbgraph.analyses.grouping.group`); pan, zoom, click a node to see and highlight
  its neighbours.

Both take what the analyses take (a graph, or ``store.tables(**inputs())``) and the results
already computed (``result``: coverage by street; ``proposals``: the grouping), and return a
:class:`~pbgraph.views.page.View`. The words are in :mod:`pbgraph.views.words`; the scripts
and style are ``pbgraph/views/assets/`` (hand-written canvas code, no library).
"""

from __future__ import annotations

import html as _html
from typing import TYPE_CHECKING, Any

from ..analyses import grouping
from ..analyses.coverage import CoverageResult, coverage
from ..analyses.coverage import inputs as coverage_inputs
from ..analyses.grouping import GroupingResult, group
from ..analyses.places import merge_inputs, street_name
from ..graphmodel.tables import Tables, tables_of
from ..labels import lang_index
from .mapdata import map_data
from .netdata import KIND_ORDER, network_data
from .page import View, fragment, pack
from .words import MAP, NETWORK

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["COLORS", "View", "inputs", "map_view", "network_view"]

#: the colour of each coverage category (blues: by a party organization; orange: by party
#: work; red, pink, purple: uncovered)
COLORS: dict[str, str] = {
    "own": "#1f4e8c", "joint": "#3b8bd0", "attached": "#8fc3ea", "work": "#f0a020",
    "must_build": "#d62728", "joint_candidate": "#e7298a", "no_members": "#8e44ad",
}  # fmt: skip

#: what the views read besides coverage and grouping: coordinates, the names of the nodes
#: around an organization, who guides whom, who is paired with whom
_VIEWS: dict[str, Any] = {
    "labels": ["Organization", "Building", "PartyOrg", "Instructor", "MemberUnit"],
    "rels": ["IN_BUILDING_Organization_Building", "COVERS_PartyOrg_Organization",
             "GUIDES_Instructor_Organization", "GUIDES_Instructor_PartyOrg",
             "PAIRED_WITH_MemberUnit_Organization"],
    "props": {"Organization": ["lon", "lat"], "Building": ["name"], "PartyOrg": ["name"],
              "Instructor": ["name_masked"], "MemberUnit": ["name"]},
}  # fmt: skip


def inputs() -> dict[str, Any]:
    """What the views read (with coverage by street and the grouping they run when not
    given them): the arguments of ``store.tables``."""
    return merge_inputs(coverage_inputs("street"), grouping.inputs(), _VIEWS)


def _tables(G: nx.MultiDiGraph | Tables) -> Tables:
    return G if isinstance(G, Tables) else tables_of(G)


def _by_street(t: Tables, result: CoverageResult | None) -> CoverageResult:
    if result is None:
        return coverage(t, by="street")
    if result.by != "street":
        raise ValueError("result must be coverage by street: coverage(G, by='street')")
    return result


def map_view(
    G: nx.MultiDiGraph | Tables,
    *,
    result: CoverageResult | None = None,
    lang: str = "zh",
) -> View:
    """The map of every organization, coloured by coverage category.

    ``G``: a graph or ``store.tables(**inputs())``; ``result``: its coverage by street, when
    computed already (else computed here).
    """
    i = lang_index(lang)
    t = _tables(G)
    result = _by_street(t, result)
    meta, arrays = map_data(t, result, lang)
    meta["colors"] = list(COLORS.values())
    words = {k: v[i] for k, v in MAP.items()}
    body = (
        f"<h3>{_html.escape(words['title'])}</h3>"
        '<div class="pbv-bar">'
        f'<label>{_html.escape(words["district"])} <select id="$id-district"></select></label>'
        f'<label>{_html.escape(words["street"])} <select id="$id-street"></select></label>'
        f'<button type="button" id="$id-reset">{_html.escape(words["reset"])}</button>'
        f'<span class="pbv-status" id="$id-status">{_html.escape(words["loading"])}</span></div>'
        '<div class="pbv-legend" id="$id-legend"></div>'
        '<div class="pbv-main"><div class="pbv-box"><canvas id="$id-canvas"></canvas>'
        '<div class="pbv-zoom"><button type="button" id="$id-zoomin">+</button>'
        '<button type="button" id="$id-zoomout">−</button></div>'
        '<div class="pbv-tip" id="$id-tip" hidden></div></div></div>'
        f'<p class="pbv-help">{_html.escape(words["help"])}</p>'
    )
    text, eid = fragment("map", body, pack(meta, arrays), words, lang)
    return View("map", words["title"], text, eid, lang)


def network_view(
    G: nx.MultiDiGraph | Tables,
    street: str | None = None,
    *,
    result: CoverageResult | None = None,
    proposals: GroupingResult | None = None,
    lang: str = "zh",
    max_orgs: int = 3000,
) -> View:
    """The network of one street: its organizations, buildings/parks/markets, party
    organizations, instructors (masked names), member units and proposed joint branches.

    ``street`` is ``"district/street"`` as in coverage by street's groups, or a unique
    street name; by default the street that shows the most (every kind of node present,
    then the most uncovered organizations: the report's network chart's street).
    ``result`` and ``proposals``: coverage by street and the grouping, when computed already
    (else computed here, with the defaults). A street of more than ``max_orgs``
    organizations shows a sample of them, and says so in its title: the uncovered and
    proposed ones first, the rest at random (the same every time); a proposed branch links to its units
    drawn.
    """
    i = lang_index(lang)
    t = _tables(G)
    result = _by_street(t, result)
    street = street_name(t, result, street)
    if proposals is None:
        proposals = group(t)
    meta, arrays, said = network_data(t, result, street, proposals, lang, max_orgs=max_orgs)
    meta["colors"] = list(COLORS.values())
    meta["kind_codes"] = list(KIND_ORDER)
    words = {k: v[i] for k, v in NETWORK.items()}
    title = words["title"].format(street=street.replace("/", " "))
    if said["shown"] < said["all"]:
        title += words["sample"].format(shown=said["shown"], all=said["all"])
    body = (
        f"<h3>{_html.escape(title)}</h3>"
        '<div class="pbv-bar">'
        f'<button type="button" id="$id-reset">{_html.escape(words["reset"])}</button>'
        f'<span class="pbv-status" id="$id-status"></span></div>'
        '<div class="pbv-legend" id="$id-legend"></div>'
        '<div class="pbv-main"><div class="pbv-box"><canvas id="$id-canvas"></canvas>'
        '<div class="pbv-zoom"><button type="button" id="$id-zoomin">+</button>'
        '<button type="button" id="$id-zoomout">−</button></div>'
        '<div class="pbv-tip" id="$id-tip" hidden></div></div>'
        f'<div class="pbv-panel" id="$id-panel">{_html.escape(words["loading"])}</div></div>'
    )
    text, eid = fragment("network", body, pack(meta, arrays), words, lang)
    return View("network", title, text, eid, lang)
