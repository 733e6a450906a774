"""Values read out of a generator's own config file, whatever its syntax."""

from __future__ import annotations


def text(value: object) -> str:
    """A setting's text, stripped; '' for anything else."""
    return value.strip() if isinstance(value, str) else ""


def nested(data: object, *keys: str) -> object:
    """``data[k1][k2]...``, or None where a level is missing or not a table."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def feed_limit(value: object) -> int | None:
    """A feed size setting; None for unlimited (zero, negative or unset)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
