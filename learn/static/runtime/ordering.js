// Ordering questions that reorder as you go: the items become a list with "omhoog" and "omlaag"
// buttons (keyboard and touch alike) instead of a number dropdown per item. The dropdowns stay in
// the form, hidden, and always hold the order shown, so posting, autosave and the server's scoring
// are unchanged. Without JavaScript the dropdowns are the question, as before.

/** The order after moving the item at ``index`` by ``delta`` places (clamped to the list). */
export function move(order, index, delta) {
  const target = Math.min(Math.max(index + delta, 0), order.length - 1);
  const result = [...order];
  const [item] = result.splice(index, 1);
  result.splice(target, 0, item);
  return result;
}

/** The order the given places describe: placed items by place, unplaced ones after, as they came. */
export function orderFrom(ids, places) {
  const placed = ids.filter((id) => places[id]).sort((a, b) => places[a] - places[b]);
  return [...placed, ...ids.filter((id) => !places[id])];
}

/** Places 1..n for an order, as the dropdowns post them. */
export function placesFor(order) {
  return Object.fromEntries(order.map((id, index) => [id, String(index + 1)]));
}

/** ``texts`` data attributes: data-up ("Zet hoger: {item}"), data-down, data-keep ("Deze volgorde klopt"),
    data-moved ("{item} staat nu op plaats {n}"), data-hint (how to use the list). */
export function installOrdering(question, texts) {
  const list = question.querySelector(".ordering");
  if (!list || question.querySelector("select:disabled") || !texts) return null;
  const t = texts.dataset;
  const rows = new Map();
  for (const row of list.children) {
    const select = row.querySelector("select");
    const id = select.name.slice(select.name.lastIndexOf("-") + 1);
    rows.set(select.name, { row, select, id, text: row.querySelector("label").textContent.trim() });
  }
  const names = [...rows.keys()];
  const hint = question.querySelector(".ordering")?.previousElementSibling;
  if (hint?.classList.contains("hint") && t.hint) hint.textContent = t.hint;
  const say = document.createElement("p");
  say.className = "visually-hidden";
  say.setAttribute("aria-live", "polite");
  question.append(say);
  const format = (message, values) => (message || "").replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");

  function current() {
    const places = Object.fromEntries(names.map((name) => [name, Number(rows.get(name).select.value) || 0]));
    return orderFrom(names, places);
  }

  function apply(order, moved) {
    const places = placesFor(order);
    order.forEach((name) => {
      const entry = rows.get(name);
      entry.select.value = places[name];
      list.append(entry.row);
    });
    order.forEach((name, index) => {
      const entry = rows.get(name);
      entry.up.disabled = index === 0;
      entry.down.disabled = index === order.length - 1;
    });
    question.dispatchEvent(new Event("change", { bubbles: true }));
    question.dispatchEvent(new Event("drafts:changed", { bubbles: true }));
    if (moved) {
      const entry = rows.get(moved);
      say.textContent = format(t.moved, { item: entry.text, n: order.indexOf(moved) + 1 });
    }
  }

  for (const [name, entry] of rows) {
    entry.row.classList.add("reorderable");
    entry.select.classList.add("visually-hidden");
    entry.select.tabIndex = -1;
    entry.select.setAttribute("aria-hidden", "true");
    const controls = document.createElement("span");
    controls.className = "reorder-buttons";
    for (const [key, delta, symbol] of [["up", -1, "↑"], ["down", 1, "↓"]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = symbol;
      button.setAttribute("aria-label", format(key === "up" ? t.up : t.down, { item: entry.text }));
      button.addEventListener("click", () => {
        const order = current();
        apply(move(order, order.indexOf(name), delta), name);
        (button.disabled ? entry[key === "up" ? "down" : "up"] : button).focus();
      });
      entry[key] = button;
      controls.append(button);
    }
    entry.row.prepend(controls);
  }
  const keep = document.createElement("button");
  keep.type = "button";
  keep.className = "link";
  keep.textContent = t.keep;
  keep.addEventListener("click", () => apply(current()));
  list.after(keep);
  const answered = names.every((name) => rows.get(name).select.value);
  const order = current();
  order.forEach((name, index) => {
    rows.get(name).up.disabled = index === 0;
    rows.get(name).down.disabled = index === order.length - 1;
    list.append(rows.get(name).row);
  });
  keep.hidden = answered;
  question.addEventListener("change", () => {
    keep.hidden = names.every((name) => rows.get(name).select.value);
  });
  return { current };
}
