"""Reasons in plain French for a recommendation: its strongest parts, at most three.

For the person ("volunteer"): "À 4 km de Chabeuil" (from their commune), "Vos compétences :
bricolage", "Le mardi soir, quand vous êtes disponible", "Un thème qui vous tient à cœur :
Alimentation et aide alimentaire", "Cherche des bénévoles depuis 6 semaines".
For an association ("association"), about a person who offered help, without identifying
them: "À 4 km de Chabeuil" (from the mission), "Compétences : bricolage", "Disponible le
mardi soir", "Thème choisi : …".
"""

from __future__ import annotations

from solidaires.matching.engine import geo, schedule, scoring
from solidaires.matching.engine.model import MissionRecord, Place, Reason, VolunteerRecord
from solidaires.matching.engine.text import matching_skills, stems

MAX_REASONS = 3
URGENT_DAYS = 21
EQUITY_RATE = 0.5


def _km_text(km: float) -> str:
    return f"{km:.0f}" if km >= 1.5 else "1"


def reasons(
    *,
    mission: MissionRecord,
    volunteer: VolunteerRecord,
    mission_place: Place | None,
    volunteer_place: Place | None,
    codec: scoring.ThemeCodec,
    audience: str = "volunteer",
    limit: int = MAX_REASONS,
    mission_stems: set[str] | None = None,
) -> tuple[Reason, ...]:
    """The top reasons, strongest first."""
    for_volunteer = audience == "volunteer"
    found: list[Reason] = []
    # Where.
    if mission.is_remote:
        found.append(
            Reason("distance", "À distance, depuis chez vous" if for_volunteer else "Mission à distance", 0.3)
        )
    elif mission_place is not None and volunteer_place is not None:
        km = geo.haversine_km(volunteer_place.lat, volunteer_place.lon, mission_place.lat, mission_place.lon)
        modes = geo.modes_of(volunteer.modes)
        same_area = volunteer_place.area == mission_place.area
        mode, prox = geo.best_mode(km, modes, served=mission_place.served, same_area=same_area)
        if mission_place.key == volunteer_place.key:
            text = (
                f"Dans votre commune, {mission_place.name}"
                if for_volunteer
                else "Dans la commune de la mission"
            )
        else:
            origin = volunteer_place.name if for_volunteer else mission_place.name
            text = f"À {_km_text(km)} km de {origin}"
        found.append(Reason("distance", text, 0.4 * max(prox, 0.3)))
        if volunteer.modes and geo.CAR not in volunteer.modes:
            if mode is not None and mode.key == geo.PUBLIC_TRANSPORT:
                found.append(Reason("mobility", "Accessible en transports en commun", 0.15))
            elif mode is not None and mode.key == geo.NEEDS_LIFT:
                found.append(Reason("mobility", "Un minibus solidaire peut faire le trajet", 0.15))
    elif mission_place is not None:
        found.append(Reason("distance", f"À {mission_place.name}", 0.2))
    # Themes.
    shared = [s for s in codec.taxonomy.labels if s in volunteer.themes and s in mission.themes]
    if shared:
        label = codec.taxonomy.labels[shared[0]]
        prefix = "Un thème qui vous tient à cœur" if for_volunteer else "Thème choisi"
        theme_score = len(shared) / max(1, min(len(volunteer.themes), len(mission.themes)))
        found.append(Reason("theme", f"{prefix} : {label}", scoring.WEIGHTS.themes * theme_score))
    elif close_mask := codec.related_mask(volunteer.themes) & codec.mask(mission.themes):
        label = codec.taxonomy.labels[codec.slugs(close_mask)[0]]
        prefix = "Proche de vos thèmes" if for_volunteer else "Proche de ses thèmes"
        found.append(Reason("theme", f"{prefix} : {label}", scoring.WEIGHTS.themes * scoring.RELATED))
    # Skills, in the person's own words.
    if mission_stems is None:
        mission_stems = set(stems(f"{mission.title} {mission.text} {mission.skills}"))
    skills = matching_skills(volunteer.skills, mission_stems)
    if skills:
        prefix = "Vos compétences" if for_volunteer else "Compétences"
        found.append(Reason("skills", f"{prefix} : {', '.join(skills).lower()}", scoring.WEIGHTS.text * 0.8))
    # When.
    if mission.flexible:
        found.append(
            Reason(
                "schedule", "Horaires libres : quand vous voulez" if for_volunteer else "Horaires libres", 0.1
            )
        )
    else:
        described = schedule.describe_overlap(volunteer.availability, mission.schedule)
        if described:
            share = (volunteer.availability & mission.schedule).bit_count() / mission.schedule.bit_count()
            if not for_volunteer:
                described = "Disponible " + described.split(",")[0].lower()
            found.append(Reason("schedule", described, scoring.WEIGHTS.availability * share))
    # Urgency and equity.
    if mission.days_open >= URGENT_DAYS:
        weeks = int(mission.days_open // 7)
        found.append(Reason("urgency", f"Cherche des bénévoles depuis {weeks} semaines", 0.12))
    if (
        mission_place is not None
        and mission_place.fill_rate is not None
        and mission_place.fill_rate < EQUITY_RATE
    ):
        found.append(Reason("equity", f"À {mission_place.name}, peu de missions trouvent des bénévoles", 0.1))
    found.sort(key=lambda r: -r.weight)
    return tuple(found[:limit])
