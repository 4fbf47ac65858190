"""Readers of the official data files (no database)."""

from __future__ import annotations

import gzip
import json

import pytest
from django.conf import settings

from solidaires.territory import sources

HEADER = "insee,name,department,epci_siren,epci_name,epci_type,population,lat,lon,postal_codes\n"


def test_parse_communes_groups_by_epci_and_handles_missing_values():
    lines = [
        HEADER,
        '26362,Valence,26,200068781,"Valence Romans Agglo, test",CA,63714,44.9332,4.89214,26000\n',
        '26281,Romans-sur-Isère,26,200068781,"Valence Romans Agglo, test",CA,,,,26100 26750\n',
        "75056,Paris,75,,,,2100000,48.85,2.35,75001\n",
    ]
    epcis = sources.parse_communes(lines)
    assert list(epcis) == ["200068781"]
    epci = epcis["200068781"]
    assert epci.name == "Valence Romans Agglo, test"
    assert [c.insee for c in epci.communes] == ["26281", "26362"]
    romans = epci.communes[0]
    assert romans.population == 0
    assert romans.lat is None and romans.lon is None
    assert romans.postal_codes == ("26100", "26750")
    assert epci.population == 63714


@pytest.mark.parametrize(
    "lines",
    [["insee,name\n", "26362,Valence\n"], [HEADER, "26362,Valence,26,200068781,X,CA,beaucoup,,,26000\n"]],
)
def test_parse_communes_reports_bad_files(lines):
    with pytest.raises(sources.SourceError):
        sources.parse_communes(lines)


def test_iter_outlines_keeps_only_wanted_communes():
    geometry = {
        "type": "MultiPolygon",
        "coordinates": [[[[4.9, 44.9], [5.0, 44.9], [5.0, 45.0], [4.9, 44.9]]]],
    }
    lines = [
        json.dumps({"insee": "26362", "geometry": geometry}, separators=(",", ":")) + "\n",
        '{"insee":"01001","geometry":not even json}\n',  # skipped without parsing
        "\n",
        json.dumps({"geometry": geometry, "insee": "26281"}) + "\n",  # other key order: parsed
    ]
    found = dict(sources.iter_outlines(lines, frozenset({"26362", "26281"})))
    assert set(found) == {"26362", "26281"}
    assert found["26362"] == geometry


def test_iter_outlines_reports_invalid_json_for_wanted_lines():
    with pytest.raises(sources.SourceError):
        list(sources.iter_outlines(['{"insee":"26362",oops}\n'], frozenset({"26362"})))


def test_read_outlines_accepts_plain_and_gzipped_files(tmp_path):
    line = '{"insee":"26362","geometry":{"type":"Polygon","coordinates":[[[4.9,44.9],[5,44.9],[5,45],[4.9,44.9]]]}}\n'
    plain = tmp_path / "outlines.geojsonl"
    plain.write_text(line, encoding="utf-8")
    packed = tmp_path / "outlines.geojsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as handle:
        handle.write(line)
    assert set(sources.read_outlines(plain, ["26362"])) == {"26362"}
    assert set(sources.read_outlines(packed, ["26362", "99999"])) == {"26362"}


def test_missing_file_is_a_source_error(tmp_path):
    with pytest.raises(sources.SourceError):
        sources.read_communes(tmp_path / "absent.csv.gz")
    assert sources.read_town_halls(tmp_path / "absent.geojson") == {}


def test_real_national_file_has_the_reference_epcis():
    epcis = sources.read_communes(settings.SOLIDAIRES_TERRITORY_DATA_DIR / sources.COMMUNES_FILE)
    assert len(epcis["200068781"].communes) == 54
    assert epcis["200068781"].population == 221_737
    assert len(epcis["200046977"].communes) == 58
    assert len(epcis) > 1200


def test_town_halls_have_one_line_addresses():
    halls = sources.read_town_halls(settings.SOLIDAIRES_TERRITORY_DATA_DIR / sources.TOWN_HALLS_FILE)
    assert len(halls) == 54
    assert halls["26362"].address == "1 place de la Liberté, 26000 Valence"
    assert halls["26362"].phone == "04 75 79 20 00"
