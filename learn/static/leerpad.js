// Keyboard shortcuts for the step player: the left and right arrow keys go to the
// previous and next step, unless the learner is typing. Everything also works without it.
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  if (target.closest("input, textarea, select, [contenteditable]")) return;
  var control = document.querySelector('[data-key="' + event.key + '"]');
  if (control) {
    event.preventDefault();
    control.click();
  }
});
