"""The practice check finds pressure patterns, and only those, in what a reader
would say; its rewrites pass the check; its output is safe HTML."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator

import pytest

from workbook import content, paths
from workbook.html.pressure import highlight_html
from workbook.rules.conversation import PressureFlag, find_pressure, split_sentences

CURLY = "\u2019"


def curly(text: str) -> str:
    """The text with curly apostrophes, as many phones and word processors type them."""
    return text.replace("'", CURLY)


# What a reader might type -> the set of pattern ids the check must report.
FLAGGED: list[tuple[str, set[str]]] = [
    # An order
    ("You need to see a doctor.", {"you_need_to"}),
    ("You have to stop drinking.", {"you_need_to"}),
    ("You must go to rehab.", {"you_need_to"}),
    (curly("You've got to get help."), {"you_need_to"}),
    ("YOU NEED HELP.", {"you_need_to"}),
    # Advice nobody asked for
    ("You should talk to someone.", {"you_should"}),
    ("You ought to see a therapist.", {"you_should"}),
    ("You'd better stop this now.", {"you_should"}),
    ("Honestly, I think you should call the clinic.", {"you_should"}),
    ("If I were you, I'd book the appointment today.", {"you_should"}),
    # "Why not" questions
    (curly("Why won't you talk to me?"), {"why_dont_you"}),
    (curly("WHY DON'T YOU GET HELP?"), {"why_dont_you"}),
    ("Why don't you just go to therapy?", {"why_dont_you", "just"}),
    ("Why can't you just stop?", {"why_dont_you", "just"}),
    # Threats and last warnings
    ("If you don't stop drinking, I'm leaving.", {"ultimatum"}),
    (curly("If you don't get help, I will move out."), {"ultimatum"}),
    ("If you don't stop... I'm done.", {"ultimatum"}),
    ("If you drink again, you'll have to leave.", {"ultimatum"}),
    ("Go to the meeting or else.", {"ultimatum"}),
    ("This is your last chance.", {"ultimatum"}),
    ("This is your final warning.", {"ultimatum"}),
    ("I'm done unless you get help.", {"ultimatum"}),
    ("Either you go to rehab or I take the kids and go.", {"ultimatum"}),
    (curly("It's me or the bottle."), {"ultimatum"}),
    ("You have until Friday to decide.", {"ultimatum"}),
    # Labels aimed at the person
    ("You're an alcoholic.", {"label"}),
    ("You are crazy.", {"label"}),
    (curly("You're in denial."), {"label"}),
    ("YOU'RE SO IN DENIAL!", {"label"}),
    ("Get away from me, you addict!", {"label"}),
    ("He is such a junkie.", {"label"}),
    ("You're just lazy.", {"label"}),
    ("You're being paranoid.", {"label"}),
    ("You're mental.", {"label"}),
    ("You have a drinking problem.", {"label"}),
    # Yes-or-no questions
    ("Will you go to therapy?", {"yes_no"}),
    ("Don't you think you drink too much?", {"yes_no"}),
    ("Is it really that bad to ask for help?", {"yes_no"}),
    ("Mum, will you see the doctor?", {"yes_no"}),
    ("Have you thought about Alcoholics Anonymous?", {"yes_no"}),
    ("Are you crazy?", {"yes_no", "label"}),
    # I told you so
    ("I told you so.", {"told_you_so"}),
    ("I told you that wouldn't work!", {"told_you_so"}),
    ("See, it didn't work.", {"told_you_so"}),
    (curly("See? It didn't work."), {"told_you_so"}),
    ("What did I say? It never works.", {"told_you_so"}),
    ("Didn't I tell you?", {"told_you_so"}),
    # Always or never
    ("You always do this.", {"always_never"}),
    ("You never listen to me.", {"always_never"}),
    ("Every single time, it's the same story.", {"always_never"}),
    ("You'll never change.", {"always_never"}),
    # Making it sound easy
    ("Just stop drinking.", {"just"}),
    ("Snap out of it.", {"just"}),
    ("It's all in your head, so cheer up.", {"just"}),
    # Blame or guilt
    ("After everything I've done for you, this is how you treat me?", {"blame"}),
    ("If you loved me, you would stop.", {"blame"}),
    (curly("What's wrong with you?"), {"blame"}),
    ("Don't you care about your kids?", {"blame", "yes_no"}),
    # Two or more patterns in one text
    ("YOU NEVER LISTEN AND YOU NEED TO STOP.", {"always_never", "you_need_to"}),
    ("You need to get help. You always say you will.", {"you_need_to", "always_never"}),
    ("You should see someone, or I'm leaving.", {"you_should", "ultimatum"}),
    ("You're a hoarder and you need to clear this house.", {"label", "you_need_to"}),
    ("I told you so. Why won't you listen? Will you at least call?",
     {"told_you_so", "why_dont_you", "yes_no"}),
]

# Kind, curious or everyday sentences the check must leave alone.
NOT_FLAGGED: list[str] = [
    "What would help you feel a bit better this week?",
    "I need to take care of myself too.",
    "I'm not crazy about that restaurant.",
    curly("I'm not crazy about that idea."),
    "How did the appointment go?",
    "I noticed you seemed tired, and I care about you.",
    "Alcoholics Anonymous meets on Tuesdays.",
    "My friend is an addiction counselor.",
    "When would be a good time to talk?",
    "I should call my sister.",
    "What did the doctor say?",
    "I feel scared when you drive after drinking.",
    "How can I support you?",
    "What do you need to feel safe?",
    "If you need to talk, I'm here.",
    "You don't have to decide anything today.",
    "Your mental health matters to me.",
    "You're not crazy, and you're not alone.",
    "You must be exhausted.",
    "You're always welcome here.",
    "Would it be okay if I shared what I've noticed?",
    "Can I tell you what I'm worried about?",
    "If you don't want to talk now, I'll be here later.",
    "What do you think you should do?",
    "I want to get to know you better.",
    "I told you about my new job, right?",
    "What did I say that upset you?",
    "How have you been sleeping lately?",
    "It's not your fault.",
    "I could just go with you.",
    "You always make me laugh.",
    "If you ever need me, I'll be there.",
    "Why is this important to you?",
    # Issue 11: sentences the chapters and their sources recommend.
    "You need to know I love you.",
    "Have you had an experience that made therapy feel uncomfortable in the past?",
    "Would you like to take a break?",
    "Are you thinking about hurting yourself?",
    "Can we meet online, by phone or in person?",
    "Are you taking new clients?",
    "How could you back their plan, even if you have doubts?",
    "What could you say instead of 'I told you so'?",
]

# Narrowing the rules for the rows above must not let these through.
FLAGGED += [
    ("How could you do this to me?", {"blame"}),
    ("Would you like to go to rehab?", {"yes_no"}),
    ("Have you thought about seeing someone?", {"yes_no"}),
    ('"You need to get help."', {"you_need_to"}),
]

TABLE = FLAGGED + [(text, set()) for text in NOT_FLAGGED]


def _ids(text: str) -> set[str]:
    return {flag.pattern_id for flag in find_pressure(text)}


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[text for text, _ in TABLE])
def test_the_check_finds_exactly_the_expected_patterns(text: str, expected: set[str]) -> None:
    assert _ids(text) == expected


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[text for text, _ in TABLE])
def test_apostrophes_and_capitals_do_not_change_the_result(text: str, expected: set[str]) -> None:
    assert _ids(curly(text)) == expected
    assert _ids(text.replace("'", "\u2018")) == expected
    assert _ids(text.upper()) == expected
    assert _ids(text.lower()) == expected


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 40
    assert len(NOT_FLAGGED) >= 12


def test_every_pattern_is_triggered_by_some_row() -> None:
    content_ids = {pattern.id for pattern in content.conversation().patterns}
    expected_ids = set().union(*(expected for _text, expected in FLAGGED))
    assert content_ids - expected_ids == set(), "patterns with no row that triggers them"
    assert expected_ids - content_ids == set(), "rows expect patterns that do not exist"


def test_the_required_patterns_exist() -> None:
    content_ids = {pattern.id for pattern in content.conversation().patterns}
    assert {"you_need_to", "you_should", "why_dont_you", "ultimatum", "label", "yes_no",
            "told_you_so", "always_never"} <= content_ids


# --- flags and spans -------------------------------------------------------------------


def test_spans_point_at_the_matched_text() -> None:
    text = curly("Honestly?  You're in denial.\nIf you don't stop, I'm leaving. Will you go?")
    flags = find_pressure(text)
    assert [flag.pattern_id for flag in flags] == ["label", "ultimatum", "yes_no"]
    for flag in flags:
        assert text[flag.start:flag.end] == flag.matched
    assert flags[0].matched == curly("You're in denial")
    assert flags[1].matched == curly("If you don't stop, I'm leaving")
    assert flags[2].matched == "Will you go?"


def test_a_flag_carries_the_name_why_and_rewrites_from_content() -> None:
    (flag,) = find_pressure("You must stop.")
    pattern = content.by_id(content.conversation().patterns, "you_need_to")
    assert flag == PressureFlag("you_need_to", pattern.name, "You must", 0, 8,
                                pattern.why, pattern.rewrites)


def test_flags_are_sorted_by_where_they_start() -> None:
    flags = find_pressure("Will you go? You always say no. You need to go.")
    starts = [flag.start for flag in flags]
    assert starts == sorted(starts)
    assert [flag.pattern_id for flag in flags] == ["yes_no", "always_never", "you_need_to"]


def test_one_flag_per_pattern_per_sentence() -> None:
    flags = find_pressure("You need to, you have to, you must, you've got to.")
    assert [flag.pattern_id for flag in flags] == ["you_need_to"]
    assert flags[0].matched == "You need to"
    # Two regexes of one pattern that overlap give one span: "I told you so".
    (told,) = find_pressure("I told you so!")
    assert told.matched == "I told you so"
    # The same pattern in two sentences is two flags.
    flags = find_pressure("You need to rest. You have to eat.")
    assert [flag.matched for flag in flags] == ["You need to", "You have to"]


@pytest.mark.parametrize("text", ["", " ", "   \n\t  ", "\n\n"])
def test_empty_text_has_no_flags(text: str) -> None:
    assert find_pressure(text) == []


def test_sentences_split_at_end_marks_and_line_breaks_but_not_ellipses() -> None:
    text = "  Hi there.  Will you go?!\nOkay... fine \"really.\" Done"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Hi there.", "Will you go?!", 'Okay... fine "really."', "Done",
    ]
    assert split_sentences("   ") == []


# --- safe HTML -----------------------------------------------------------------------


def test_highlight_escapes_html_and_wraps_marks() -> None:
    text = "<script>alert(1)</script> You need to stop."
    html = highlight_html(text, find_pressure(text))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<mark title="An order">You need to</mark> stop.' in html


def test_highlight_turns_line_breaks_into_br_and_keeps_plain_text() -> None:
    text = "Line one & two\nYou always say that"
    html = highlight_html(text, find_pressure(text))
    assert html == (
        'Line one &amp; two<br><mark title="Always or never">You always</mark> say that'
    )
    assert highlight_html("a\nb", []) == "a<br>b"


def test_highlight_merges_overlapping_spans() -> None:
    text = "Are you crazy?"
    flags = find_pressure(text)
    assert len(flags) == 2
    html = highlight_html(text, flags)
    assert html.count("<mark") == 1
    assert html == '<mark title="A label; A yes-or-no question">Are you crazy?</mark>'


def test_highlight_escapes_quotes_in_the_title() -> None:
    flag = PressureFlag("x", 'Say "no" <b>', "ab", 0, 2, "why", ("r",))
    assert highlight_html("abc", [flag]) == (
        '<mark title="Say &quot;no&quot; &lt;b&gt;">ab</mark>c'
    )


# --- long and odd input --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        ("You need to get help. What would help you feel better? " * 400)[:20_000],
        ("you are so so such a total " * 1_000)[:20_000],
        ("if you don't " * 2_000)[:20_000],
        ("either you " * 2_000)[:20_000],
        "Do you " + "x" * 20_000,
        "." * 20_000,
        (CURLY + "'") * 10_000,
        ("?! " * 7_000)[:20_000],
        "you " * 5_000,
    ],
    ids=["prose", "modifiers", "if-you-dont", "either-you", "open-question", "dots",
         "apostrophes", "marks", "you-you"],
)
def test_a_long_text_is_checked(text: str) -> None:
    flags = find_pressure(text)
    for flag in flags:
        assert text[flag.start:flag.end] == flag.matched
    assert highlight_html(text, flags)


# --- the content itself ----------------------------------------------------------------


def test_every_pattern_has_rewrites_that_pass_the_check() -> None:
    for pattern in content.conversation().patterns:
        assert len(pattern.rewrites) >= 2, pattern.id
        assert pattern.match, pattern.id
        for rewrite in pattern.rewrites:
            assert find_pressure(rewrite) == [], f"{pattern.id}: {rewrite!r} is flagged"


def _notebook_examples() -> Iterator[tuple[str, str]]:
    """Sentences the chapters' markdown puts in quotes as something to say.

    A quote after "than", "not" or "instead of" is an example of what to avoid.
    """
    for path in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"])
            for match in re.finditer(r'"([^"\n]{8,})"', text):
                before = text[max(0, match.start() - 12):match.start()].lower()
                if not re.search(r"\b(?:than|not|instead of|like)\s*$", before):
                    yield f"{path.name}: {match.group(1)[:30]}", match.group(1)


def recommended_texts() -> list[tuple[str, str]]:
    """Every question, sentence and script the workbook suggests saying or asking."""
    found: list[tuple[str, str]] = []
    reasons = content.reasons()
    for reason in reasons.reasons:
        found += [(f"reasons.{reason.id}.swaps.ask", swap.ask) for swap in reason.swaps]
        found += [(f"reasons.{reason.id}.helps", text) for text in reason.helps]
        for perspective, questions in reason.reflection.items():
            found += [(f"reasons.{reason.id}.reflection.{perspective}", q) for q in questions]
    for perspective, questions in reasons.closing_reflection.questions.items():
        found += [(f"reasons.closing_reflection.{perspective}.{q.id}", q.text) for q in questions]
    conversation = content.conversation()
    for pattern in conversation.patterns:
        found += [(f"conversation.{pattern.id}.rewrites", text) for text in pattern.rewrites]
    found += [(f"conversation.planner.{f.id}", f.placeholder)
              for f in conversation.planner_fields]
    support = content.support()
    found += [(f"support.therapist_questions.{q.id}", q.question)
              for q in support.therapist_questions]
    found += [("support.call_script", support.call_script),
              ("support.email_script", support.email_script)]
    found += [("support.if_no_steps", text) for text in support.if_no_steps]
    for factor in content.factors():
        guidance = factor.guidance
        found += [(f"factors.{factor.id}.guidance", text)
                  for text in (guidance.low, guidance.middle, guidance.high)]
    found += [("facilitator.distress.what_to_say", text)
              for text in content.facilitator().distress.what_to_say]
    for prompts in content.facilitator().prompts:
        found += [(f"facilitator.prompts.{prompts.chapter}", text) for text in prompts.prompts]
    found += [("checkin.safety.question", content.checkin().safety.question)]
    for guide in content.guides().guides:
        found += [(f"guides.{guide.id}.say", text)
                  for section in guide.sections for text in section.say]
    found += list(_notebook_examples())
    return found


def test_each_patterns_example_is_found_by_that_pattern_alone() -> None:
    # The exported site shows each example as a worked example of its pattern.
    for pattern in content.conversation().patterns:
        found = [flag.pattern_id for flag in find_pressure(pattern.example)]
        assert found == [pattern.id], (pattern.example, found)


def test_nothing_the_chapters_recommend_is_flagged() -> None:
    # Issue 11: the check flagged "You need to know I love you" and the support
    # chapter's own questions to a therapist.
    texts = recommended_texts()
    assert len(texts) > 150
    assert any(where.startswith("02_") for where, _ in texts), "the chapter's examples"
    flagged = [(where, text, [f.matched for f in find_pressure(text)])
               for where, text in texts if find_pressure(text)]
    assert flagged == []


def test_planner_examples_pass_the_check() -> None:
    for field in content.conversation().planner_fields:
        assert find_pressure(field.placeholder) == [], field.id


def test_planner_fields_in_order() -> None:
    assert [field.id for field in content.conversation().planner_fields] == [
        "when_where", "opening", "listen_for", "if_no", "after",
    ]


def test_placeholders_in_messages() -> None:
    loaded = content.conversation()
    assert "{when}" in loaded.planner_saved
    assert "Sunday" in loaded.planner_saved.format(when="Sunday")


def _learner_strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every string a reader may see: all text fields except ids and match patterns."""
    if isinstance(value, str):
        yield where, value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if field.name not in ("id", "match"):
                yield from _learner_strings(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _learner_strings(item, f"{where}[{i}]")


HURTFUL = re.compile(r"crazy|addict|alcoholic|junkie|denial", re.IGNORECASE)


def test_learner_text_avoids_the_labels_it_warns_about() -> None:
    strings = list(_learner_strings(content.conversation(), "conversation"))
    assert len(strings) > 40
    for where, text in strings:
        assert not HURTFUL.search(text), f"{where}: {text!r}"
