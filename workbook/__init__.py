"""Open Door: a private workbook for when someone you care about refuses help.

Notebooks use only the calls listed in ``__all__``, one per cell, for example::

    import workbook as wb
    wb.safety_box()

The model (content, journal, import and export) is usable without Jupyter;
the views live in :mod:`workbook.gui`.
"""

from __future__ import annotations

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
from .reasons_gui import curious_questions, reason_explorer, reasons_exercise, why_refuse_reflection
from .store import Journal, JournalError, NotAJournalError
from .summary_gui import my_summary
from .support_gui import (
    first_contact,
    if_they_say_no,
    question_sheet,
    support_for_supporters,
    where_to_look,
)

__version__ = "0.1.0"

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
