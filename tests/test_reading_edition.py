"""The reading edition of chapters 00-02: in the exported site (no kernel) each view
shows its content as plain HTML and no control that would do nothing; in JupyterLab
the widgets stay as they were. Widgets are read without a browser, by walking the
widget tree and reading each part's ``value``."""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as widgets
import pytest
from helpers import visible_text
from IPython.display import HTML

import workbook as wb
from workbook import content
from workbook.html.reasons import answer_anchor, reason_anchor, story_anchor
from workbook.journal.perspective import save_perspective
from workbook.views.caring import WorksheetForm
from workbook.views.conversation import ConversationPlanner, PracticeWhatToSay
from workbook.views.reasons import ReasonExplorer, ReasonsExercise
from workbook.views.start import PerspectiveChooser, PracticeSlider

# Parts of a widget tree that a reader could operate.
CONTROLS = (widgets.Button, widgets.ToggleButton, widgets.ToggleButtons,
            widgets.RadioButtons, widgets.Dropdown, widgets.Select, widgets.SelectMultiple,
            widgets.Checkbox, widgets.Text, widgets.Textarea, widgets.IntSlider,
            widgets.FloatSlider, widgets.IntText, widgets.FloatText, widgets.SelectionSlider)
# HTML that a reader could operate: <details> is native and works with no kernel.
HTML_CONTROLS = re.compile(r"<(button|input|select|textarea)\b", re.I)


def _save_labels() -> set[str]:
    """Every label a button that saves carries."""
    interface, caring = content.interface(), content.caring()
    return {interface.reflection.save_button, interface.perspective.save_button,
            content.conversation().planner_button, caring.stress_check.save_button,
            content.interface().exercise.check_button, content.conversation().practice_button,
            *(sheet.save_button for sheet in caring.worksheets)}


def shown(output: object) -> tuple[str, list[widgets.Widget]]:
    """All the HTML a view shows, and the controls in it (walking a widget's children)."""
    if isinstance(output, HTML):
        return str(output.data), []
    markup: list[str] = []
    controls: list[widgets.Widget] = []

    def walk(item: object) -> None:
        if isinstance(item, CONTROLS):
            controls.append(item)
        if isinstance(item, widgets.HTML):
            markup.append(item.value)
        for child in getattr(item, "children", ()):
            walk(child)

    walk(output)
    return "".join(markup), controls


def reading(output: object) -> str:
    """The HTML of a reading form; fails if anything in it could be operated."""
    markup, controls = shown(output)
    assert not controls, f"controls on the site: {controls}"
    assert not HTML_CONTROLS.search(markup), HTML_CONTROLS.search(markup)
    text = visible_text(markup)
    for label in _save_labels():
        assert label not in text, f"{label!r} shown on the site"
    return markup


@pytest.fixture
def site(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBOOK_SURFACE", "site")
    return data_dir


@pytest.fixture
def lab(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBOOK_SURFACE", "lab")
    return data_dir


def _has(markup: str, *parts: str) -> None:
    text = visible_text(markup)
    for part in parts:
        assert visible_text(part) in text, part


# --- chapter 00 ------------------------------------------------------------------------


def test_practice_slider_on_the_site_is_a_scale_to_circle(site: Path) -> None:
    markup = reading(wb.practice_slider())
    practice = content.interface().practice
    _has(markup, content.interface().surfaces.practice.site, practice.slider_label,
         practice.scale.low, practice.scale.high)
    assert markup.count("class=\"od-box\"") == 11


def test_the_site_says_which_path_it_shows(site: Path) -> None:
    text = content.interface().perspective
    markup = reading(wb.choose_perspective())
    _has(markup, text.site_path["supporter"].format(**text.choices))
    save_perspective("self")
    _has(reading(wb.choose_perspective()), text.site_path["self"].format(**text.choices))


def test_data_tools_on_the_site_are_words(site: Path) -> None:
    _has(reading(wb.data_tools()), content.journal_text().data_tools.site_heading)


def test_chapter_00_keeps_its_widgets_in_the_lab(lab: Path) -> None:
    assert isinstance(wb.practice_slider(), PracticeSlider)
    assert isinstance(wb.choose_perspective(), PerspectiveChooser)


# --- chapter 01 ------------------------------------------------------------------------


def test_the_explorer_on_the_site_holds_every_reason_and_story(site: Path) -> None:
    markup = reading(wb.reason_explorer())
    for reason in content.reasons().reasons:
        _has(markup, reason.title, reason.summary, reason.underneath, *reason.sounds_like,
             *reason.helps, *reason.backfires, *reason.reflection["supporter"])
        assert f"id=\"{reason_anchor(reason.id)}\"" in markup
        assert f"href=\"#{reason_anchor(reason.id)}\"" in markup
    for story in content.examples():
        _has(markup, story.title, story.who, story.concern, story.story)
        if story.safety_note:
            _has(markup, story.safety_note)
        assert f"id=\"{story_anchor(story.id)}\"" in markup
        assert f"href=\"#{story_anchor(story.id)}\"" in markup
        # Each story links to its worked answer in the exercise.
        assert f"href=\"#{answer_anchor(story.id)}\"" in markup
    # Every link in it lands on something in the page (or the exercise's answers).
    targets = set(re.findall(r"id=\"([^\"]+)\"", markup))
    targets |= {answer_anchor(s.id) for s in content.examples()}
    for href in re.findall(r"href=\"#([^\"]+)\"", markup):
        assert href in targets, href


def test_the_exercise_on_the_site_gives_each_storys_worked_answer(site: Path) -> None:
    markup = reading(wb.reasons_exercise())
    assert markup.count("<details") == len(content.examples())
    for story in content.examples():
        assert f"id=\"{answer_anchor(story.id)}\"" in markup
        assert f"href=\"#{story_anchor(story.id)}\"" in markup
        _has(markup, content.interface().exercise.site_answer.format(story=story.title))
        for cue in story.cues:
            _has(markup, wb_reason_title(cue.reason), cue.cue)


def wb_reason_title(reason_id: str) -> str:
    return next(r.title for r in content.reasons().reasons if r.id == reason_id)


def test_the_closing_questions_on_the_site_are_paper_forms_for_both_paths(site: Path) -> None:
    markup = reading(wb.why_refuse_reflection())
    questions = content.reasons().closing_reflection.questions
    _has(markup, *(q.text for q in questions["supporter"]), *(q.text for q in questions["self"]))
    assert markup.count("class=\"od-lines\"") == len(questions["supporter"]) + len(
        questions["self"])


def test_chapter_01_keeps_its_widgets_in_the_lab(lab: Path) -> None:
    assert isinstance(wb.reason_explorer(), ReasonExplorer)
    assert isinstance(wb.reasons_exercise(), ReasonsExercise)
    assert shown(wb.why_refuse_reflection())[1]  # boxes and a save button


# --- chapter 02 ------------------------------------------------------------------------


def test_safety_first_on_the_site_shows_the_crisis_lines(site: Path) -> None:
    markup = reading(wb.safety_first())
    crisis = content.crisis_resources()
    for region in crisis.regions:
        _has(markup, region.name, *(s.contact for s in region.services))
    # Shown outright: nothing to press, nothing folded away.
    assert "<details" not in markup.replace("<details open", "")


@pytest.mark.parametrize("sheet_id", [s.id for s in content.caring().worksheets])
def test_every_worksheet_on_the_site_is_its_paper_form(site: Path, sheet_id: str) -> None:
    sheet = next(s for s in content.caring().worksheets if s.id == sheet_id)
    markup = reading(wb.worksheet(sheet_id))
    _has(markup, sheet.title, *(field.label for field in sheet.fields))
    assert markup.count("class=\"od-lines\"") == len(sheet.fields)


def test_the_family_safety_plan_keeps_its_form_in_the_lab(lab: Path) -> None:
    assert isinstance(wb.worksheet("family_safety_plan"), WorksheetForm)
    # The self path's plan is still a note on the supporter's path.
    assert not shown(wb.worksheet("safety_plan"))[1]


def test_the_practice_box_on_the_site_is_worked_examples(site: Path) -> None:
    words = content.conversation()
    markup = reading(wb.practice_what_to_say())
    _has(markup, words.practice_site)
    unspaced = "".join(visible_text(markup).split())
    for pattern in words.patterns:
        _has(markup, pattern.name, pattern.why, *pattern.rewrites)
        # Marked up as the check marks it: the words are split by tags.
        assert "".join(pattern.example.split()) in unspaced, pattern.example
    assert markup.count("<mark") >= 2 * len(words.patterns)


def test_the_planner_on_the_site_is_its_paper_form(site: Path) -> None:
    markup = reading(wb.plan_conversation())
    fields = content.conversation().planner_fields
    _has(markup, *(f.label for f in fields))
    assert markup.count("class=\"od-lines\"") == len(fields)


@pytest.mark.parametrize("view", ["curious_questions", "guide"])
def test_the_other_parts_of_chapter_02_have_nothing_to_operate(site: Path, view: str) -> None:
    output = (wb.curious_questions() if view == "curious_questions"
              else wb.guide("talking_about_it_yourself"))
    assert visible_text(reading(output))


def test_chapter_02_keeps_its_widgets_in_the_lab(lab: Path) -> None:
    assert isinstance(wb.practice_what_to_say(), PracticeWhatToSay)
    assert isinstance(wb.plan_conversation(), ConversationPlanner)
