"""The step form as a hurried learner fills it in: shared by the load generator and the production tests.

Standard library only, so the tests can import it without the bench's extras.
"""

from html.parser import HTMLParser


class StepForm(HTMLParser):
    """The fields of the step form, filled as a hurried learner would: the first option of everything."""

    def __init__(self, page: str):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self.buttons: list[tuple[str, str]] = []
        self._in_form = False
        self._select = None
        self.feed(page)

    def _add(self, name, value):
        if name and name not in self.fields:
            self.fields[name] = [value]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "step-form":
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        kind = a.get("type", "text")
        if tag == "input" and kind == "submit":
            if name:
                self.buttons.append((name, a.get("value", "")))
        elif tag == "input":
            filler = {"hidden": "", "radio": "on", "checkbox": "on"}.get(kind, "1")
            self._add(name, a.get("value") or filler)
        elif tag == "textarea":
            self._add(name, "Een antwoord van een cursist.")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select:
            self._add(self._select, a.get("value", ""))
        elif tag == "button" and a.get("type", "submit") == "submit" and name:
            self.buttons.append((name, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None

    def data_with(self, action: str) -> list[tuple[str, str]] | None:
        """The form data as posted with the ``action`` button, or None when the page has no such button."""
        if ("action", action) not in self.buttons:
            return None
        return [(name, value) for name, values in self.fields.items() for value in values] + [("action", action)]

    def hand_in(self) -> list[tuple[str, str]] | None:
        """The quiz form as handed in with "Toch inleveren": a hurried learner leaves ordering questions open,
        and a plain submit would stop at the summary of unanswered questions."""
        answers = self.data_with("submit")
        if answers is None:
            return None
        return [(name, value) for name, value in answers if name != "action"] + [("action", "confirm")]
