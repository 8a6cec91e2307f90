"""The honest study time of a module, estimated from its own content.

Registers count net study hours (1 hour = 1 point), so the duration a module states
must be what a learner really needs. The estimate follows one typical path through
the module, the work every learner does:

- reading every word shown on that path at ``WORDS_PER_MINUTE`` (a B1 reader): each
  scenario's median route (with the choices shown at each decision), the questions one
  attempt of a quiz draws (the final quiz: the draw times its pool's average question),
  and their explanation and feedback unless the quiz never shows them;
- ``REFLECTION_QUESTION_MINUTES`` for every required reflection question;
- ``QUIZ_QUESTION_MINUTES`` for every quiz question on the path (thinking and choosing);
- the ``minutes:`` a step declares for work its words do not show (an assignment, a video).

Steps marked ``required: false`` are left out, and optional reflection questions get no
writing time: what every learner must do is what the stated duration may claim.
"""

from dataclasses import dataclass
from statistics import median_low

from ..content.model import Module, Step
from ..content.readability import count_words

WORDS_PER_MINUTE = 150
REFLECTION_QUESTION_MINUTES = 3
QUIZ_QUESTION_MINUTES = 1


@dataclass(frozen=True)
class StepEstimate:
    step_id: str
    words: int
    reflection_questions: int = 0
    quiz_questions: int = 0
    declared_minutes: int = 0

    @property
    def minutes(self) -> float:
        return (
            self.words / WORDS_PER_MINUTE
            + self.reflection_questions * REFLECTION_QUESTION_MINUTES
            + self.quiz_questions * QUIZ_QUESTION_MINUTES
            + self.declared_minutes
        )


@dataclass(frozen=True)
class StudyTimeEstimate:
    steps: tuple[StepEstimate, ...]
    chapters: tuple[tuple[str, float], ...]  # chapter title, estimated minutes

    def _total(self, name: str) -> int:
        return sum(getattr(step, name) for step in self.steps)

    @property
    def words(self) -> int:
        return self._total("words")

    @property
    def reflection_questions(self) -> int:
        return self._total("reflection_questions")

    @property
    def quiz_questions(self) -> int:
        return self._total("quiz_questions")

    @property
    def declared_minutes(self) -> int:
        return self._total("declared_minutes")

    @property
    def reading_minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE

    @property
    def minutes(self) -> float:
        return sum(step.minutes for step in self.steps)


def estimate_study_time(module: Module) -> StudyTimeEstimate:
    steps, chapters = [], []
    for chapter in module.chapters:
        estimates = [estimate_step(step, module) for step in chapter.steps if step.required]
        steps.extend(estimates)
        chapters.append((chapter.title, sum(estimate.minutes for estimate in estimates)))
    return StudyTimeEstimate(tuple(steps), tuple(chapters))


def estimate_step(step: Step, module: Module) -> StepEstimate:
    words = count_words([step.title, step.body, *_persona_card(step, module)])
    estimate = _TYPE_ESTIMATES.get(step.type_name)
    more_words, counts = estimate(step) if estimate else (0, {})
    return StepEstimate(step.id, words + round(more_words), declared_minutes=step.minutes or 0, **counts)


def _persona_card(step: Step, module: Module) -> list:
    persona = module.personas.get(getattr(step, "persona", None) or "")
    if persona is None:
        return []
    card = [persona.name, persona.role, persona.quote]
    return [*card, persona.background] if step.type_name == "persona" else card


def _reflection(step) -> tuple[float, dict]:
    words = count_words(question.text for question in step.questions)
    return words, {"reflection_questions": len(step.required_questions)}


def _scenario(step) -> tuple[float, dict]:
    return median_route_words(step) + count_words([step.debrief]), {}


def median_route_words(step) -> int:
    """Words on the route with the median number of words (a real route, the lower middle one)."""
    routes = step.routes()
    return median_low(count_words(route_texts(route)) for route in routes) if routes else 0


def route_texts(route) -> list:
    """What a learner reads on one route: each node with every choice on offer, the consequence of the one taken."""
    texts = []
    for node, choice in route.taken:
        texts.append(node.text)
        texts.extend(option.label for option in node.choices)
        texts.append(choice.consequence)
    if route.current is not None:
        texts.append(route.current.text)
    return texts


def _quiz(step) -> tuple[float, dict]:
    """The draw times the pool's average question: the words one attempt shows, whichever questions it draws."""
    feedback = step.show_answers != "never"
    average = sum(question_words(question, feedback) for question in step.questions) / len(step.questions)
    return average * step.draw, {"quiz_questions": step.draw}


def question_words(question, feedback: bool = True) -> float:
    """A question as one attempt shows it: stem, every option, and after answering the explanation
    and the feedback on one answer (the options' average)."""
    shown = [question.text, *(option.text for option in question.options)]
    shown.extend(item.text for item in (*question.prompts, *question.answers, *question.items))
    if not feedback:
        return count_words(shown)
    feedbacks = [count_words([option.feedback]) for option in question.options if option.feedback]
    return count_words([*shown, question.explanation]) + (sum(feedbacks) / len(feedbacks) if feedbacks else 0)


_TYPE_ESTIMATES = {"reflection": _reflection, "scenario": _scenario, "quiz": _quiz}
