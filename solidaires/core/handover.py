"""One-time handover codes: a post or file made by an agent for someone offline is taken
over later with a short code read aloud or printed. Only the code's hash is stored.

Pure: no Django import. Used by missions, mutual aid and grants (decisions 0801, 0842, 1001).
"""

from __future__ import annotations

import hashlib
import re
import secrets

# No 0/O nor 1/I/L: codes are read aloud on the phone.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int, *, group: int = 0) -> str:
    """A random code of ``length`` characters, in groups of ``group`` joined by dashes."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    if not group:
        return raw
    return "-".join(raw[i : i + group] for i in range(0, length, group))


def normalize(code: str) -> str:
    """What the person typed, without case, spaces or dashes."""
    return re.sub(r"[^A-Z0-9]", "", (code or "").upper())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalize(code).encode()).hexdigest()
