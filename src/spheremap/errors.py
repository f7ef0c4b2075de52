"""The errors spheremap raises on purpose, and how a terminal is shown them.

This module imports nothing of the package, so that the ``spheremap`` command can report an
error raised while the package loads (a broken vocabulary, see :mod:`spheremap.model`) in one
line, like any other.
"""

from __future__ import annotations


class SpheremapError(Exception):
    """Base of every error spheremap raises on purpose; the CLI prints it in one line."""


class DataError(SpheremapError):
    """A data file is missing, unreadable or breaks the model."""

    def __init__(self, path: object, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class InputError(SpheremapError):
    """A user-supplied value (date, coordinate, column, option) is unusable."""


#: Code points a terminal would obey rather than show: C0 (but tab and newline), DEL and C1
#: controls, and the bidirectional marks and overrides.
UNSAFE_CODEPOINTS = [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]
UNSAFE_CODEPOINTS += [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_VISIBLE = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in UNSAFE_CODEPOINTS}


def visible(text: object) -> str:
    """``text`` made safe to print on a terminal: control characters shown as ``\\xNN``.

    Everything the CLI prints from documents, layers or input files goes through here, so an
    escape sequence in a document is shown, never obeyed.
    """
    return str(text).translate(_VISIBLE)
