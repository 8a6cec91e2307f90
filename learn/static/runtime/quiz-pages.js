// A quiz one question per screen: "Vraag 4 van 12", a row of numbers that shows what is answered,
// and an overview before handing in that names the questions still open. The server renders every
// question in one form (and without JavaScript the learner gets that whole form); this only shows
// one at a time, so answers, autosave and submitting stay exactly as they are. Both players use it:
// the web player on an open attempt, a SCORM package on its quiz.

/** Whether a question's inputs hold an answer: a choice made, or every dropdown chosen. */
export function isAnswered({ checked = 0, selects = 0, chosen = 0 }) {
  return selects ? chosen === selects : checked > 0;
}

/** The screen to show: 1..total are questions, total + 1 the overview; anything else is clamped. */
export function clampPage(page, total) {
  const number = Number.parseInt(page, 10);
  return Number.isFinite(number) ? Math.min(Math.max(number, 1), total + 1) : 1;
}

/** The page a hash such as "#vraag-4" names, or null. */
export function pageFromHash(hash) {
  const found = /^#vraag-(\d+)$/.exec(hash || "");
  return found ? Number(found[1]) : null;
}

/** The overview's figures: how many answered and which positions (1-based) are still open. */
export function summary(answeredList) {
  const open = answeredList.flatMap((answered, index) => (answered ? [] : [index + 1]));
  return { answered: answeredList.length - open.length, total: answeredList.length, open };
}

/** Fill "{n}"-style placeholders of a message from the page. */
export function format(message, values) {
  return (message || "").replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

function answeredState(question) {
  const selects = [...question.querySelectorAll("select")];
  return isAnswered({
    checked: question.querySelectorAll("input:checked").length,
    selects: selects.length,
    chosen: selects.filter((select) => select.value).length,
  });
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

/**
 * Page the open quiz in ``form``. ``texts`` is the element whose data attributes hold the messages in
 * the page's language: data-of ("Vraag {n} van {total}"), data-previous, data-next, data-overview,
 * data-summary ("{answered} van {total} vragen beantwoord."), data-open ("Nog niet beantwoord:"),
 * data-all, data-question ("Vraag {n}"), data-answered, data-unanswered.
 */
export function installQuizPages(form, texts) {
  const questions = [...form.querySelectorAll(".question[data-question]")].filter(
    (question) => !question.querySelector("input:disabled, select:disabled"), // a review is not paged
  );
  const submit = form.querySelector("button[name=action][value=submit]");
  if (questions.length < 2 || !submit || !texts) return null;
  const t = texts.dataset;
  const total = questions.length;

  const bar = element("nav", { class: "quiz-pages", "aria-label": t.overview });
  const counter = element("p", { class: "quiz-counter", "aria-live": "polite" });
  const numbers = element("ol", { class: "quiz-numbers" });
  const buttons = questions.map((_, index) => {
    const item = element("li");
    const button = element("button", { type: "button", class: "quiz-number" }, String(index + 1));
    button.addEventListener("click", () => show(index + 1, true));
    item.append(button);
    numbers.append(item);
    return button;
  });
  const overviewItem = element("li");
  const overviewButton = element("button", { type: "button", class: "quiz-number overview" }, t.overview);
  overviewButton.addEventListener("click", () => show(total + 1, true));
  overviewItem.append(overviewButton);
  numbers.append(overviewItem);
  bar.append(counter, numbers);

  const moves = element("div", { class: "quiz-moves" });
  const previous = element("button", { type: "button" }, `← ${t.previous}`);
  const next = element("button", { type: "button", class: "primary" }, `${t.next} →`);
  previous.addEventListener("click", () => show(current - 1, true));
  next.addEventListener("click", () => show(current + 1, true));
  moves.append(previous, next);

  const overview = element("section", { class: "quiz-overview", tabindex: "-1", "aria-labelledby": "quiz-overview-title" });
  const overviewTitle = element("h2", { id: "quiz-overview-title" }, t.overview);
  const overviewText = element("p");
  const openList = element("ul", { class: "quiz-open" });
  overview.append(overviewTitle, overviewText, openList);

  questions[0].before(bar);
  questions[questions.length - 1].after(overview);
  overview.after(moves);
  const submitRow = submit.closest("p") || submit;
  // The server's "N questions not answered: hand in anyway?" (after an Inleveren with open questions) belongs there too.
  const confirm = form.querySelector(".quiz-confirm");
  if (confirm) overview.append(confirm);
  overview.append(submitRow);

  let current = 1;
  function refresh() {
    const states = questions.map(answeredState);
    states.forEach((answered, index) => {
      buttons[index].classList.toggle("answered", answered);
      buttons[index].setAttribute(
        "aria-label",
        `${format(t.question, { n: index + 1 })}: ${answered ? t.answered : t.unanswered}`,
      );
    });
    const figures = summary(states);
    overviewText.textContent = `${format(t.summary, figures)} ${figures.open.length ? t.open : t.all}`;
    if (confirm) {
      // While questions are open the server's box says so and offers "Toch inleveren" (another "Inleveren"
      // would only ask again); once all are answered, "Inleveren" is all there is.
      confirm.hidden = !figures.open.length;
      overviewText.hidden = openList.hidden = submitRow.hidden = !confirm.hidden;
    }
    openList.replaceChildren(
      ...figures.open.map((position) => {
        const item = element("li");
        const link = element("button", { type: "button", class: "link" }, format(t.question, { n: position }));
        link.addEventListener("click", () => show(position, true));
        item.append(link);
        return item;
      }),
    );
  }

  function show(page, moveFocus) {
    current = clampPage(page, total);
    questions.forEach((question, index) => {
      question.hidden = index + 1 !== current;
    });
    overview.hidden = current !== total + 1;
    buttons.forEach((button, index) => button.toggleAttribute("aria-current", index + 1 === current));
    overviewButton.toggleAttribute("aria-current", current === total + 1);
    counter.textContent = current <= total ? format(t.of, { n: current, total }) : t.overview;
    previous.disabled = current === 1;
    next.hidden = current === total + 1;
    refresh();
    history.replaceState(null, "", current <= total ? `#vraag-${current}` : "#overzicht");
    if (moveFocus) {
      const target = current <= total ? questions[current - 1].querySelector(".question-number") : overviewTitle;
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }

  form.addEventListener("change", refresh);
  form.addEventListener("drafts:filled", refresh);
  form.classList.add("paged");
  // A link to "#vraag-3" (the confirm box names the open questions) turns to that question.
  addEventListener("hashchange", () => {
    const page = location.hash === "#overzicht" ? total + 1 : pageFromHash(location.hash);
    if (page) show(page, true);
  });
  show(confirm || location.hash === "#overzicht" ? total + 1 : pageFromHash(location.hash) || 1, false);
  return { show };
}
