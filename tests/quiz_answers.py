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


def fill_in(page, fields: dict) -> None:
    """Set answer fields in the browser. A paged final test (runtime/quiz-pages.js) shows one question
    at a time: its number in the row above is pressed first, as a learner would."""
    if page.locator("#quiz-texts[data-paged]").count():
        page.locator("form.paged").wait_for(state="attached")  # the runtime paged the quiz (it loads after the page)
    for name, value in fields.items():
        select = page.locator(f"select[name='{name}']")
        field = select if select.count() else page.locator(f"[name='{name}']").first
        question = field.locator("xpath=ancestor::fieldset[contains(@class, 'question')]")
        if page.locator(".quiz-numbers").count() and question.is_hidden():
            position = int(question.get_attribute("id").removeprefix("vraag-"))
            page.locator(".quiz-number").nth(position - 1).click()
        if select.count():
            # An ordering list's dropdowns are hidden behind its arrow buttons (runtime/ordering.js): set them directly.
            select.select_option(value, force=select.get_attribute("aria-hidden") == "true")
        else:
            for v in value if isinstance(value, list) else [value]:
                page.locator(f"input[name='{name}'][value='{v}']").check()


def hand_in(page) -> None:
    """Press "Inleveren"; in a paged final test it sits on the overview screen after the questions.
    Returns once the result page has loaded (a click does not wait for the navigation it starts)."""
    if page.locator(".quiz-number.overview").count():
        page.locator(".quiz-number.overview").click()
    press(page, page.locator("button[name=action][value=submit]"))


def press(page, button) -> None:
    """Press a button that posts the form, and wait until the page it leads to has loaded."""
    with page.expect_navigation():
        button.click()
