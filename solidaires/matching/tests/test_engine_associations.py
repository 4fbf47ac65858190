from solidaires.matching.engine.associations import AssociationRecord, close_pairs

from .engine_data import CHABEUIL, LYON, MONTELIER, TAXONOMY, VALENCE

PLACES = {p.key: p for p in (VALENCE, CHABEUIL, MONTELIER, LYON)}


def test_close_pairs_with_reasons_in_different_neighbouring_communes():
    associations = [
        AssociationRecord(1, "Épicerie", frozenset({"alimentation"}), VALENCE.key),
        AssociationRecord(2, "Banque alimentaire", frozenset({"alimentation"}), MONTELIER.key),
        AssociationRecord(3, "Ressourcerie", frozenset({"reparation"}), CHABEUIL.key),
        AssociationRecord(4, "Même commune", frozenset({"alimentation"}), VALENCE.key),
        AssociationRecord(5, "Lyonnaise", frozenset({"alimentation"}), LYON.key),
        AssociationRecord(6, "Club", frozenset({"numerique"}), MONTELIER.key),
    ]
    pairs = close_pairs(associations, PLACES, TAXONOMY)
    found = {(p.first, p.second): p for p in pairs}
    assert (1, 4) not in found  # same commune
    assert not any(5 in key for key in found)  # Lyon is far
    assert not any(6 in key for key in found)  # no theme in common or close
    assert (
        found[(1, 2)].reason
        == "Thème en commun : Alimentation et aide alimentaire ; à 11 km (Valence – Montélier)"
    )
    assert found[(2, 3)].reason.startswith(
        "Thèmes proches : Alimentation et aide alimentaire / Réparation, réemploi et recyclerie ; à "
    )
    assert pairs[0].score >= pairs[-1].score
    only = close_pairs(associations, PLACES, TAXONOMY, only=3)
    assert {(p.first, p.second) for p in only} == {(1, 3), (2, 3), (3, 4)}
