"""What the views hand to accessible.js, checked without a browser (the browser side is
tests/test_accessibility_browser.py): the value words, the names, the stylesheet."""

from __future__ import annotations

import json
import re
from pathlib import Path

import ipywidgets as widgets

from workbook import content
from workbook.html.style import PALETTE
from workbook.rules.scales import value_text, value_texts
from workbook.views import accessible
from workbook.views.checkin import CheckInSession, FactorSlider


def test_a_value_is_said_with_the_words_of_the_end_it_leans_to() -> None:
    ends = content.factor("fear").scale
    words = content.interface().scale_values
    texts = value_texts(0, 10, ends)
    assert len(texts) == 11
    assert texts[0] == words.at_low.format(value=0, top=10, low=ends.low, high=ends.high)
    assert texts[7] == f"7 of 10, toward: {ends.high}"
    assert texts[2] == f"2 of 10, toward: {ends.low}"
    assert texts[5] == "5 of 10, in the middle"
    assert texts[10] == f"10 of 10: {ends.high}"
    assert value_text(7, 0, 10, ends) == texts[7]


def _config(script: str) -> dict[str, object]:
    match = re.search(r"\}\)\((\{.*\})\);\s*$", script, re.S)
    assert match, script[-300:]
    return json.loads(match.group(1))


def test_a_factor_slider_is_named_by_its_question_and_speaks_its_scale() -> None:
    factor = content.factor("shame")
    view = FactorSlider(factor, 5)
    view.word_for("supporter", "Sam")
    assert f"od-labelledby-{view.question_id}" in view.slider._dom_classes
    assert f'id="{view.question_id}"' in view.question.value
    assert "od-scale-checkin-shame" in view.slider._dom_classes
    config = _config(accessible.script())
    assert config["scales"]["checkin-shame"] == list(value_texts(0, 10, factor.scale))


def test_the_carrier_runs_the_script_with_the_widget_stylesheet() -> None:
    carrier = accessible.carrier()
    assert carrier.layout.display == "none"
    (output,) = carrier.outputs
    script = output["data"]["application/javascript"]
    assert script.startswith("// Open Door")
    config = _config(script)
    assert PALETTE["blue"] in config["css"] and "outline: 3px solid" in config["css"]
    assert "@media (max-width: 40rem)" in config["css"]
    # Safe inside an HTML <script> element (Voilà and the exported site inline it).
    assert "</" not in script


def test_the_script_writes_no_colour_of_its_own() -> None:
    # Colours come only from workbook/html/style.py, through the stylesheet template.
    source = Path(accessible.SCRIPT).read_text(encoding="utf-8")
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(", source)


def test_perspective_and_safety_are_radio_groups(data_dir: Path) -> None:
    session = CheckInSession()
    assert isinstance(session.about, widgets.RadioButtons)
    assert isinstance(session.safety_answer, widgets.RadioButtons)
    assert session.safety_answer.value is None
    assert any(isinstance(w, widgets.Output) for w in session.form.children)


def test_a_chart_carries_its_alt_text(data_dir: Path) -> None:
    session = CheckInSession()
    session.update_profile()
    alt = session.chart_alt.widget.value
    assert "od-labelledby-od-alt-checkin-profile" in session.chart._dom_classes
    assert alt.startswith('<span id="od-alt-checkin-profile" data-alt="') and len(alt) > 60
    assert alt.endswith('"></span>')  # no text of its own: the summary is not said twice
