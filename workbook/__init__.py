"""Open Door: a private workbook for when someone you care about refuses help.

Notebooks use only the calls listed in ``__all__``, one per cell, for example::

    import workbook as wb
    wb.safety_box()

The model (content, journal, import and export) is usable without Jupyter;
the views live in ``workbook.views`` (see docs/architecture.md). Names are imported on first use, so
``import workbook`` (and every ``workbook`` command) starts fast and loads
pandas, matplotlib and ipywidgets only when something needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "CheckIn": "journal.model",
    "ContentError": "content",
    "Factor": "content",
    "InvalidEntry": "journal.model",
    "Journal": "journal.store",
    "JournalError": "journal.store",
    "NotAJournalError": "journal.store",
    "PerspectiveChoice": "journal.perspective",
    "Reflection": "journal.model",
    "add_reflection": "views.journal",
    "check_in_form": "views.checkin",
    "check_in_profile": "views.checkin",
    "check_in_safety": "views.checkin",
    "check_in_save": "views.checkin",
    "choose_perspective": "views.start",
    "contents": "views.notices",
    "curious_questions": "views.reasons",
    "data_dir": "paths",
    "data_tools": "views.journal",
    "discussion_prompts": "views.facilitator",
    "factor_ids": "content",
    "factors": "content",
    "first_contact": "views.support",
    "four_week_series": "views.facilitator",
    "ground_rules": "views.facilitator",
    "group_exercises": "views.facilitator",
    "group_view": "views.facilitator",
    "guide": "views.guides",
    "how_to_use": "views.start",
    "if_they_say_no": "views.support",
    "load_perspective": "journal.perspective",
    "make_checkin": "journal.model",
    "make_reflection": "journal.model",
    "my_summary": "views.summary",
    "navigation": "views.notices",
    "not_a_substitute": "views.notices",
    "over_time": "views.journal",
    "plan_conversation": "views.conversation",
    "practice_slider": "views.start",
    "practice_what_to_say": "views.conversation",
    "privacy_notice": "views.notices",
    "privacy_talk": "views.facilitator",
    "question_sheet": "views.support",
    "reason_explorer": "views.reasons",
    "reasons_exercise": "views.reasons",
    "safety_box": "views.notices",
    "safety_first": "views.notices",
    "save_perspective": "journal.perspective",
    "session_plans": "views.facilitator",
    "stress_check": "views.caring",
    "support_for_supporters": "views.support",
    "when_someone_is_distressed": "views.facilitator",
    "where_to_look": "views.support",
    "why_refuse_reflection": "views.reasons",
    "worksheet": "views.caring",
}

# The same names as the map above, spelled out for linters and type checkers;
# tests/test_architecture.py checks the two (and the TYPE_CHECKING imports) agree.
__all__ = [
    "CheckIn",
    "ContentError",
    "Factor",
    "InvalidEntry",
    "Journal",
    "JournalError",
    "NotAJournalError",
    "PerspectiveChoice",
    "Reflection",
    "add_reflection",
    "check_in_form",
    "check_in_profile",
    "check_in_safety",
    "check_in_save",
    "choose_perspective",
    "contents",
    "curious_questions",
    "data_dir",
    "data_tools",
    "discussion_prompts",
    "factor_ids",
    "factors",
    "first_contact",
    "four_week_series",
    "ground_rules",
    "group_exercises",
    "group_view",
    "guide",
    "how_to_use",
    "if_they_say_no",
    "load_perspective",
    "make_checkin",
    "make_reflection",
    "my_summary",
    "navigation",
    "not_a_substitute",
    "over_time",
    "plan_conversation",
    "practice_slider",
    "practice_what_to_say",
    "privacy_notice",
    "privacy_talk",
    "question_sheet",
    "reason_explorer",
    "reasons_exercise",
    "safety_box",
    "safety_first",
    "save_perspective",
    "session_plans",
    "stress_check",
    "support_for_supporters",
    "when_someone_is_distressed",
    "where_to_look",
    "why_refuse_reflection",
    "worksheet",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'workbook' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


if TYPE_CHECKING:
    from .content import ContentError, Factor, factor_ids, factors
    from .journal.model import CheckIn, InvalidEntry, Reflection, make_checkin, make_reflection
    from .journal.perspective import PerspectiveChoice, load_perspective, save_perspective
    from .journal.store import Journal, JournalError, NotAJournalError
    from .paths import data_dir
    from .views.caring import stress_check, worksheet
    from .views.checkin import check_in_form, check_in_profile, check_in_safety, check_in_save
    from .views.conversation import plan_conversation, practice_what_to_say
    from .views.facilitator import (
        discussion_prompts,
        four_week_series,
        ground_rules,
        group_exercises,
        group_view,
        privacy_talk,
        session_plans,
        when_someone_is_distressed,
    )
    from .views.guides import guide
    from .views.journal import add_reflection, data_tools, over_time
    from .views.notices import (
        contents,
        navigation,
        not_a_substitute,
        privacy_notice,
        safety_box,
        safety_first,
    )
    from .views.reasons import (
        curious_questions,
        reason_explorer,
        reasons_exercise,
        why_refuse_reflection,
    )
    from .views.start import choose_perspective, how_to_use, practice_slider
    from .views.summary import my_summary
    from .views.support import (
        first_contact,
        if_they_say_no,
        question_sheet,
        support_for_supporters,
        where_to_look,
    )
