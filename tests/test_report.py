"""The personal summary page (``workbook.publish.report``) and ``workbook report``."""

from __future__ import annotations

import base64
import os
import stat
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from workbook import charts, cli, content, paths
from workbook.html.notices import friendly_time
from workbook.html.style import escape
from workbook.journal import timeline
from workbook.journal.model import CheckIn, make_checkin, make_reflection
from workbook.journal.perspective import save_perspective
from workbook.journal.store import Journal
from workbook.journal.transfer import import_file
from workbook.publish import report
from workbook.rules.scoring import readiness_profile

WORDS = content.summary_text().headings

MADE = datetime(2026, 4, 1, 9, 30, tzinfo=timezone(timedelta(hours=-4)))
WHEN = datetime(2026, 3, 1, 19, 30, tzinfo=timezone(timedelta(hours=1)))
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
HOSTILE = f'{SCRIPT} {IMG} "quotes" & ampersand'
# Elements the page always closes itself; void elements (img, meta, br) are left out.
CLOSED = {"html", "head", "body", "main", "header", "footer", "section", "article", "figure",
          "figcaption", "div", "details", "summary", "ul", "li", "p", "h1", "h2", "h3",
          "strong", "em", "span", "title", "style", "a"}


class PageParser(HTMLParser):
    """Collects tags with their attributes and checks that elements nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in CLOSED:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag not in CLOSED:
            self.problems.append(f"unexpected </{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    assert parser.problems == []
    assert parser.stack == [], f"left open: {parser.stack}"
    return parser


def svg_of(src: str | None) -> str:
    assert src is not None
    prefix = "data:image/svg+xml;base64,"
    assert src.startswith(prefix)
    return base64.b64decode(src[len(prefix):]).decode("utf-8")


@pytest.fixture
def sample(fresh_journal: Journal) -> Journal:
    import_file(fresh_journal, paths.SAMPLE_JOURNEY)
    return fresh_journal


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    # Built once: every test below only reads the page.
    journal = Journal(tmp_path_factory.mktemp("sample") / paths.JOURNAL_FILENAME)
    import_file(journal, paths.SAMPLE_JOURNEY)
    return report.summary_html(journal, generated=MADE)


# --- the sample journey ---------------------------------------------------------------


def test_sample_page_has_every_section_in_order(sample_page: str) -> None:
    assert sample_page.startswith("<!doctype html>")
    keys = ["title", "where_things_stand", "over_time", "recent_reflections", "plans"]
    positions = [sample_page.index(f">{escape(WORDS[key])}</h") for key in keys]
    assert positions == sorted(positions)
    page = parse(sample_page)
    assert len(page.named("main")) == 1
    assert len(page.named("h1")) == 1
    assert "<footer>" in sample_page
    assert f"<title>{WORDS['title']}</title>" in sample_page


def test_sample_page_says_when_it_was_made_and_who_it_is_about(sample_page: str) -> None:
    assert "Made on Wednesday 1 April 2026 at 09:30." in sample_page
    # The sample saves no perspective: the latest check-in says who it is about.
    assert "About: Leo (someone I am worried about)" in sample_page
    # The stage is described with the person's name, never given as a label.
    assert "Change seems to matter to Leo" in sample_page
    assert "Getting ready" not in sample_page


def test_sample_page_has_the_notices_and_the_safety_box_open(sample_page: str) -> None:
    resources = content.crisis_resources()
    assert escape(content.interface().notices.not_a_substitute) in sample_page
    assert escape(resources.heading) in sample_page
    assert escape(resources.danger_now) in sample_page
    assert "<details open>" in sample_page
    assert "<details>" not in sample_page


def test_sample_page_compares_the_latest_check_in_with_the_first(
        sample: Journal, sample_page: str) -> None:
    checkins = sample.checkins()
    first, latest = checkins[0], checkins[-1]
    assert escape(WORDS["checkin_dates"].format(
        first=friendly_time(first.when), latest=friendly_time(latest.when))) in sample_page
    assert "Monday 5 January 2026 at 20:15" in sample_page
    assert "Sunday 29 March 2026 at 19:30" in sample_page
    profile = charts.profile_chart(readiness_profile(latest.ratings), previous=first.ratings)
    caption = escape(profile.summary + " " + WORDS["compared"].format(
        when=friendly_time(first.when)))
    assert f"<figcaption>{caption}</figcaption>" in sample_page
    assert escape(latest.note) in sample_page
    words = content.checkin().profile
    assert escape(words.barriers_heading) in sample_page
    assert escape(words.stage_note) in sample_page


def test_sample_page_shows_each_chart_with_its_summary_as_caption(
        sample: Journal, sample_page: str) -> None:
    happened = timeline.events(sample)
    shown = [
        charts.readiness_trend(timeline.readiness_series(sample), happened),
        charts.factor_trends(timeline.factor_series(sample), content.factors(), happened),
        charts.stress_and_events(timeline.stress_series(sample), happened),
    ]
    for chart in shown:
        assert f"<figcaption>{escape(chart.summary)}</figcaption>" in sample_page
    images = parse(sample_page).named("img")
    assert len(images) == 4  # the profile and the three charts over time
    alts = [img["alt"] for img in images]
    for chart in shown:
        assert chart.alt in alts
    words = content.journal_text().over_time
    for heading in (words.readiness_heading, words.factors_heading, words.stress_heading):
        assert f"<h3>{escape(heading)}</h3>" in sample_page


def test_sample_page_is_self_contained(sample_page: str) -> None:
    page = parse(sample_page)
    assert page.named("script") == []
    assert page.named("link") == []
    assert page.named("iframe") == []
    for tag, attrs in page.tags:
        for name in ("src", "href", "srcset", "action"):
            value = attrs.get(name)
            if value is not None:
                assert "http" not in value.lower() and not value.startswith("//"), (tag, name)
    for img in page.named("img"):
        assert "<svg" in svg_of(img["src"])
        assert img["alt"]
    assert "url(" not in sample_page
    assert "@import" not in sample_page
    csp = [m for m in page.named("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_sample_page_lists_the_five_latest_reflections_newest_first(
        sample: Journal, sample_page: str) -> None:
    reflections = sample.reflections()
    latest = [friendly_time(r.when) for r in reversed(reflections[-5:])]
    positions = [sample_page.index(f"<h3>{when}</h3>") for when in latest]
    assert positions == sorted(positions)
    assert f"<h3>{friendly_time(reflections[-6].when)}</h3>" not in sample_page
    newest = reflections[-1]
    assert escape(newest.text) in sample_page
    assert "<strong>Tags:</strong> progress, self-care" in sample_page
    assert "<strong>What happened:</strong> he booked a first appointment" in sample_page


def test_sample_page_shows_no_plan_from_diary_notes_tagged_plan(sample_page: str) -> None:
    # The sample journey's notes tagged "plan" are diary notes, not the planner's plans.
    assert escape(WORDS["conversation_plan"]) not in sample_page
    assert escape(WORDS["no_plans"]) in sample_page


def test_sample_page_has_a_print_stylesheet(sample_page: str) -> None:
    assert "@media print" in sample_page
    assert "@page" in sample_page
    assert "break-inside: avoid" in sample_page
    assert "max-width: 100%" in sample_page
    assert "print-color-adjust: exact" in sample_page


def test_sample_page_footer_says_how_it_was_made(sample_page: str) -> None:
    footer = sample_page[sample_page.index("<footer>"):]
    assert "from 12 check-ins and 24 reflections in your journal" in footer
    assert escape(WORDS["keep_safe"]) in footer
    assert escape(content.crisis_resources().danger_now) in footer


def test_body_is_the_inner_part_for_a_notebook(sample: Journal) -> None:
    body = report.summary_body_html(sample, generated=MADE)
    assert "<html" not in body and "<!doctype" not in body.lower() and "<main" not in body
    assert body.startswith("<style>")
    assert 'class="od-summary"' in body
    parse(body)


# --- small journals -------------------------------------------------------------------


def test_empty_journal_gives_a_friendly_page_with_the_notices(fresh_journal: Journal) -> None:
    page = report.summary_html(fresh_journal, generated=MADE)
    parsed = parse(page)
    assert escape(WORDS["empty"]) in page
    assert escape(content.interface().notices.not_a_substitute) in page
    assert escape(content.crisis_resources().heading) in page
    assert "<details open>" in page
    assert parsed.named("img") == []
    assert escape(WORDS["where_things_stand"]) not in page
    assert "About:" not in page
    assert "from 0 check-ins and 0 reflections" in page
    # Reading the journal for the page never creates it.
    assert not fresh_journal.exists()


def test_one_check_in_shows_the_profile_without_a_comparison(fresh_journal: Journal) -> None:
    checkin = fresh_journal.add_checkin(make_checkin(
        "supporter", {"fear": 8, "shame": 6, "importance": 5}, person="Sam", when=WHEN))
    page = report.summary_html(fresh_journal, generated=MADE)
    images = parse(page).named("img")
    profile = svg_of(images[0]["src"])
    assert "Last check-in" not in profile
    assert escape(WORDS["only_checkin"].format(when=friendly_time(checkin.when))) in page
    assert escape(WORDS["only_one_compared"]) in page
    assert "The grey outlines" not in page
    assert "About: Sam (someone I am worried about)" in page
    # No stress rated anywhere: no stress chart.
    assert escape(content.journal_text().over_time.stress_heading) not in page
    assert escape(WORDS["no_reflections"]) in page
    assert escape(WORDS["no_plans"]) in page


def test_reflections_only_say_there_is_no_check_in_yet(fresh_journal: Journal) -> None:
    fresh_journal.add_reflection(make_reflection("A calm day.", stress=3, when=WHEN))
    page = report.summary_html(fresh_journal, generated=MADE)
    parse(page)
    assert escape(WORDS["no_checkins"]) in page
    assert escape(content.journal_text().over_time.stress_heading) in page
    assert "A calm day." in page


def test_the_self_perspective_is_about_me(fresh_journal: Journal) -> None:
    save_perspective("self", journal=fresh_journal)
    fresh_journal.add_checkin(make_checkin("self", {"importance": 8, "confidence": 7},
                                           when=WHEN))
    page = report.summary_html(fresh_journal, generated=MADE)
    assert "About: me" in page
    assert "You may be ready to take steps" in page


def test_a_saved_name_is_used_over_the_check_ins(fresh_journal: Journal) -> None:
    save_perspective("supporter", "Mary-Jo", journal=fresh_journal)
    page = report.summary_html(fresh_journal, generated=MADE)
    assert "About: Mary-Jo (someone I am worried about)" in page


def test_the_comparison_is_with_the_first_check_in_about_the_same_person(
        fresh_journal: Journal) -> None:
    fresh_journal.add_checkin(make_checkin("self", {"fear": 2}, when=WHEN))
    second = fresh_journal.add_checkin(make_checkin("supporter", {"fear": 9}, person="Ana",
                                                    when=WHEN + timedelta(days=1)))
    latest = fresh_journal.add_checkin(make_checkin("supporter", {"fear": 4}, person="Ana",
                                                    when=WHEN + timedelta(days=2)))
    page = report.summary_html(fresh_journal, generated=MADE)
    assert escape(WORDS["checkin_dates"].format(
        first=friendly_time(second.when), latest=friendly_time(latest.when))) in page


def test_worksheets_show_their_latest_copy_with_line_breaks(fresh_journal: Journal) -> None:
    for kind, _key in report.PLANS_AND_WORKSHEETS:
        fresh_journal.add_reflection(make_reflection(f"old {kind}", kind=kind,
                                                     answers={"x": f"old {kind}"}, when=WHEN))
        fresh_journal.add_reflection(make_reflection(
            "what the reader saw", kind=kind, answers={"x": f"new {kind}\n\nsecond line"},
            when=WHEN + timedelta(days=1)))
    page = report.summary_html(fresh_journal, generated=MADE)
    parse(page)
    for kind, key in report.PLANS_AND_WORKSHEETS:
        assert escape(WORDS[key]) in page
        assert f"new {kind}\n\nsecond line" in page
        assert f"old {kind}" not in page.split(escape(WORDS["plans"]))[1]
    assert "white-space: pre-wrap" in page


# --- hostile text ---------------------------------------------------------------------


@pytest.fixture
def hostile(fresh_journal: Journal) -> Journal:
    fresh_journal.add_checkin(make_checkin("supporter", {"fear": 7, "stress": 6}, person="Leo",
                                           note=HOSTILE, when=WHEN))
    fresh_journal.add_checkin(make_checkin("supporter", {"fear": 5, "stress": 4}, person="Leo",
                                           note=HOSTILE, when=WHEN + timedelta(days=2)))
    fresh_journal.add_reflection(make_reflection(HOSTILE, mood=3, stress=7, tags=["family"],
                                                 when=WHEN + timedelta(hours=1)))
    fresh_journal.add_reflection(make_reflection(event=HOSTILE[:120], stress=5,
                                                 when=WHEN + timedelta(days=1)))
    fresh_journal.add_reflection(make_reflection(
        f"My plan\n{HOSTILE}", tags=["plan"], kind="conversation_plan",
        answers={"opening": HOSTILE}, when=WHEN + timedelta(days=1, hours=1)))
    fresh_journal.add_reflection(make_reflection(
        HOSTILE, tags=["worksheet", "boundaries"], kind="boundaries",
        answers={"will_do": HOSTILE}, when=WHEN + timedelta(days=1, hours=2)))
    return fresh_journal


def test_hostile_text_is_shown_as_text(hostile: Journal) -> None:
    page = report.summary_html(hostile, generated=MADE)
    parsed = parse(page)
    assert "<script" not in page.lower()
    # No element got an event handler or a source from what the reader typed.
    assert not [name for _, attrs in parsed.tags for name in attrs if name.startswith("on")]
    assert "<img src=x" not in page
    assert parsed.named("script") == []
    assert all((img["src"] or "").startswith("data:image/svg+xml;base64,")
               for img in parsed.named("img"))
    escaped = escape(HOSTILE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in escaped
    assert "&quot;quotes&quot; &amp; ampersand" in escaped
    # The note, the reflection, the plan and the worksheet, each escaped.
    assert page.count(escaped) >= 4
    opening = content.conversation().planner_fields[1]
    assert opening.id == "opening"
    assert f"{escape(opening.label)}\n{escaped}" in page
    # The event, escaped in the recent reflections and in the charts' alt text.
    assert escape(HOSTILE[:120]) in page
    assert any(HOSTILE[:120] in (img["alt"] or "") for img in parsed.named("img"))
    # Matplotlib writes the event into the SVG as escaped text, and <img> runs no script.
    for img in parsed.named("img"):
        assert "<script" not in svg_of(img["src"])
    assert SCRIPT in "".join(parsed.text)


# --- the command ----------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def sample_data(data_dir: Path) -> Path:
    import_file(Journal(), paths.SAMPLE_JOURNEY)
    return data_dir


def test_report_command_writes_a_private_page(
        sample_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "summary.html"
    assert cli.main(["report", "--out", str(out)]) == 0
    assert mode(out) == 0o600
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "About: Leo (someone I am worried about)" in page
    said = capsys.readouterr().out
    assert str(out) in said
    assert content.messages().pages.summary_written.format(out=out) in said


def test_report_command_refuses_to_overwrite_without_force(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "summary.html"
    out.write_text("keep me", encoding="utf-8")
    os.chmod(out, 0o644)
    assert cli.main(["report", "--out", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "keep me"
    assert "--force" in capsys.readouterr().err
    assert cli.main(["report", "--out", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert mode(out) == 0o600


def test_report_command_refuses_a_folder(
        sample_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", "--out", str(tmp_path)]) == 1
    assert content.messages().files.is_folder.format(
        out=tmp_path, example=tmp_path / "file") in capsys.readouterr().err


def test_report_command_on_an_empty_journal(
        data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.html"
    assert cli.main(["report", "--out", str(out)]) == 0
    assert escape(WORDS["empty"]) in out.read_text(encoding="utf-8")
    assert not Journal().exists()


def test_report_command_on_a_damaged_journal(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir.mkdir(parents=True)
    journal = data_dir / paths.JOURNAL_FILENAME
    journal.write_bytes(b"this is not a database")
    out = tmp_path / "summary.html"
    assert cli.main(["report", "--out", str(out)]) == 1
    assert content.messages().journal_file.not_sqlite in capsys.readouterr().err
    assert not out.exists()
    assert journal.read_bytes() == b"this is not a database"


def test_report_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    listed = {a.dest: a.help for a in commands._choices_actions}
    assert listed["report"]
    sub = commands.choices["report"]
    assert sub.description
    for action in sub._actions:
        assert action.help, action.dest
    with pytest.raises(SystemExit) as exited:
        cli.main(["report", "--help"])
    assert exited.value.code == 0
    said = capsys.readouterr().out
    assert "--out" in said and "--force" in said


def test_report_command_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["report"])
    assert exited.value.code == 2
    assert "--out" in capsys.readouterr().err


def test_write_summary_refuses_an_existing_file(fresh_journal: Journal, tmp_path: Path) -> None:
    # An empty journal: what is refused does not depend on what the page shows.
    out = tmp_path / "summary.html"
    assert report.write_summary(out, fresh_journal) == out
    with pytest.raises(FileExistsError):
        report.write_summary(out, fresh_journal)
    report.write_summary(out, fresh_journal, overwrite=True)
    assert mode(out) == 0o600


@pytest.mark.slow
def test_the_summary_chapter_shows_the_page_and_saves_a_copy(data_dir: Path) -> None:
    from workbook.views import summary as summary_gui

    import_file(Journal(), paths.SAMPLE_JOURNEY)
    view = summary_gui.my_summary()
    assert WORDS["where_things_stand"] in view.page.value
    path = view.save_page()
    assert path is not None and path.parent == paths.exports_dir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("<!doctype html>")
    assert 'download="' in view.status.value and "data:text/html;base64," in view.status.value


def test_the_latest_check_in_is_compared_with_the_first_about_the_same_person(
        fresh_journal: Journal) -> None:
    tz = timezone(timedelta(hours=-5))
    ratings = {"fear": 5, "hope": 5}

    def checkin(day: int, person: str | None, perspective: str = "supporter") -> CheckIn:
        return make_checkin(perspective, ratings, person=person,
                            when=datetime(2026, 3, day, 20, 0, tzinfo=tz), uid=f"c-{day}")

    fresh_journal.import_entries([
        checkin(1, None, "self"), checkin(2, "Sam"), checkin(3, "leo"), checkin(4, "Leo"),
        checkin(5, "Sam"), checkin(9, "LEO"),
    ], [])
    page = report.summary_html(fresh_journal)
    # About Leo, whatever the capitals: the first is 3 March, not Sam's or the self check-in.
    assert escape(WORDS["checkin_dates"].format(
        first="Tuesday 3 March 2026 at 20:00", latest="Monday 9 March 2026 at 20:00")) in page
    assert "6 check-ins and 0 reflections" in page


def test_the_footer_counts_its_entries_in_the_content_words(
        monkeypatch: pytest.MonkeyPatch, fresh_journal: Journal) -> None:
    """Issue 12: "N check-ins and M reflections" is summary.yaml's, not English in Python."""
    original = content.summary_text()
    words = dict(original.headings, made_how="Hecho con {reflections} y {checkins}.",
                 checkins_one="1 visita", checkins_many="{count} visitas",
                 reflections_one="1 nota", reflections_many="{count} notas")
    changed = replace(original, headings=words)
    monkeypatch.setattr(content, "summary_text", lambda: changed)
    assert "Hecho con 0 notas y 0 visitas." in report.summary_html(fresh_journal, generated=MADE)
    fresh_journal.add_reflection(make_reflection("A calm day.", stress=3, when=WHEN))
    assert "Hecho con 1 nota y 0 visitas." in report.summary_html(fresh_journal, generated=MADE)


def test_the_safety_box_numbers_are_tap_to_call_links() -> None:
    """Issue 14: wherever the crisis box is shown, a phone number is one tap away; a web
    address stays text. The links are underlined, not told apart by colour alone."""
    from workbook.html import notices

    box = notices.safety_box_html(open_details=True)
    for href in ("tel:911", "tel:999", "tel:000", "tel:988", "tel:18006624357", "tel:116123",
                 "tel:111", "tel:131114"):
        assert f'<a href="{href}" style="color: inherit; text-decoration: underline">' in box
    assert notices.phone_href("findahelpline.com") is None
    assert notices.phone_href("13 11 14") == "tel:131114"
    assert notices.phone_href("1-800-662-4357") == "tel:18006624357"


def test_a_contact_of_several_numbers_links_each_and_a_text_line_opens_a_text() -> None:
    from workbook.html import notices

    both = notices.contact_html("112 or 999")
    assert 'href="tel:112"' in both and 'href="tel:999"' in both and "> or <" in both
    assert notices.contact_html("findahelpline.com") == "findahelpline.com"
    assert 'href="sms:50808"' in notices.contact_html("50808", text_only=True)
    box = notices.safety_box_html(open_details=True)
    texted = [s for r in content.crisis_resources().regions for s in r.services if s.text_only]
    assert texted, "crisis.yaml marks no text-only line"
    for service in texted:
        number = service.contact.replace(" ", "")
        assert f'href="sms:{number}"' in box and f'href="tel:{number}"' not in box
