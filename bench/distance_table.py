"""Benchmark of the territory's pure modules (not a test): parsing, areas, classes, distances.

    .venv/bin/python bench/distance_table.py [--epci 200054781] [--repeat 5]

Prints one JSON line. Defaults to the largest EPCI (Métropole du Grand Paris, 130 communes,
16 900 ordered pairs). Times are the best of ``--repeat`` runs, in seconds; rates are per second.
No Django, no database: solidaires.territory.{sources,geo,classify} only.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from solidaires.territory import classify, geo, sources  # noqa: E402

DATA = ROOT / "data" / "territory"


def best_of(repeat: int, func: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epci", default="200054781", help="SIREN of the EPCI (default: Grand Paris)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    csv_text = gzip.decompress((DATA / sources.COMMUNES_FILE).read_bytes()).decode("utf-8")
    parse_s, epcis = best_of(args.repeat, lambda: sources.parse_communes(io.StringIO(csv_text)))
    epci = epcis[args.epci]
    wanted = frozenset(c.insee for c in epci.communes)

    def stream() -> dict[str, Any]:
        with sources._open_text(DATA / sources.OUTLINES_FILE) as handle:
            return dict(sources.iter_outlines(handle, wanted))

    outlines_s, outlines = best_of(max(1, args.repeat // 2), stream)

    def areas_and_classes() -> list[Any]:
        result = []
        for commune in epci.communes:
            outline = outlines.get(commune.insee)
            area = geo.area_km2(outline) if outline else None
            dens = classify.density(commune.population, area)
            result.append(classify.classify(population=commune.population, density=dens))
        return result

    area_s, _ = best_of(args.repeat, areas_and_classes)

    points = [(c.insee, c.lat, c.lon) for c in epci.communes if c.lat is not None and c.lon is not None]
    matrix_s, rows = best_of(args.repeat, lambda: list(geo.distance_matrix(points)))  # type: ignore[arg-type]

    print(
        json.dumps(
            {
                "bench": "distance_table",
                "epci": args.epci,
                "epci_name": epci.name,
                "communes": len(epci.communes),
                "pairs": len(rows),
                "csv_parse_s": round(parse_s, 4),
                "csv_rows_per_s": round(sum(len(e.communes) for e in epcis.values()) / parse_s),
                "outline_stream_s": round(outlines_s, 4),
                "area_class_s": round(area_s, 5),
                "communes_per_s_area_class": round(len(epci.communes) / area_s),
                "matrix_s": round(matrix_s, 5),
                "pairs_per_s": round(len(rows) / matrix_s),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
