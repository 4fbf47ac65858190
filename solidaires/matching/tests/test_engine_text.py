from solidaires.matching.engine.text import Vectorizer, fold, matching_skills, split_skills, stems


def test_fold_removes_accents_and_ligatures():
    assert fold("Œuvre Épicerie À côté") == "oeuvre epicerie a cote"


def test_stems_share_a_root_across_forms_and_drop_stop_words():
    assert stems("bricolage")[0] == stems("bricoler")[0] == stems("Bricoleur")[0]
    assert stems("cuisiner")[0] == stems("cuisine")[0] == stems("cuisinier")[0]
    assert stems("jardinage")[0] == stems("jardiner")[0] == stems("jardinier")[0]
    assert stems("de la et pour") == []
    # Accents do not matter once folded.
    assert stems("épicerie") == stems("epicerie")


def test_split_skills():
    assert split_skills("Bricolage, cuisine et jardinage ; couture") == [
        "Bricolage",
        "cuisine",
        "jardinage",
        "couture",
    ]


def test_matching_skills_in_the_persons_words():
    mission = set(stems("Atelier de bricolage et de couture pour le quartier"))
    assert matching_skills(["Bricoler", "Chanter", "coudre"], mission) == ["Bricoler"]
    assert matching_skills(["bricolage", "Bricolage"], mission) == ["bricolage"]


def test_vectorizer_cosine_prefers_shared_rare_words():
    docs = [
        Vectorizer.document("Distribution de colis alimentaires", "distribution"),
        Vectorizer.document("Atelier réparation de vélos", "réparation de vélos"),
        Vectorizer.document("Aide aux devoirs", ""),
    ]
    vec = Vectorizer(docs)
    matrix = vec.transform(docs)
    person = vec.transform([Vectorizer.document("Je sais réparer les vélos", "réparer")])
    scores = (matrix @ person.T).toarray().ravel()
    assert scores.argmax() == 1
    assert 0 < scores[1] <= 1.0 + 1e-6
    assert scores[2] == 0
    # Rows are unit vectors.
    assert abs((matrix.multiply(matrix)).sum(axis=1).max() - 1) < 1e-5
