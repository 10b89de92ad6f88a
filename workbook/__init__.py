"""Open Door: a private workbook for when someone you care about refuses help.

Notebooks use only the calls listed in ``__all__``, one per cell, for example::

    import workbook as wb
    wb.safety_box()

The model (content, journal, import and export) is usable without Jupyter;
the views live in the ``*_gui`` modules. Names are imported on first use, so
``import workbook`` (and every ``workbook`` command) starts fast and loads
pandas, matplotlib and ipywidgets only when something needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "CheckIn": "model",
    "ContentError": "content",
    "Factor": "content",
    "InvalidEntry": "model",
    "Journal": "store",
    "JournalError": "store",
    "NotAJournalError": "store",
    "PerspectiveChoice": "perspective",
    "Reflection": "model",
    "add_reflection": "journal_gui",
    "check_in_form": "checkin_gui",
    "check_in_profile": "checkin_gui",
    "check_in_safety": "checkin_gui",
    "check_in_save": "checkin_gui",
    "choose_perspective": "gui",
    "contents": "gui",
    "curious_questions": "reasons_gui",
    "data_dir": "paths",
    "data_tools": "journal_gui",
    "discussion_prompts": "facilitator_gui",
    "factor_ids": "content",
    "factors": "content",
    "first_contact": "support_gui",
    "four_week_series": "facilitator_gui",
    "ground_rules": "facilitator_gui",
    "group_exercises": "facilitator_gui",
    "group_view": "facilitator_gui",
    "if_they_say_no": "support_gui",
    "load_perspective": "perspective",
    "make_checkin": "model",
    "make_reflection": "model",
    "my_summary": "summary_gui",
    "navigation": "gui",
    "not_a_substitute": "gui",
    "over_time": "journal_gui",
    "plan_conversation": "conversation_gui",
    "practice_slider": "gui",
    "practice_what_to_say": "conversation_gui",
    "privacy_notice": "gui",
    "privacy_talk": "facilitator_gui",
    "question_sheet": "support_gui",
    "reason_explorer": "reasons_gui",
    "reasons_exercise": "reasons_gui",
    "safety_box": "gui",
    "safety_first": "gui",
    "save_perspective": "perspective",
    "session_plans": "facilitator_gui",
    "stress_check": "caring_gui",
    "support_for_supporters": "support_gui",
    "when_someone_is_distressed": "facilitator_gui",
    "where_to_look": "support_gui",
    "why_refuse_reflection": "reasons_gui",
    "worksheet": "caring_gui",
}

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
    from .caring_gui import stress_check, worksheet
    from .checkin_gui import check_in_form, check_in_profile, check_in_safety, check_in_save
    from .content import ContentError, Factor, factor_ids, factors
    from .conversation_gui import plan_conversation, practice_what_to_say
    from .facilitator_gui import (
        discussion_prompts,
        four_week_series,
        ground_rules,
        group_exercises,
        group_view,
        privacy_talk,
        session_plans,
        when_someone_is_distressed,
    )
    from .gui import (
        choose_perspective,
        contents,
        navigation,
        not_a_substitute,
        practice_slider,
        privacy_notice,
        safety_box,
        safety_first,
    )
    from .journal_gui import add_reflection, data_tools, over_time
    from .model import CheckIn, InvalidEntry, Reflection, make_checkin, make_reflection
    from .paths import data_dir
    from .perspective import PerspectiveChoice, load_perspective, save_perspective
    from .reasons_gui import (
        curious_questions,
        reason_explorer,
        reasons_exercise,
        why_refuse_reflection,
    )
    from .store import Journal, JournalError, NotAJournalError
    from .summary_gui import my_summary
    from .support_gui import (
        first_contact,
        if_they_say_no,
        question_sheet,
        support_for_supporters,
        where_to_look,
    )
