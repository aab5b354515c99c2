"""Transfers and the service circle in the synthetic city (pbgraph/synth/services.py): the
three ledgers load without a rejected row, follow the stated draws, and leave every other
ledger as it was (coverage unchanged)."""

from __future__ import annotations

from pathlib import Path

from pbgraph.analyses.coverage import coverage
from pbgraph.analyses.services import inputs as service_inputs
from pbgraph.analyses.services import services
from pbgraph.analyses.transfers import inputs, transfers
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.synth import build_city
from pbgraph.synth.services import with_services


def test_the_city_s_transfers_and_services(loaded_city: Path) -> None:
    with EmbeddedStore(loaded_city) as s:
        t = s.tables(**inputs())
        r = transfers(t)
        sv = services(s.tables(**service_inputs()))
    city = build_city(1500, seed=7)
    working = sum(1 for m in city.members if m["employer"])
    totals = r.totals()
    assert 0.5 * working < totals["cases"] < 0.7 * working  # six in ten registered
    assert 0.45 < totals["willing"] / totals["cases"] < 0.65
    assert 0 < totals["done"] < totals["willing"] and totals["pending"] > 0
    assert totals["orgs_changed"] > 0 and totals["formal_added"] <= totals["pending"]
    assert r.as_of is not None and r.as_of.isoformat() <= "2018-07-31"
    # what the transfers would change is computed on a copy: the ledgers' coverage is as before
    assert (coverage(t).codes == r.before.codes).all()
    st = sv.totals()
    assert 1500 / 12 * 0.7 < st["needs"] < 1500 / 12 * 1.3
    assert 0.1 < st["met_before"] / st["needs"] < 0.3
    assert st["assigned"] + st["unmet"] == st["open"] and st["projects"] > 0
    assert all(p["met_before"] + p["assigned"] <= p["capacity"] for p in sv.projects())
    assert any(p["score"] is not None for p in sv.projects())


def test_the_other_ledgers_are_unchanged() -> None:
    city = build_city(300, seed=3)
    before = [(stem, kind) for stem, kind, _ in [("x", "organizations", [])]]
    added = with_services(city, [("x", "organizations", [])])
    assert [(stem, kind) for stem, kind, _ in added][:1] == before
    assert [kind for _, kind, _ in added[1:]] == ["transfers", "service-projects", "service-needs"]
    again = with_services(build_city(300, seed=3), [])
    assert [list(r) for _, _, r in again] == [list(r) for _, _, r in with_services(city, [])]
