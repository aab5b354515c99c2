"""What the generator draws: streets, districts, organizations, and the city holding them
with the ledgers' other records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .vocabulary import JINAN, Place


@dataclass
class Street:
    name: str
    district: str
    code: str  # 9-digit synthetic division code
    lat: float
    lon: float
    communities: list[str] = field(default_factory=list)
    buildings: list[int] = field(default_factory=list)


@dataclass
class District:
    name: str
    code: str


@dataclass
class Org:
    code: str
    name: str
    kind: str
    industry: str
    street: int
    building: int | None
    employees: int
    revenue: float
    key: bool
    formal: int
    probationary: int
    lat: float
    lon: float


@dataclass
class City:
    """Everything the generator draws before writing ledgers (handy in tests)."""

    seed: int
    districts: list[District]
    streets: list[Street]
    buildings: list[tuple[str, str, int, float, float]]  # name, kind, street, lat, lon
    orgs: list[Org]
    party_orgs: list[dict[str, Any]]
    members: list[dict[str, Any]]
    instructors: list[dict[str, Any]]
    platforms: list[dict[str, Any]]
    pairings: list[dict[str, Any]]
    visits: list[dict[str, Any]]
    demo_sites: list[dict[str, Any]] = field(default_factory=list)
    place: Place = JINAN
