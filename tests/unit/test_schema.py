import pytest

from pbgraph.graphmodel.schema import FIELDS, NODES, RELS, RESULT_RELS, NodeType, RelType, rel
from pbgraph.loaders.ledgers import KINDS, norm_header
from pbgraph.stores import cypher


def test_relationship_endpoints_are_labels() -> None:
    for r in RELS:
        assert r.start in NODES and r.end in NODES, r


def test_relationship_names_are_unique() -> None:
    names = [r.name for r in (*RELS, *RESULT_RELS)]
    assert len(names) == len(set(names))


def test_keys_are_required_properties() -> None:
    for n in NODES.values():
        assert n.prop(n.key).required, n.label


def test_choice_labels_cover_choices() -> None:
    for n in NODES.values():
        for p in n.props:
            if p.labels:
                assert {v for v, _ in p.labels} == set(p.choices), (n.label, p.name)


def test_ledger_headers_do_not_collide_within_a_kind() -> None:
    for kind in KINDS.values():
        seen: dict[str, str] = {}
        for c in kind.columns:
            for name in c.names():
                h = norm_header(name)
                assert seen.setdefault(h, c.field) == c.field, (kind.name, name, seen[h], c.field)


def test_every_ledger_column_comes_from_the_schema() -> None:
    schema_props = {id(p) for n in NODES.values() for p in n.props} | {
        id(p) for p in FIELDS.values()
    }
    for kind in KINDS.values():
        for c in kind.columns:
            assert id(c.prop) in schema_props, (kind.name, c.field)


def test_cypher_refuses_types_outside_the_schema() -> None:
    evil = NodeType("X`}) DETACH DELETE n //", "id", "", ())
    with pytest.raises(ValueError):
        cypher.merge_nodes(evil)
    with pytest.raises(ValueError):
        cypher.merge_rels(RelType("EVIL", "Organization", "Region", ""))


def test_constraints_cover_every_label() -> None:
    text = "\n".join(cypher.constraints())
    for n in NODES.values():
        assert f"(n:`{n.label}`) REQUIRE n.`{n.key}` IS UNIQUE" in text


def test_rel_lookup() -> None:
    assert rel("GUIDES", "Instructor", "PartyOrg").end == "PartyOrg"
    with pytest.raises(KeyError):
        rel("GUIDES", "Instructor", "Region")
