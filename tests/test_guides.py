"""The short guides (guides.yaml): talking about it yourself (chapter 2) and parents of
adult children (chapter 5). Issue 15."""

from __future__ import annotations

import json
import re

import pytest
from helpers import visible_text

from workbook import content, paths
from workbook.views.guides import guide_html


def _chapter_calls(chapter_id: str) -> list[str]:
    notebook = content.chapter(chapter_id).file
    cells = json.loads((paths.NOTEBOOKS_DIR / notebook).read_text(encoding="utf-8"))["cells"]
    return [m for c in cells if c["cell_type"] == "code"
            for m in re.findall(r'wb\.guide\("([a-z_]+)"\)', "".join(c["source"]))]


def test_each_guide_is_shown_in_the_chapter_it_names() -> None:
    for guide in content.guides().guides:
        assert guide.id in _chapter_calls(guide.chapter), guide.id


@pytest.mark.parametrize("guide_id", ["talking_about_it_yourself", "parents_of_adult_children"])
def test_a_guide_shows_every_part_its_words_and_where_to_check(guide_id: str) -> None:
    guide = content.guide(guide_id)
    page = guide_html(guide_id)
    shown = visible_text(page)
    assert guide.intro in shown
    for section in guide.sections:
        assert section.heading in shown and section.text in shown
        assert all(line in shown for line in section.say)
        for fact_id in section.facts:
            assert content.fact(fact_id).short_address in shown
    assert f'aria-label="{guide.title}"' in page


def test_the_self_path_covers_what_issue_15_asks_for() -> None:
    headings = [s.heading for s in content.guide("talking_about_it_yourself").sections]
    assert headings == ["Asking someone you trust", "What to say to a doctor",
                        "What a first therapy session is like", "If it does not fit",
                        "Trying is not a commitment"]


def test_an_unknown_guide_is_an_error() -> None:
    with pytest.raises(KeyError):
        guide_html("taxes")
