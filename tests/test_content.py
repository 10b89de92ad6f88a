"""Content files load, fit their schemas, say what is wrong when they don't,
and read at grade 8 or lower."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import textstat
import yaml

from workbook import content, paths
from workbook.content import (
    ChartsFile,
    ContentError,
    CrisisResources,
    FactorsFile,
    InterfaceText,
    MessagesFile,
)

GRADE_LIMIT = 8.0
# Formulas are noisy on a few words ("Comfortable" alone scores grade 31).
MIN_WORDS = 6


def test_all_content_loads() -> None:
    content.load_all()


# --- schema errors name the file and the field ---------------------------------------


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(paths.CONTENT_DIR, copy)
    return copy


def _edit(folder: Path, filename: str, change) -> None:
    path = folder / filename
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


@pytest.mark.parametrize(
    ("filename", "schema", "change", "expected"),
    [
        ("factors.yaml", FactorsFile, lambda d: d["factors"][2]["guidance"].pop("middle"),
         "factors.yaml: factors[2].guidance.middle: missing"),
        ("factors.yaml", FactorsFile, lambda d: d["factors"][0].update(high_means="sometimes"),
         "factors.yaml: factors[0].high_means: must be one of 'barrier', 'readiness'"),
        ("factors.yaml", FactorsFile, lambda d: d["factors"][1]["question"].pop("self"),
         "factors.yaml: factors[1].question.self: missing"),
        ("factors.yaml", FactorsFile, lambda d: d["factors"][3].update(colour="red"),
         "factors.yaml: factors[3].colour: unknown field"),
        ("factors.yaml", FactorsFile, lambda d: d["factors"][4].update(name=""),
         "factors.yaml: factors[4].name: must be non-empty text"),
        ("crisis.yaml", CrisisResources, lambda d: d["regions"][1]["services"][0].pop("contact"),
         "crisis.yaml: regions[1].services[0].contact: missing"),
        ("crisis.yaml", CrisisResources, lambda d: d.update(regions="none"),
         "crisis.yaml: regions: must be a list"),
        ("interface.yaml", InterfaceText, lambda d: d["perspective"].pop("save_button"),
         "interface.yaml: perspective.save_button: missing"),
        ("charts.yaml", ChartsFile, lambda d: d["units"].pop("week"),
         "charts.yaml: units.week: missing"),
        ("charts.yaml", ChartsFile, lambda d: d["calendar"]["entry"].pop("other"),
         "charts.yaml: calendar.entry.other: missing"),
        ("interface.yaml", InterfaceText, lambda d: d["moment"]["weekdays"].pop(),
         "interface.yaml: moment.weekdays: give the 7 days, Monday first"),
        ("messages.yaml", MessagesFile, lambda d: d["data"].pop("imported"),
         "messages.yaml: data.imported: missing"),
    ],
)
def test_a_schema_error_names_the_file_and_the_field(
    content_copy: Path, filename: str, schema: type, change, expected: str
) -> None:
    _edit(content_copy, filename, change)
    with pytest.raises(ContentError) as caught:
        content.load_file(schema, filename, content_copy)
    assert str(caught.value).startswith(expected)


def test_broken_yaml_names_the_file_and_line(content_copy: Path) -> None:
    (content_copy / "crisis.yaml").write_text("heading: Need help\n  - broken: [\n")
    with pytest.raises(ContentError, match=r"crisis.yaml: not valid YAML \(line 2"):
        content.load_file(CrisisResources, "crisis.yaml", content_copy)


def test_a_missing_file_is_named(content_copy: Path) -> None:
    (content_copy / "factors.yaml").unlink()
    with pytest.raises(ContentError, match=r"factors\.yaml: file not found"):
        content.load_file(FactorsFile, "factors.yaml", content_copy)


def test_a_factor_must_link_to_a_known_chapter(monkeypatch, content_copy: Path) -> None:
    _edit(content_copy, "factors.yaml", lambda d: d["factors"][5].update(chapter="nowhere"))
    monkeypatch.setattr(paths, "CONTENT_DIR", content_copy)
    content.clear_cache()
    try:
        with pytest.raises(ContentError, match=r"factors\[5\].chapter: 'nowhere' is not a chapter"):
            content.factors()
    finally:
        monkeypatch.undo()
        content.clear_cache()


# --- what the content must hold ----------------------------------------------------------


def test_readiness_factors_cover_reasons_rulers_and_supporter_load() -> None:
    groups: dict[str, list[str]] = {}
    for factor in content.factors():
        groups.setdefault(factor.group, []).append(factor.id)
    assert len(groups["reason"]) == 10
    assert groups["ruler"] == ["importance", "confidence"]
    assert groups["supporter_load"] == ["stress", "support", "boundaries"]
    for factor_id in groups["supporter_load"]:
        assert content.factor(factor_id).perspectives == ("supporter",)
    for factor_id in groups["reason"] + groups["ruler"]:
        assert set(content.factor(factor_id).perspectives) == {"supporter", "self"}


def test_supporter_questions_name_the_person() -> None:
    for factor in content.factors():
        if factor.group == "supporter_load":
            continue
        assert "{name}" in factor.question["supporter"], factor.id
        assert "{name}" not in factor.question["self"], factor.id
        asked = factor.question_for("supporter", "Sam")
        assert "Sam" in asked and "{" not in asked
        default = factor.question_for("supporter")
        assert content.interface().perspective.default_person in default


def test_by_id_finds_an_item_or_says_which_id_is_unknown() -> None:
    assert content.by_id(content.factors(), "hope").name == content.factor("hope").name
    assert content.by_id(content.caring().worksheets, "boundaries").id == "boundaries"
    with pytest.raises(KeyError, match="no_such_sheet"):
        content.by_id(content.caring().worksheets, "no_such_sheet")


def test_barrier_direction() -> None:
    assert content.factor("fear").barrier(8) == 8
    assert content.factor("hope").barrier(8) == 2


def test_crisis_resources_cover_the_required_countries() -> None:
    resources = content.crisis_resources()
    by_region = {r.id: {s.contact for s in r.services} for r in resources.regions}
    assert {"911", "988"} <= by_region["us"]
    assert {"911", "988"} <= by_region["ca"]
    assert {"999", "116 123"} <= by_region["uk"]
    assert {"000", "13 11 14"} <= by_region["au"]
    assert {"112 or 999", "116 123"} <= by_region["ie"]
    assert {"111", "1737"} <= by_region["nz"]
    assert "112" in by_region["eu"]
    assert "1-800-662-4357" in by_region["us"]
    assert resources.elsewhere.contact == "findahelpline.com"
    for region in resources.regions:
        assert any(s.emergency for s in region.services), f"{region.id} has no emergency number"


def test_the_workbook_says_it_is_not_a_substitute_for_care() -> None:
    notice = content.interface().notices.not_a_substitute.lower()
    assert "not treatment" in notice
    assert "does not replace" in notice


# --- plain language ----------------------------------------------------------------------


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")


def test_the_reading_level_check_reads_every_content_file() -> None:
    assert set(content.FILES) == {path.name for path in paths.CONTENT_DIR.glob("*.yaml")}


def _content_fields(filename: str) -> list[tuple[str, str]]:
    fields = [(where, text) for where, text in _strings(content.FILES[filename].load(), filename)
              if ".match[" not in where]  # conversation.yaml's regular expressions, not prose
    # A value filled in later reads as one short word, as commands do in notebooks.
    return [(where, re.sub(r"\{\w+\}", "this", text.replace("{name}", "Sam")))
            for where, text in fields]


def _markdown_paragraphs(notebook: Path) -> list[tuple[str, str]]:
    paragraphs = []
    cells = json.loads(notebook.read_text())["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "markdown" or "open_door" in cell["metadata"]:
            continue  # the crisis cell is made from content, whose words are read above
        for j, block in enumerate(re.split(r"\n\s*\n", "".join(cell["source"]))):
            if block.lstrip().startswith("#"):
                continue  # a heading
            plain = re.sub(r"`[^`]*`", "this", block)  # commands count as one word
            plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain)
            plain = re.sub(r"[*_>]|^\s*- ", "", plain, flags=re.M)
            # Each list item is read as its own sentence.
            plain = re.sub(r"\n(?=\S)", ". ", plain) if "\n- " in block else plain
            paragraphs.append((f"{notebook.name} cell {i} paragraph {j}", plain))
    return paragraphs


def _grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


def _too_hard(prose: list[tuple[str, str]]) -> list[str]:
    """Every passage of enough words that reads above the grade limit, each on one line."""
    return [f"{where} scores grade {_grade(text):.1f}: {text!r}" for where, text in prose
            if len(text.split()) >= MIN_WORDS and _grade(text) > GRADE_LIMIT]


@pytest.mark.parametrize("filename", sorted(content.FILES))
def test_content_file_reads_at_grade_eight_or_lower(filename: str) -> None:
    hard = _too_hard(_content_fields(filename))
    assert not hard, f"{len(hard)} passages are too hard to read:\n" + "\n".join(hard)


@pytest.mark.parametrize("notebook", sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")),
                         ids=lambda path: path.name)
def test_notebook_prose_reads_at_grade_eight_or_lower(notebook: Path) -> None:
    hard = _too_hard(_markdown_paragraphs(notebook))
    assert not hard, f"{len(hard)} passages are too hard to read:\n" + "\n".join(hard)


def test_the_readability_check_names_every_hard_field() -> None:
    easy = "You can take a short walk with a friend today."
    hard = ("Notwithstanding considerable psychotherapeutic heterogeneity, "
            "comprehensive multidisciplinary interventions demonstrate substantial efficacy.")
    found = _too_hard([("a.yaml: x", hard), ("a.yaml: y", easy), ("a.yaml: z", hard)])
    assert [line.split(" scores")[0] for line in found] == ["a.yaml: x", "a.yaml: z"]


def test_the_grade_check_catches_hard_text() -> None:
    hard = ("Notwithstanding considerable psychotherapeutic heterogeneity, "
            "comprehensive multidisciplinary interventions demonstrate substantial efficacy.")
    assert _grade(hard) > GRADE_LIMIT


def test_no_content_text_relies_on_a_leading_or_trailing_space() -> None:
    # Each text is stripped when it is loaded, so a space written at either end in the
    # YAML is lost and two sentences run together ("(denied).Deleted so far").
    for path in sorted(paths.CONTENT_DIR.glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            value = line.split(": ", 1)[1] if ": " in line else ""
            assert not re.match(r"""^["'](\s|.*\s["']$)""", value.strip()), \
                f"{path.name}:{number}: a space at the end of a text is dropped: {line.strip()}"
