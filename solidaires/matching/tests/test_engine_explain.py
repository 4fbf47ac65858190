"""Reasons in plain French, strongest first, at most three; for the person and for an association."""

from solidaires.matching.engine import explain, schedule
from solidaires.matching.engine.recommend import Engine

from .engine_data import PLACES, TAXONOMY, mission, volunteer

EVENING = schedule.bit(1, 2)


def texts(rec):
    return [r.text for r in rec.reasons]


def test_reasons_for_the_person():
    engine = Engine(
        [
            mission(
                1,
                title="Atelier vélo",
                text="Réparer les vélos du quartier le mardi soir",
                skills="bricolage",
                places=("26064",),
                schedule=EVENING,
            )
        ],
        PLACES,
        TAXONOMY,
    )
    person = volunteer(
        place="26197",  # Montélier, 4 km from Chabeuil
        modes=frozenset({"car"}),
        themes=frozenset({"alimentation"}),
        skills=("Bricoler", "chanter"),
        availability=EVENING,
    )
    [rec] = engine.recommend(person)
    assert texts(rec) == [
        "Un thème qui vous tient à cœur : Alimentation et aide alimentaire",
        "À 4 km de Montélier",
        "Le mardi soir, quand vous êtes disponible",
    ]
    every = explain.reasons(
        mission=engine.missions[0], volunteer=person, mission_place=PLACES[1], volunteer_place=PLACES[3],
        codec=engine.index.codec, limit=10,
    )  # fmt: skip
    # "Bricoler" (the person's word) matches "bricolage"; "chanter" matches nothing.
    assert "Vos compétences : bricoler" in [r.text for r in every]
    assert [r.weight for r in every] == sorted((r.weight for r in every), reverse=True)


def test_distance_same_commune_remote_and_related_theme():
    engine = Engine(
        [
            mission(1, places=("26362",), themes=frozenset({"seniors"})),
            mission(2, is_remote=True, places=(), themes=frozenset({"sante"})),
        ],
        PLACES,
        TAXONOMY,
    )
    recs = {
        r.mission_id: texts(r)
        for r in engine.recommend(volunteer(themes=frozenset({"sante"}), remote_ok=True))
    }
    assert "Dans votre commune, Valence" in recs[1]
    assert "Proche de vos thèmes : Seniors et lutte contre l'isolement" in recs[1]
    assert "À distance, depuis chez vous" in recs[2]
    assert "Un thème qui vous tient à cœur : Santé et prévention" in recs[2]


def test_kilometres_from_the_persons_commune_urgency_equity_and_mobility():
    engine = Engine([mission(1, places=("26064",), days_open=43)], PLACES, TAXONOMY)
    person = volunteer(place="26197", modes=frozenset({"car"}), themes=frozenset({"numerique"}))
    [rec] = engine.recommend(person)
    assert texts(rec) == [
        "À 4 km de Montélier",
        "Cherche des bénévoles depuis 6 semaines",
        "À Chabeuil, peu de missions trouvent des bénévoles",
    ]
    reasons = explain.reasons(
        mission=engine.missions[0],
        volunteer=person,
        mission_place=PLACES[1],
        volunteer_place=PLACES[3],
        codec=engine.index.codec,
        limit=10,
    )
    by_kind = {r.kind: r.text for r in reasons}
    assert by_kind["distance"] == "À 4 km de Montélier"
    assert by_kind["urgency"] == "Cherche des bénévoles depuis 6 semaines"
    assert by_kind["equity"] == "À Chabeuil, peu de missions trouvent des bénévoles"
    transit = volunteer(place="26362", modes=frozenset({"public_transport"}))
    reasons = explain.reasons(
        mission=engine.missions[0], volunteer=transit, mission_place=PLACES[2], volunteer_place=PLACES[0],
        codec=engine.index.codec, limit=10,
    )  # fmt: skip
    assert "Accessible en transports en commun" in [r.text for r in reasons]


def test_reasons_for_an_association_name_no_one():
    engine = Engine([mission(1, places=("26064",), schedule=EVENING)], PLACES, TAXONOMY)
    people = [
        volunteer(
            1, place="26197", themes=frozenset({"alimentation"}), availability=EVENING, skills=("cuisine",)
        ),
        volunteer(2, place="69123", themes=frozenset({"alimentation"})),  # Lyon: out of reach
    ]
    recs = engine.volunteers_for(1, people)
    assert [r.volunteer_id for r in recs] == [1]
    assert texts(recs[0]) == [
        "Thème choisi : Alimentation et aide alimentaire",
        "Disponible le mardi soir",
        "À 4 km de Chabeuil",
    ]


def test_digest_streams_people_with_missions_and_spreads():
    engine = Engine([mission(1, days_open=2), mission(2, days_open=30)], PLACES, TAXONOMY).fresh()
    assert [m.id for m in engine.missions] == [1]
    out = dict(engine.digest([volunteer(1), volunteer(2, place="69123")]))
    assert list(out) == [1]
    assert engine.index.exposure[0] == 1
