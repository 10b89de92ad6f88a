"""The paper pack for groups (``workbook export --format handouts``): every form's words
come from content, the pages load nothing, and printed to PDF by Chromium on A4 and on
Letter no form is cut across two pages."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from axe import audit_context, count, violations
from browser import SCREENSHOT_DIR

from workbook import cli, content
from workbook.publish import handouts, paper

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PAPER_SIZES = ("A4", "Letter")


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handouts") / "pack"
    assert cli.main(["export", "--format", "handouts", "--out", str(out)]) == 0
    return out


def _text(page: Path) -> str:
    """The page's words, as a reader sees them (links inside sentences joined up)."""
    markup = re.sub(r"</?a\b[^>]*>", "", page.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


# --- what the pages hold ----------------------------------------------------------------


def test_the_pack_has_every_page_and_the_contents_link_to_them(pack: Path) -> None:
    names = {p.name for p in pack.glob("*.html")}
    forms = paper.all_forms()
    assert names == {handouts.INDEX, handouts.PACK, *(handouts.page_file(f) for f in forms)}
    index = (pack / handouts.INDEX).read_text()
    for form in forms:
        assert f'href="{handouts.page_file(form)}"' in index
    assert f'href="{handouts.PACK}"' in index
    whole = _text(pack / handouts.PACK)
    assert all(html.unescape(form.title) in whole for form in forms)


@pytest.mark.parametrize("perspective", ["supporter", "self"])
def test_the_paper_check_in_asks_every_question_with_boxes_and_end_words(
        pack: Path, perspective: content.Perspective) -> None:
    page = pack / f"checkin-{perspective}.html"
    text = _text(page)
    words = content.paper()
    asked = [f for f in content.factors() if perspective in f.perspectives]
    for factor in asked:
        assert factor.question_for(perspective) in text, factor.id
        assert words.scale_end.format(number=0, words=factor.scale.low) in text
        assert words.scale_end.format(number=10, words=factor.scale.high) in text
    # 0 to 10 for each question, and nothing from the other perspective.
    assert page.read_text().count('<span class="od-box">') == 11 * len(asked)
    if perspective == "self":
        assert "stress" not in {f.id for f in asked}
        assert content.checkin().form.name_label not in text
    else:
        assert content.checkin().form.name_label in text
    assert content.checkin().safety.question in text
    assert content.checkin().form.note_label in text
    assert words.checkin_title[perspective] in text
    # Paper has no sliders: the chapter's slider help is not on it.
    assert content.checkin().form.group_help["reason"] not in text


def test_the_worksheets_planner_reflections_and_question_sheet_are_there(pack: Path) -> None:
    for sheet in content.caring().worksheets:
        text = _text(pack / f"worksheet-{sheet.id.replace('_', '-')}.html")
        assert sheet.title in text and sheet.intro in text
        assert all(f.label in text and f.placeholder in text for f in sheet.fields)
        # A safety plan's step lists the lines to call it names.
        for field in sheet.fields:
            for region in field.helplines:
                assert all(s.contact in text and region.name in text for s in region.services)
            if field.shows == "crisis_lines":
                assert all(s.contact in text for r in content.crisis_resources().regions
                           for s in r.services)
    plan = _text(pack / "conversation-plan.html")
    assert all(f.label in plan for f in content.conversation().planner_fields)
    reflection = content.reasons().closing_reflection
    for perspective in content.PERSPECTIVES:
        text = _text(pack / f"reflection-{perspective}.html")
        assert all(q.text in text for q in reflection.questions[perspective])
    support = content.support()
    sheet = _text(pack / "question-sheet.html")
    assert all(q.question in sheet and q.topic in sheet for q in support.therapist_questions)
    assert support.own_question_label in sheet
    assert all(line in sheet for line in support.call_script.splitlines())


def test_the_crisis_card_names_each_service_once_and_numbers_are_tap_to_call(
        pack: Path) -> None:
    card = pack / "crisis-card.html"
    text = _text(card)
    assert "NHS 111" in text and "111 111" not in text and "988 988" not in text
    for region in content.crisis_resources().regions:
        for service in region.services:
            assert service.how in text
    markup = card.read_text()
    for href in ("tel:911", "tel:988", "tel:18006624357", "tel:116123", "tel:111", "tel:131114"):
        assert f'href="{href}"' in markup
    # Every form has the emergency numbers on top, as tap-to-call links too.
    for page in pack.glob("*-*.html"):
        assert 'href="tel:911"' in page.read_text(), page.name


def test_a_service_name_that_ends_a_sentence_gets_no_second_full_stop(pack: Path) -> None:
    # New Zealand's "Need to talk?" once read "Need to talk?. Call or text 1737."
    # on the card and in every page's crisis box.
    from workbook.html.notices import crisis_resources_html

    card = _text(pack / "crisis-card.html")
    box = html.unescape(re.sub(r"<[^>]+>", "", crisis_resources_html()))
    for words in (card, box):
        assert "Need to talk? Call" in words
        assert not re.search(r"[.!?]\.", words.replace("...", "")), words


def test_pages_load_nothing_and_run_no_script(pack: Path) -> None:
    for page in pack.glob("*.html"):
        markup = page.read_text()
        assert "<script" not in markup
        assert "default-src 'none'" in markup
        for target in re.findall(r'(?:src|href)="([^"]+)"', markup):
            assert (re.fullmatch(r"(?:tel|sms):\+?[0-9]+", target)
                    or (pack / target).is_file()), target


def test_the_forms_are_pieces_a_page_can_reuse() -> None:
    """The reading edition shows a form inside a chapter page: one call, any heading level."""
    form = paper.checkin_form("self")
    piece = str(paper.form_html(form, level=3))
    assert piece.startswith('<section class="od-paper-form"') and "<h3 " in piece
    assert "<html" not in piece and "break-inside: avoid" in str(paper.stylesheet())


# --- printed ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """A block that must stay on one page: its first words, how many boxes and lines to
    write on it draws, and its last words."""

    first: str
    marks: int
    last: str


_ITEMS_JS = """() => [...document.querySelectorAll('.od-paper-item')].map(item => {
  const first = item.querySelector('.od-question, .od-card-heading, p');
  const ends = item.querySelectorAll('.od-ends span, .od-script p, .od-crisis-card > p.od-hint,'
                                     + ' .od-calls .od-card-region-name');
  return {first: first.innerText.trim(),
          marks: item.querySelectorAll('.od-box, .od-line, .od-tick').length,
          last: ends.length ? ends[ends.length - 1].innerText.trim() : ''};
})"""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_pages(pdf_file: Path) -> list[dict[str, Any]]:
    """Per page: its text lines (top, text) and its marks (the tops of the boxes and of
    the lines to write on), as pdfplumber reads them."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf_file) as pdf:
        for page in pdf.pages:
            lines = [(line["top"], line["text"]) for line in page.extract_text_lines()]
            # A line to write on is 1 px (0.75 pt) high; headings have thicker rules.
            rules = [r["top"] for r in page.rects if r["height"] < 1.2 and r["width"] > 200]
            boxes = [c["top"] for c in [*page.curves, *page.rects]
                     if 8 <= c["width"] <= 60 and 8 <= c["height"] <= 40]
            pages.append({"lines": lines, "marks": sorted(rules + boxes),
                          "height": page.height})
    return pages


def _split_items(items: list[_Item], pages: list[dict[str, Any]]) -> list[str]:
    """Every item whose boxes, lines or last words do not all sit on the page where it
    starts, before the next item starts."""
    def starts_item(text: str, key: str) -> bool:
        line = _squash(text)
        shared = min(len(line), len(key))
        return shared >= min(len(key), 12) and line[:shared] == key[:shared]

    starts: list[tuple[int, float]] = []
    for item in items:
        key = _squash(item.first)[:40]
        found = [(number, top) for number, page in enumerate(pages)
                 for top, text in page["lines"] if starts_item(text, key)]
        later = [f for f in found if not starts or f > starts[-1]]
        if not later:
            return [f"not found in the PDF: {item.first!r}"]
        starts.append(later[0])
    problems = []
    for i, (item, (number, top)) in enumerate(zip(items, starts, strict=True)):
        page = pages[number]
        following = starts[i + 1] if i + 1 < len(starts) else None
        end = following[1] if following and following[0] == number else page["height"]
        marks = [m for m in page["marks"] if top - 4 <= m < end - 4]
        text = _squash("".join(t for y, t in page["lines"] if top <= y < end))
        if len(marks) != item.marks:
            problems.append(f"{item.first!r}: {len(marks)} of {item.marks} boxes and lines "
                            f"on page {number + 1}")
        if item.last and _squash(item.last) not in text:
            problems.append(f"{item.first!r}: {item.last!r} is not on page {number + 1}")
    return problems


def _print(page: Page, file: Path, paper_size: str, out: Path) -> tuple[list[_Item], Path]:
    page.goto(file.as_uri())
    items = [_Item(**item) for item in page.evaluate(_ITEMS_JS)]
    pdf = out / f"{file.stem}-{paper_size}.pdf"
    page.pdf(path=str(pdf), format=paper_size, print_background=True)
    return items, pdf


def _save_pictures(pdf: Path, name: str) -> None:
    """Each printed page as a PNG in build/screenshots, to look at."""
    import pypdfium2

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for number in range(len(document)):
            image = document[number].render(scale=1.2).to_pil()
            image.save(SCREENSHOT_DIR / f"handouts-{name}-p{number + 1}.png")
    finally:
        document.close()


@pytest.mark.browser
@pytest.mark.parametrize("paper_size", PAPER_SIZES)
def test_printed_no_form_is_split_across_pages(chromium: Browser, pack: Path, tmp_path: Path,
                                               paper_size: str) -> None:
    context = chromium.new_context()
    problems: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        for file in sorted(pack.glob("*.html")):
            items, pdf = _print(page, file, paper_size, tmp_path)
            if file.name != handouts.INDEX:
                assert items, f"{file.name} has no form"
            split = _split_items(items, _pdf_pages(pdf))
            if split:
                problems[file.name] = split
            if paper_size == "A4":
                _save_pictures(pdf, file.stem)
    finally:
        context.close()
    assert not problems, problems


SAFETY_PLANS = ("worksheet-safety-plan.html", "worksheet-family-safety-plan.html")


@pytest.mark.browser
def test_no_safety_plan_step_is_split_wherever_the_page_ends(chromium: Browser, pack: Path,
                                                             tmp_path: Path) -> None:
    """Each step of a safety plan (its words, the lines to call it lists, and its lines to
    write on) stays on one page, however far down the page the plan starts."""
    context = chromium.new_context()
    problems: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        for name in SAFETY_PLANS:
            for paper_size in PAPER_SIZES:
                for push in range(0, 120, 15):
                    page.goto((pack / name).as_uri())
                    page.add_style_tag(content=f".od-paper .od-paper-head {{ margin-bottom: "
                                               f"{push}mm; }}")
                    items = [_Item(**item) for item in page.evaluate(_ITEMS_JS)]
                    # The step that lists lines to call ends with its last country's name
                    # (a whole line: the list's lines wrap in two columns).
                    assert any(item.last for item in items), name
                    pdf = tmp_path / f"{name}-{paper_size}-{push}.pdf"
                    page.pdf(path=str(pdf), format=paper_size, print_background=True)
                    split = _split_items(items, _pdf_pages(pdf))
                    if split:
                        problems[f"{name} {paper_size} +{push}mm"] = split
    finally:
        context.close()
    assert not problems, problems


@pytest.mark.browser
def test_the_split_check_sees_a_form_cut_in_two(chromium: Browser, pack: Path,
                                                tmp_path: Path) -> None:
    """Without break-inside: avoid (and the question's break-after: avoid), a long form is
    cut, and the check says where. (Where
    the page ends depends on what comes before: a few heights above the form are tried.)"""
    context = chromium.new_context()
    found: list[str] = []
    try:
        page = context.new_page()
        for push in range(0, 40, 4):
            page.goto((pack / "checkin-supporter.html").as_uri())
            page.add_style_tag(content=".od-paper .od-paper-item, .od-paper .od-question {"
                                       " break-inside: auto !important; break-after: auto"
                                       " !important; page-break-inside: auto !important;"
                                       " page-break-after: auto !important; }"
                                       f" .od-paper .od-paper-head {{ margin-bottom: {push}mm; }}")
            items = [_Item(**item) for item in page.evaluate(_ITEMS_JS)]
            pdf = tmp_path / f"cut-{push}.pdf"
            page.pdf(path=str(pdf), format="A4", print_background=True)
            found += _split_items(items, _pdf_pages(pdf))
    finally:
        context.close()
    assert found


@pytest.mark.browser
def test_every_handout_has_no_serious_axe_violation(chromium: Browser, pack: Path) -> None:
    context = audit_context(chromium)
    found = {}
    try:
        page = context.new_page()
        for file in sorted(pack.glob("*.html")):
            page.goto(file.as_uri())
            found[file.name] = violations(page)
    finally:
        context.close()
    print("\naxe serious+critical per handout page:\n  "
          + "\n  ".join(f"{name}: {count(v)}" for name, v in found.items()))
    problems = {name: [str(v) for v in vs] for name, vs in found.items() if vs}
    assert not problems, problems
