"""The quiz-bank lint: cues that let a learner who knows nothing pass a final quiz.

Accreditation committees ask whether a final test measures learning. These are the
item-writing flaws test-wise learners exploit (Haladyna & Downing's item-writing rules);
``learn check-modules`` warns about each one, with the figures:

- true/false items keyed true outside 35-65 % ("always answer false" wins otherwise);
- the single best option is the longest one in more than 40 % of the items that have one;
- every multiple-response item is "every option but one" (tick all but one and win);
- "geen van bovenstaande" / "alle bovenstaande" fillers;
- the key repeats a word of the stem that no other option repeats;
- a final quiz that shows the keys before passing while it allows a retry.
"""

import re
from dataclasses import dataclass

from ..content.readability import plain_text
from ..content.steps.quiz import Question, QuizStep

TRUE_SHARE_RANGE = (0.35, 0.65)
MAX_LONGEST_BEST_SHARE = 0.40

_FILLER = re.compile(
    r"\b(geen|alle)\b[\w\s]{0,20}\b(bovenstaande|hierboven|antwoorden (zijn )?(goed|juist|fout))\b"
    r"|\b(none|all) of the above\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-zà-ÿ]+")
# Words of five letters or more that carry no content: repeating them gives nothing away.
_STOP_WORDS = frozenset(
    """welke wordt worden omdat kunnen hebben heeft tussen zonder eerst altijd iemand waarom wanneer tegen
    onder andere ander anders meest beste goede zoals alleen steeds vooral moeten willen zullen nooit vaker
    samen daarna eigen soort mensen dingen zichzelf jezelf hierbij daarbij waarbij terwijl volgens
    niemand iedereen misschien gewoon echter allemaal""".split()  # noqa: SIM905 (a word list reads best as text)
)


@dataclass(frozen=True)
class QuizLint:
    truefalse_true: int
    truefalse_total: int
    longest_best: tuple[str, ...]  # ids of items whose single best option is the longest
    best_items: int  # single and judgement items with a single best option
    all_but_one: tuple[str, ...]  # multiple-response items keyed "every option but one"
    multiple_items: int
    fillers: tuple[tuple[str, str], ...]  # (question id, option id)
    stem_echoes: tuple[tuple[str, str], ...]  # (question id, the repeated word)
    keys_before_passing: bool

    @property
    def true_share(self) -> float | None:
        return self.truefalse_true / self.truefalse_total if self.truefalse_total else None

    @property
    def true_share_off(self) -> bool:
        low, high = TRUE_SHARE_RANGE
        return self.true_share is not None and not low <= self.true_share <= high

    @property
    def longest_best_share(self) -> float | None:
        return len(self.longest_best) / self.best_items if self.best_items else None

    @property
    def longest_best_off(self) -> bool:
        return self.longest_best_share is not None and self.longest_best_share > MAX_LONGEST_BEST_SHARE

    @property
    def all_multiple_are_all_but_one(self) -> bool:
        return self.multiple_items > 0 and len(self.all_but_one) == self.multiple_items


def lint_quiz(step: QuizStep) -> QuizLint:
    truefalse = [q for q in step.questions if q.kind == "truefalse"]
    with_best = [q for q in step.questions if q.kind in ("single", "judgement") and single_best(q) is not None]
    multiple = [q for q in step.questions if q.kind == "multiple"]
    return QuizLint(
        truefalse_true=sum(1 for q in truefalse if "true" in q.correct_option_ids),
        truefalse_total=len(truefalse),
        longest_best=tuple(q.id for q in with_best if is_longest(single_best(q), q)),
        best_items=len(with_best),
        all_but_one=tuple(q.id for q in multiple if len(q.correct_option_ids) == len(q.options) - 1),
        multiple_items=len(multiple),
        fillers=tuple((q.id, o.id) for q in step.questions for o in q.options if _FILLER.search(o.text)),
        stem_echoes=tuple((q.id, word) for q in step.questions if (word := stem_echo(q))),
        keys_before_passing=reveals_keys_before_passing(step),
    )


def single_best(question: Question):
    """The one option with the highest credit, or None when two share it."""
    best = max(option.credit for option in question.options)
    top = [option for option in question.options if option.credit == best]
    return top[0] if len(top) == 1 else None


def is_longest(option, question: Question) -> bool:
    """No other option is longer (a tie still points a test-wise learner at it)."""
    return all(len(other.text.strip()) <= len(option.text.strip()) for other in question.options)


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(plain_text(text).lower()) if len(w) >= 5 and w not in _STOP_WORDS}


def stem_echo(question: Question) -> str | None:
    """A stem word that the keyed options repeat and no other option does, if there is one."""
    if question.kind not in ("single", "judgement", "multiple"):
        return None
    keys = [option for option in question.options if option.correct]
    others = [option for option in question.options if not option.correct]
    if not keys or not others:
        return None
    stem = content_words(question.text)
    in_keys = set.intersection(*(content_words(option.text) & stem for option in keys))
    in_others = set().union(*(content_words(option.text) for option in others))
    echoes = sorted(in_keys - in_others)
    return echoes[0] if echoes else None


def reveals_keys_before_passing(step: QuizStep) -> bool:
    """A final quiz that shows the keys on submit while a retry is allowed turns the retry into copying."""
    retries = step.max_attempts is None or step.max_attempts > 1
    return step.final and retries and step.show_answers in ("after_each", "after_submit")
