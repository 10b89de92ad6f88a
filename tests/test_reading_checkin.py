"""Chapter 03 in the reading edition (the exported site, no kernel): every part is plain
HTML with its content, and no control that would do nothing there."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from workbook import content
from workbook.views import checkin

CONTROLS = (widgets.Button, widgets.IntSlider, widgets.FloatSlider, widgets.Text,
            widgets.Textarea, widgets.RadioButtons, widgets.Checkbox, widgets.ToggleButton,
            widgets.Dropdown, widgets.ToggleButtons)


def _walk(widget: widgets.Widget) -> list[widgets.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _walk(child)
    return found


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("WORKBOOK_SURFACE", "site")
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path))


@pytest.mark.parametrize("part", ["check_in_form", "check_in_profile", "check_in_safety",
                                  "check_in_save"])
def test_no_control_in_the_site(site: None, part: str) -> None:
    shown = getattr(checkin, part)()
    assert not [w for w in _walk(shown) if isinstance(w, CONTROLS)]
    assert isinstance(shown, widgets.HTML)
    assert "<button" not in shown.value and "<input" not in shown.value


def test_the_paper_check_in_has_both_perspectives_and_every_question(site: None) -> None:
    page = checkin.check_in_form().value
    assert 'id="checkin-supporter"' in page and 'id="checkin-self"' in page
    assert "break-inside: avoid" in page  # the paper stylesheet comes along
    for factor in content.factors():
        for perspective in factor.perspectives:
            assert checkin.escape(factor.question_for(perspective)) in page
        assert checkin.escape(factor.scale.low) in page
    assert page.count('class="od-box"') >= 11 * len(content.factors())


def test_the_profile_is_an_image_with_alt_text_and_a_summary(site: None) -> None:
    page = checkin.check_in_profile().value
    assert '<img src="data:image/svg+xml;base64,' in page
    assert 'alt="' in page and 'alt=""' not in page
    assert checkin.escape(content.checkin().profile.site_sample_note) in page


def test_the_safety_part_shows_the_crisis_lines_outright(site: None) -> None:
    page = checkin.check_in_safety().value
    assert checkin.escape(content.checkin().safety.question) in page
    assert "<details open>" in page
    for region in content.crisis_resources().regions:
        assert checkin.escape(region.name) in page


def test_nothing_to_save_in_the_site(site: None) -> None:
    page = checkin.check_in_save().value
    assert checkin.escape(content.checkin().form.site_save_note) in page
    assert checkin.escape(content.checkin().form.save_button) not in page


def test_the_lab_keeps_its_controls(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("WORKBOOK_SURFACE", "lab")
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path))
    assert any(isinstance(w, widgets.IntSlider) for w in _walk(checkin.check_in_form()))
    assert any(isinstance(w, widgets.Button) for w in _walk(checkin.check_in_save()))


def test_the_reflection_and_stress_check_are_paper_forms_in_the_site(site: None) -> None:
    from workbook.views import caring, journal

    reflection = journal.add_reflection()
    stress = caring.stress_check()
    for shown, form_id in ((reflection, "journal-reflection"), (stress, "stress-check-")):
        assert isinstance(shown, widgets.HTML)
        assert not [w for w in _walk(shown) if isinstance(w, CONTROLS)]
        assert f'id="{form_id}' in shown.value
        assert 'class="od-box"' in shown.value
    assert checkin.escape(content.journal_text().reflection_form.text_label) in reflection.value
    assert 'class="od-line"' in reflection.value
    assert checkin.escape(content.factor("stress").scale.high) in stress.value
    assert checkin.escape(content.caring().stress_check.save_button) not in stress.value


def test_the_question_sheet_and_summary_have_no_control_in_the_site(site: None) -> None:
    from workbook.views import summary, support

    sheet = support.question_sheet()
    assert isinstance(sheet, widgets.HTML)
    assert 'id="question-sheet"' in sheet.value
    for question in content.support().therapist_questions:
        assert checkin.escape(question.question) in sheet.value
    shown = summary.my_summary()
    assert isinstance(shown, widgets.HTML)
    assert not [w for w in _walk(shown) if isinstance(w, CONTROLS)]
    assert checkin.escape(content.summary_text().headings["save_button"]) not in shown.value
    assert shown.value.strip()


def test_over_time_is_drawn_once_with_alt_text_and_no_control(site: None) -> None:
    from workbook import paths
    from workbook.journal.store import Journal
    from workbook.journal.transfer import import_file
    from workbook.views import journal

    assert content.journal_text().over_time.empty in journal.over_time().value
    import_file(Journal(), paths.SAMPLE_JOURNEY)
    shown = journal.over_time()
    assert isinstance(shown, widgets.HTML)
    assert not [w for w in _walk(shown) if isinstance(w, CONTROLS)]
    assert shown.value.count('<img src="data:image/svg+xml;base64,') == 4
    assert 'alt=""' not in shown.value and "<table" in shown.value
    assert checkin.escape(content.journal_text().over_time.refresh_button) not in shown.value


@pytest.mark.parametrize("name", [
    "where_to_look", "first_contact", "support_for_supporters", "if_they_say_no",
    "ground_rules", "session_plans", "four_week_series", "discussion_prompts",
    "group_exercises", "when_someone_is_distressed", "privacy_talk", "group_view"])
def test_chapters_06_and_08_are_whole_in_the_site(site: None, name: str) -> None:
    import workbook as wb

    shown = getattr(wb, name)()
    assert not isinstance(shown, widgets.Widget)  # plain HTML, nothing to operate
    page = shown.data
    assert len(page) > 400
    for control in ("<button", "<input", "<select", "<textarea", "display: none", "hidden"):
        assert control not in page, control
