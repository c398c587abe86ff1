"""Checks the site's tests share."""

from __future__ import annotations

import re

# Words that never stand for a quantity: in math they mean prose was taken for TeX (a stray `$`).
PROSE_WORDS = {"the", "and", "is", "are", "of", "to", "with", "that", "this", "least", "for", "was", "by", "from"}
TEXT_COMMANDS = re.compile(r"\\(?:text\w*|mathrm|operatorname|mbox|mathtt|mathsf)\s*\{[^{}]*\}")


def prose_in_tex(tex: str) -> list[str]:
    """The ordinary English words in a piece of TeX, outside ``\\text{…}`` and the like."""
    bare = re.sub(r"\\[A-Za-z]+", " ", TEXT_COMMANDS.sub(" ", tex))
    return [word for word in re.findall(r"[A-Za-z]+", bare) if word.lower() in PROSE_WORDS]
