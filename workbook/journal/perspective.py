"""Who the reader is here for, remembered across chapters.

``supporter``: worried about someone else (optionally named).
``self``: unsure about getting help for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content import Perspective
from .model import check_person_name, check_perspective
from .store import Journal

SETTING_KEY = "perspective"


@dataclass(frozen=True)
class PerspectiveChoice:
    perspective: Perspective
    person: str | None = None


def load_perspective(journal: Journal | None = None) -> PerspectiveChoice | None:
    """The saved choice, or ``None`` if the reader has not chosen yet."""
    saved = (journal or Journal()).setting(SETTING_KEY)
    if not isinstance(saved, dict) or saved.get("perspective") not in ("supporter", "self"):
        return None
    return PerspectiveChoice(saved["perspective"], saved.get("person") or None)


def check_choice(perspective: object, person: str | None = None) -> dict[str, str | None]:
    """The choice as it is saved (and exported); a name is kept only for supporters."""
    checked = check_perspective(perspective)
    name = check_person_name(person) if checked == "supporter" else None
    return {"perspective": checked, "person": name}


def save_perspective(
    perspective: str, person: str | None = None, journal: Journal | None = None
) -> PerspectiveChoice:
    """Validate and save the choice. A name is kept only for the supporter path."""
    saved = check_choice(perspective, person)
    (journal or Journal()).set_setting(SETTING_KEY, saved)
    return PerspectiveChoice(check_perspective(saved["perspective"]), saved["person"])
