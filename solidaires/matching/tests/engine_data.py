"""Small hand-made worlds for the engine's tests (no database)."""

from __future__ import annotations

from solidaires.matching.engine.model import MissionRecord, Place, Taxonomy, VolunteerRecord

TAXONOMY = Taxonomy(
    labels={
        "alimentation": "Alimentation et aide alimentaire",
        "reparation": "Réparation, réemploi et recyclerie",
        "numerique": "Numérique et inclusion numérique",
        "seniors": "Seniors et lutte contre l'isolement",
        "sante": "Santé et prévention",
    },
    related=frozenset({frozenset({"sante", "seniors"}), frozenset({"alimentation", "reparation"})}),
)

# Real town halls of Valence Romans Agglo (approximately).
VALENCE = Place("26362", "Valence", 44.9334, 4.8924, served=True, area="vra", fill_rate=0.7)
CHABEUIL = Place("26064", "Chabeuil", 44.8983, 5.0192, served=False, area="vra", fill_rate=0.3)
ROMANS = Place("26281", "Romans-sur-Isère", 45.0434, 5.0514, served=True, area="vra", fill_rate=0.6)
MONTELIER = Place("26197", "Montélier", 44.9339, 5.0325, served=False, area="vra", fill_rate=0.5)
LYON = Place("69123", "Lyon", 45.7640, 4.8357, served=True, area="lyon", fill_rate=0.9)
PLACES = [VALENCE, CHABEUIL, ROMANS, MONTELIER, LYON]


def mission(id: int, **kwargs: object) -> MissionRecord:
    defaults: dict[str, object] = {
        "title": f"Mission {id}",
        "places": ("26362",),
        "themes": frozenset({"alimentation"}),
    }
    defaults.update(kwargs)
    return MissionRecord(id=id, **defaults)  # type: ignore[arg-type]


def volunteer(id: int = 1, **kwargs: object) -> VolunteerRecord:
    defaults: dict[str, object] = {"place": "26362"}
    defaults.update(kwargs)
    return VolunteerRecord(id=id, **defaults)  # type: ignore[arg-type]
