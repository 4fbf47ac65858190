"""The matching engine: pure Python and numpy/scipy, no Django, no other app of solidaires.

The Django side (``solidaires.matching.adapter``) turns database rows into the plain records of
``model.py``; everything here works on those records and on arrays built from them. See
docs/decisions/1300-matching-engine.md for the score and its parts.
"""
