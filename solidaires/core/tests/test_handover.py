import re

from solidaires.core.handover import ALPHABET, hash_code, new_code, normalize


def test_codes_are_grouped_and_unambiguous():
    code = new_code(12, group=4)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert set(code.replace("-", "")) <= set(ALPHABET)
    assert not set("01OIL") & set(ALPHABET)


def test_hash_ignores_case_spaces_and_dashes():
    assert normalize(" abcd-ef 23 ") == "ABCDEF23"
    assert hash_code("abcd-ef23") == hash_code("ABCDEF23")
    assert hash_code("ABCDEF23") != hash_code("ABCDEF24")
