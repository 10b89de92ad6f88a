"""How the workbook's forms were saved before answers had ids (journal schema 1).

Until then each form was saved as one reflection whose text holds every
answered question's label on a line of its own, then the answer. Migration 2
in :mod:`workbook.journal.store` reads those answers back into ``{field_id: answer}``
with the labels below: the wording as it was when that scheme ended, frozen
here so the migration gives the same result whatever the content files say
later. Never edit these tables.
"""

from __future__ import annotations

from collections.abc import Sequence

# (tags the form was saved with, the kind it is saved as now, (field id, label) pairs)
LabelledForm = tuple[tuple[str, ...], str, tuple[tuple[str, str], ...]]

LABELLED_FORMS: tuple[LabelledForm, ...] = (
    (('plan', 'conversation'), 'conversation_plan', (
        ('when_where', 'When and where'),
        ('opening', 'My opening question'),
        ('listen_for', 'What I will listen for'),
        ('if_no', 'What I will do if they say no'),
        ('after', 'How I will look after myself afterwards'),
    )),
    (('worksheet', 'boundaries'), 'boundaries', (
        ('will_do', 'What I will do'),
        ('wont_do', "What I won't do any more"),
        ('mine', 'What is mine to carry'),
        ('not_mine', 'What is not mine to carry'),
        ('say_it', 'How I will say it, kindly and clearly'),
    )),
    (('worksheet', 'self_care_plan'), 'self_care_plan', (
        ('body', 'One thing for my body: sleep, food or movement'),
        ('people', 'A person I can talk to'),
        ('breaks', 'Something that gives me a break'),
        ('warning_signs', "How I notice I'm running on empty"),
        ('when_empty', 'What I will do when that happens'),
        ('support', 'My own support: a group, a counselor or a helpline'),
    )),
    (('reflection', 'why-refuse'), 'why_refuse', (
        ('most_true', 'Which two or three reasons feel most true for the person you care about?'),
        ('underneath', 'What might be going on underneath their no?'),
        ('next_step', 'What is one new thing you want to try the next time you talk?'),
        ('most_true', 'Which reasons feel most true for you right now?'),
        ('underneath', 'What might your no be protecting you from?'),
        ('next_step', 'What is one small step you might want to try?'),
    )),
)

# The question sheet was saved as one chosen question per line; a line that is none
# of these was the reader's own question.
QUESTION_SHEET_TAGS = ("worksheet", "questions")
QUESTION_SHEET_KIND = "question_sheet"
OWN_QUESTION = "own"
THERAPIST_QUESTIONS: tuple[tuple[str, str], ...] = (
        ('approach', 'How do you work with people? What does that look like?'),
        ('experience', 'Have you helped people with problems like mine before?'),
        ('fees', 'How much does each session cost?'),
        ('sliding_scale', 'Do you offer a lower fee if money is tight?'),
        ('insurance', 'Do you take my insurance, or can I claim the cost back?'),
        ('availability', 'When could I start, and what times do you have free?'),
        ('first_consultation', 'Can we have a short first call to see if we are a good fit?'),
        ('online_or_in_person', 'Can we meet online, by phone or in person?'),
        ('family_involvement',
         'Can a family member join a session, or can I come to learn how to help?'),
        ('confidentiality', 'What stays private, and when would you have to tell someone else?'),
        ('first_session', 'What happens in the first session?'),
        ('how_long', 'How many sessions do people often have? How will we know it is working?'),
        ('not_a_fit', 'What if I feel we are not a good fit? Can you suggest someone else?'),
    )


def parse_labelled(text: str, labels: Sequence[str]) -> dict[str, str]:
    """``{label: answer}`` from text written as label lines each followed by its answer.

    A line that is exactly a label (not yet seen) starts that label's answer;
    text before the first label, or under an unknown label, is ignored.
    """
    answers: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.split("\n"):
        if line in labels and line not in answers:
            current = line
            answers[current] = []
        elif current is not None:
            answers[current].append(line)
    return {label: "\n".join(lines).strip() for label, lines in answers.items()}


def read_labelled_form(text: str, fields: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Answers by field id; a field asked with two wordings takes the first found."""
    by_label = parse_labelled(text, [label for _id, label in fields])
    answers: dict[str, str] = {}
    for field_id, label in fields:
        if by_label.get(label) and field_id not in answers:
            answers[field_id] = by_label[label]
    return answers


def read_question_sheet(text: str) -> dict[str, str]:
    """The chosen questions by id, and the reader's own question under ``own``."""
    known = {question: question_id for question_id, question in THERAPIST_QUESTIONS}
    answers: dict[str, str] = {}
    for line in (line.strip() for line in text.split("\n")):
        if line:
            answers[known.get(line, OWN_QUESTION)] = line
    return answers


def read_form(text: str, tags: Sequence[str]) -> tuple[str, dict[str, str]] | None:
    """The form a reflection saved this way holds, and its answers by field id.

    ``None`` for a note the reader tagged by hand: it has none of the label lines.
    """
    tagged = set(tags)
    found: tuple[str, dict[str, str]] | None = None
    if set(QUESTION_SHEET_TAGS) <= tagged:
        found = (QUESTION_SHEET_KIND, read_question_sheet(text))
    else:
        for form_tags, kind, fields in LABELLED_FORMS:
            if set(form_tags) <= tagged:
                found = (kind, read_labelled_form(text, fields))
                break
    return found if found is not None and found[1] else None
