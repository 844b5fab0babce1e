"""Deterministic identifiers: the same input always gives the same ID, in any run."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object, length: int = 16) -> str:
    """Hash of the parts joined by U+001F; `stable_id("ent", "Q7184")` is the same everywhere."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def bytes_id(data: bytes, length: int = 16) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def text_id(text: str, length: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]
