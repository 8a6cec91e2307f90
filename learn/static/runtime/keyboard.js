// Keyboard shortcuts for the step player: the left and right arrow keys go to the
// previous and next step, unless the learner is typing. Everything also works without it.
// A hidden or disabled control is not there for the learner, so not for the keyboard either.

const TYPING = "input, textarea, select, [contenteditable]";

/** The control a key press should click, or null: none while typing or with a modifier held. */
export function controlForKey(event, root) {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (event.target && event.target.closest && event.target.closest(TYPING)) return null;
  const controls = [...root.querySelectorAll(`[data-key="${event.key}"]`)];
  return controls.find((control) => !control.hidden && !control.disabled) || null;
}

export function installKeyboardShortcuts(root) {
  root.addEventListener("keydown", (event) => {
    const control = controlForKey(event, root);
    if (control) {
      event.preventDefault();
      control.click();
    }
  });
}
