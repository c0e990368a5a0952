"""Role passwords, stored only as scrypt hashes (`scrypt$n$r$p$salt$hash`, base64) and compared
as bytes in constant time: `hmac.compare_digest` on str raises TypeError for æøå (pitfalls.md).

`handover hash-password` prints a hash for `.streamlit/secrets.toml` or the environment.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata

_N, _R, _P = 2**14, 8, 1
PREFIX = "scrypt"


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # NFC: "å" typed as one character or as a + ring compares equal.
    data = unicodedata.normalize("NFC", password).encode("utf-8")
    return hashlib.scrypt(data, salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def hash_password(password: str) -> str:
    if not password:
        raise ValueError("an empty password cannot be set")
    salt = os.urandom(16)
    digest = _derive(password, salt, _N, _R, _P)
    encode = base64.b64encode
    return f"{PREFIX}${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def is_hash(stored: str) -> bool:
    parts = stored.strip().split("$")
    return len(parts) == 6 and parts[0] == PREFIX and all(x.isdigit() for x in parts[1:4])


def verify(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash; False for an empty password, an empty or
    malformed hash, or any mismatch. Never raises for what a user can type."""
    if not password or not is_hash(stored):
        return False
    _, n, r, p, salt, digest = stored.strip().split("$")
    try:
        expected = base64.b64decode(digest, validate=True)
        candidate = _derive(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate, expected)  # bytes, constant time
