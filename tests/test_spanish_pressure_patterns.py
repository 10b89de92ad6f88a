"""The Spanish pressure patterns (data/content/es/conversation.yaml) flag the Spanish
pressures and leave alone the curious questions the Spanish chapters recommend.

The file is read directly, and matched the way workbook.rules.conversation matches
the English one: one sentence at a time, ignoring case, apostrophes made straight,
quoted mentions inside a longer sentence left out.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from workbook.rules import conversation as rules

ES = Path(__file__).resolve().parents[1] / "data" / "content" / "es"
LOADED = yaml.safe_load((ES / "conversation.yaml").read_text(encoding="utf-8"))
PATTERNS = [(p["id"], [re.compile(m, re.IGNORECASE) for m in p["match"]])
            for p in LOADED["patterns"]]


def ids(text: str) -> set[str]:
    """The ids of the Spanish patterns found in ``text``."""
    normal = text.translate(rules._APOSTROPHES)
    found: set[str] = set()
    for start, end in rules.split_sentences(normal):
        sentence = normal[start:end]
        mentions = rules._mentions(sentence)
        for pattern_id, regexes in PATTERNS:
            for regex in regexes:
                if any(m.end() > m.start() and not any(a <= m.start() and m.end() <= b
                                                        for a, b in mentions)
                       for m in regex.finditer(sentence)):
                    found.add(pattern_id)
                    break
    return found


def plain(text: str) -> str:
    """The text as typed without accents or opening marks: "que" for "qué", no "¿"."""
    text = text.replace("¿", "").replace("¡", "").replace("ñ", "\0").replace("Ñ", "\1")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text)
                       if unicodedata.category(ch) != "Mn")
    return stripped.replace("\0", "ñ").replace("\1", "Ñ")


FLAGGED: list[tuple[str, set[str]]] = [
    # Una orden
    ("Tienes que ir al médico.", {"you_need_to"}),
    ("Tienes que dejar de beber.", {"you_need_to"}),
    ("Lo que tienes que hacer es buscar ayuda.", {"you_need_to"}),
    ("Debes ir a rehabilitación.", {"you_need_to"}),
    ("NECESITAS AYUDA.", {"you_need_to"}),
    ("Tú necesitas un psicólogo, y pronto.", {"you_need_to"}),
    ("Deja de beber.", {"you_need_to"}),
    ("Tenés que parar.", {"you_need_to"}),
    ("Tienes que poner tu vida en orden.", {"you_need_to"}),
    ("Tienes que tirar todas estas cosas.", {"you_need_to"}),
    # Un consejo que no pidió
    ("Deberías hablar con alguien.", {"you_should"}),
    ("Tendrías que ver a un terapeuta.", {"you_should"}),
    ("Más te vale dejar esto ya.", {"you_should"}),
    ("La verdad, creo que deberías llamar a la clínica.", {"you_should"}),
    ("Yo que tú, pediría la cita hoy.", {"you_should"}),
    ("Si yo fuera tú, iría al médico.", {"you_should"}),
    ("Mi consejo es que vayas a terapia.", {"you_should"}),
    ("Lo mejor sería que fueras a un grupo.", {"you_should"}),
    # ¿Por qué no...?
    ("¿Por qué no hablas conmigo?", {"why_dont_you"}),
    ("¿POR QUÉ NO BUSCAS AYUDA?", {"why_dont_you"}),
    ("¿Por qué no vas a terapia y ya?", {"why_dont_you"}),
    ("¿Por qué no puedes simplemente dejarlo?", {"why_dont_you"}),
    ("¿Por qué sigues bebiendo?", {"why_dont_you"}),
    ("¿Por qué demonios haces esto?", {"why_dont_you"}),
    ("¿Cómo es posible que todavía no hayas ido?", {"why_dont_you"}),
    # Amenazas y últimos avisos
    ("Si no dejas de beber, me voy.", {"ultimatum"}),
    ("Si no buscas ayuda, me mudo.", {"ultimatum"}),
    ("Si no paras... se acabó.", {"ultimatum"}),
    ("Si vuelves a beber, te vas de la casa.", {"ultimatum"}),
    ("Si sigues así, me llevo a los niños.", {"ultimatum"}),
    ("Ve a la reunión, o si no...", {"ultimatum"}),
    ("Es tu última oportunidad.", {"ultimatum"}),
    ("Este es tu último aviso.", {"ultimatum"}),
    ("Me voy, a menos que busques ayuda.", {"ultimatum"}),
    ("Busca ayuda o me voy.", {"ultimatum"}),
    ("O vas a rehabilitación o me llevo a los niños.", {"ultimatum"}),
    ("Es el alcohol o yo.", {"ultimatum"}),
    ("Tienes hasta el viernes para decidir.", {"ultimatum"}),
    ("Esto es la gota que colmó el vaso.", {"ultimatum"}),
    ("Te vas a arrepentir.", {"ultimatum"}),
    # Etiquetas dirigidas a la persona
    ("Eres un alcohólico.", {"label"}),
    ("Estás loca.", {"label"}),
    ("Estás en negación.", {"label"}),
    ("¡ESTÁS TAN EN NEGACIÓN!", {"label"}),
    ("¡Aléjate de mí, drogadicto!", {"label"}),
    ("Es un yonqui perdido.", {"label"}),
    ("Eres un vago.", {"label"}),
    ("Estás siendo paranoico.", {"label"}),
    ("Estás enfermo de la cabeza.", {"label"}),
    ("Tienes un problema con la bebida.", {"label"}),
    ("Te has vuelto una acumuladora.", {"label"}),
    ("¿Estás loco?", {"label"}),
    # Preguntas de sí o no
    ("¿Vas a ir a terapia?", {"yes_no"}),
    ("¿No crees que bebes demasiado?", {"yes_no"}),
    ("¿De verdad es tan malo pedir ayuda?", {"yes_no"}),
    ("Mamá, ¿vas a ir al médico?", {"yes_no"}),
    ("¿Has pensado en Alcohólicos Anónimos?", {"yes_no"}),
    ("¿Has pensado en ver a alguien?", {"yes_no"}),
    ("¿Quieres ir a rehabilitación?", {"yes_no"}),
    ("¿Irías al médico conmigo?", {"yes_no"}),
    ("¿Llamarás a la clínica mañana?", {"yes_no"}),
    ("¿Puedes dejar de beber por mí?", {"yes_no"}),
    ("¿Estás dispuesto a probar?", {"yes_no"}),
    ("¿Me prometes que vas a ir?", {"yes_no"}),
    # Te lo dije
    ("Te lo dije.", {"told_you_so"}),
    ("¡Te dije que eso no iba a funcionar!", {"told_you_so"}),
    ("Ves, no funcionó.", {"told_you_so"}),
    ("¿Ves? No funcionó.", {"told_you_so"}),
    ("¿Qué te dije? Nunca funciona.", {"told_you_so"}),
    ("¿No te lo dije?", {"told_you_so"}),
    ("¿Cuántas veces te lo tengo que decir?", {"told_you_so"}),
    ("Ya lo sabía.", {"told_you_so"}),
    # Siempre o nunca
    ("Siempre haces lo mismo.", {"always_never"}),
    ("Nunca me escuchas.", {"always_never"}),
    ("Tú siempre estás en el celular.", {"always_never"}),
    ("No me escuchas nunca.", {"always_never"}),
    ("Cada vez, es la misma historia.", {"always_never"}),
    ("Nunca vas a cambiar.", {"always_never"}),
    ("Todos los santos días igual.", {"always_never"}),
    # Hacerlo sonar fácil
    ("Solo deja de beber.", {"just"}),
    ("Simplemente supéralo.", {"just"}),
    ("Está todo en tu cabeza, así que anímate.", {"just"}),
    ("No es para tanto.", {"just"}),
    ("No es tan difícil.", {"just"}),
    ("Es muy fácil.", {"just"}),
    ("Querer es poder.", {"just"}),
    ("Ponte las pilas.", {"just"}),
    # Culpa o reproche
    ("Después de todo lo que he hecho por ti, ¿así me tratas?", {"blame"}),
    ("Si me quisieras, dejarías de beber.", {"blame"}),
    ("¿Qué diablos te pasa?", {"blame"}),
    ("¿No te importan tus hijos?", {"blame"}),
    ("¿Cómo pudiste hacerme esto?", {"blame"}),
    ("Mira lo que has hecho.", {"blame"}),
    ("Nos estás destruyendo.", {"blame"}),
    ("Todo es tu culpa.", {"blame"}),
    ("Qué vergüenza me das.", {"blame"}),
    # Más de un patrón
    ("NUNCA ESCUCHAS Y TIENES QUE PARAR.", {"always_never", "you_need_to"}),
    ("Tienes que buscar ayuda. Siempre dices que lo harás.", {"you_need_to", "always_never"}),
    ("Deberías ver a alguien, o me voy.", {"you_should", "ultimatum"}),
    ("Eres un acumulador y tienes que vaciar esta casa.", {"label", "you_need_to"}),
    ("Te lo dije. ¿Por qué no me escuchas? ¿Vas a llamar por lo menos?",
     {"told_you_so", "why_dont_you", "yes_no"}),
    ('"Necesitas ayuda."', {"you_need_to"}),
]

# Kind, curious or everyday sentences, and the ones the chapters recommend.
NOT_FLAGGED: list[str] = [
    "¿Está bien si me salto esa pregunta por ahora?",
    "¿Qué te ayudaría a sentirte un poco mejor esta semana?",
    "Yo también tengo que cuidarme.",
    "Yo también necesito cuidarme.",
    "¿Cómo te fue en la cita?",
    "Te noté cansado, y me importas.",
    "Alcohólicos Anónimos se reúne los martes.",
    "Mi amiga es consejera en adicciones.",
    "¿Cuándo sería un buen momento para hablar?",
    "Debería llamar a mi hermana.",
    "¿Qué dijo el médico?",
    "Siento miedo cuando manejas después de beber.",
    "¿Cómo puedo apoyarte?",
    "¿Qué necesitas para sentirte a salvo?",
    "¿Necesitas ayuda ahora?",
    "Si necesitas hablar, aquí estoy.",
    "No tienes que decidir nada hoy.",
    "Tu salud mental me importa.",
    "No estás loco, y no estás solo.",
    "Debes de estar agotada.",
    "Siempre eres bienvenido aquí.",
    "Nunca estás solo en esto.",
    "Siempre puedes llamarme.",
    "Siempre me haces reír.",
    "¿Te parece bien si te cuento lo que he notado?",
    "¿Te puedo contar lo que he notado?",
    "¿No te importa si te cuento algo?",
    "Si no quieres hablar ahora, aquí estaré más tarde.",
    "Si no te sientes bien, podemos dejarlo para otro día.",
    "¿Qué crees que deberías hacer?",
    "Quiero conocerte mejor.",
    "Te conté de mi nuevo trabajo, ¿no?",
    "¿Qué te dije que te molestó?",
    "No te lo dije porque tenía miedo.",
    "¿Cómo has dormido últimamente?",
    "No es tu culpa.",
    "Nada de esto es tu culpa.",
    "Podría ir contigo.",
    "Solo quiero que sepas que te quiero.",
    "Sé que esto no es fácil.",
    "Si alguna vez me necesitas, ahí estaré.",
    "¿Por qué es importante para ti?",
    "Tienes que saber que te quiero.",
    "Necesitas saber que te quiero.",
    "¿Has tenido alguna experiencia que hizo incómoda la terapia?",
    "¿Quieres tomar un descanso? Alguien puede sentarse contigo.",
    "Quiero saber si estás a salvo. ¿Estás pensando en hacerte daño?",
    "¿Te preocupa la seguridad de alguien ahora mismo?",
    "¿Podemos vernos en línea, por teléfono o en persona?",
    "¿Estás tomando gente nueva?",
    "¿Has ayudado antes a gente con problemas como los míos?",
    "¿Cómo podrías apoyar su plan, aunque tengas dudas?",
    "¿Qué podrías decir en vez de \"te lo dije\"?",
    "Últimamente lo he pasado mal. ¿Puedo hablar contigo de eso?",
    "No estoy seguro de que esto sea para mí. ¿Me puedes recomendar a otra persona?",
    "Si las cosas cambiaran un poco, ¿qué es lo que más te preocuparía?",
    "Si el plan no funciona, ¿cómo podrías volver a hablar de ayuda con calma?",
    "Si un amigo te contara esta misma historia, ¿qué pensarías?",
    "¿Hubo algo en tu revisión que te sorprendiera?",
    "¿Quién en tu vida podría ayudarte a dar un primer paso?",
    "Decidas lo que decidas, no estás solo en esto. Estoy de tu lado.",
    "Está bien. Aquí estoy si algún día quieres hablarlo.",
    "¿Qué te pasaba anoche?",
    "Siempre estás ahí para mí.",
    "¿Vas a estar bien esta noche?",
    "Me matas de risa.",
    "¿Tienes algún problema con el horario?",
]

TABLE = FLAGGED + [(text, set()) for text in NOT_FLAGGED]


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[text for text, _ in TABLE])
def test_the_spanish_check_finds_exactly_the_expected_patterns(
        text: str, expected: set[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[text for text, _ in TABLE])
def test_accents_opening_marks_and_capitals_do_not_change_the_result(
        text: str, expected: set[str]) -> None:
    assert ids(plain(text)) == expected
    assert ids(text.upper()) == expected
    assert ids(text.lower()) == expected


def test_every_spanish_pattern_is_triggered_by_some_row() -> None:
    expected_ids = set().union(*(expected for _text, expected in FLAGGED))
    assert {pattern_id for pattern_id, _ in PATTERNS} == expected_ids


def _quoted_in_prose() -> list[str]:
    """Sentences the Spanish chapters put in quotes as something to say.

    A quote after "que", "no", "como" or "en vez de" is an example of what to avoid.
    """
    found = []
    for path in sorted((ES / "prose").glob("*.yaml")):
        for text in yaml.safe_load(path.read_text(encoding="utf-8"))["cells"].values():
            for match in re.finditer(r'"([^"\n]{8,})"', text):
                before = text[max(0, match.start() - 12):match.start()].lower()
                if not re.search(r"\b(?:que|no|como|en vez de)\s*$", before):
                    found.append(match.group(1))
    return found


def recommended_texts() -> list[str]:
    """What the Spanish edition suggests saying or asking."""
    support = yaml.safe_load((ES / "support.yaml").read_text(encoding="utf-8"))
    found = [q["question"] for q in support["therapist_questions"]]
    found += [support["call_script"], support["email_script"], *support["if_no_steps"]]
    for pattern in LOADED["patterns"]:
        found += pattern["rewrites"]
    found += [field["placeholder"] for field in LOADED["planner_fields"]]
    return found + _quoted_in_prose()


def test_nothing_the_spanish_chapters_recommend_is_flagged() -> None:
    texts = recommended_texts()
    assert len(texts) > 40
    assert [(text, ids(text)) for text in texts if ids(text)] == []


@pytest.mark.parametrize(
    "text",
    [
        ("Tienes que buscar ayuda. ¿Qué te ayudaría a sentirte mejor? " * 400)[:20_000],
        ("eres tan tan muy un " * 1_000)[:20_000],
        ("si no " * 3_000)[:20_000],
        ("a menos que " * 2_000)[:20_000],
        "¿Vas a " + "x" * 20_000,
        ("siempre " * 3_000)[:20_000],
        "¿" * 20_000,
    ],
    ids=["prose", "modifiers", "si-no", "a-menos-que", "open-question", "siempre", "marks"],
)
def test_a_long_spanish_text_is_checked_quickly(text: str) -> None:
    ids(text)


def test_the_spanish_labels_stay_out_of_learner_text() -> None:
    hurtful = re.compile(r"loc[oa]\b|adict|alcoh[oó]lic|yonqui|negaci[oó]n|borrach",
                         re.IGNORECASE)
    texts = [LOADED[key] for key in ("practice_label", "practice_button", "practice_empty",
                                     "practice_no_flags", "practice_found", "planner_button",
                                     "planner_saved", "planner_empty", "try_instead")]
    for pattern in LOADED["patterns"]:
        texts += [pattern["name"], pattern["why"], *pattern["rewrites"]]
    for field in LOADED["planner_fields"]:
        texts += [field["label"], field["placeholder"]]
    assert [text for text in texts if hurtful.search(text)] == []
