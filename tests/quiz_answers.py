"""Building quiz form posts in tests: right or wrong answers for an attempt's drawn questions."""

from learn.content.steps.quiz import Question


def answer_fields(question: Question, right: bool) -> dict:
    """Form fields answering one question fully right, or fully wrong."""
    name = f"q-{question.id}"
    if question.kind in ("single", "truefalse", "judgement"):
        options = sorted(question.options, key=lambda o: o.credit, reverse=right)
        return {name: options[0].id}
    if question.kind == "multiple":
        chosen = [o.id for o in question.options if o.correct == right]
        return {name: chosen}
    if question.kind == "matching":
        pairs = dict(question.pairs)
        answers = [a.id for a in question.answers]
        return {f"{name}-{p}": (a if right else next(x for x in answers if x != a)) for p, a in pairs.items()}
    items = [item.id for item in question.items]
    order = items if right else items[1:] + items[:1]
    return {f"{name}-{item}": str(order.index(item) + 1) for item in items}


def quiz_form(step, attempt, right: bool | dict = True, action="submit") -> dict:
    """Every drawn question answered; ``right`` may map question ids to True/False."""
    data = {"action": action, "attempt": attempt.token}
    for qid in attempt.question_ids:
        question = step.question(qid)
        is_right = right.get(qid, True) if isinstance(right, dict) else right
        data.update(answer_fields(question, is_right))
    return data
