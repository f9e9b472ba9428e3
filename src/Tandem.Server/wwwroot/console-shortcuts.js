// Keyboard shortcuts of the inbox (documented on the page under "Keyboard shortcuts ?").
// They never fire while the agent is typing in a box, and only on the inbox page.
(function () {
  'use strict';
  function typing(target) {
    return target instanceof Element && target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
  }
  function move(step) {
    var items = Array.prototype.slice.call(document.querySelectorAll('[data-testid="queue-item"]'));
    if (items.length === 0) { return; }
    var current = items.findIndex(function (i) { return i.classList.contains('selected'); });
    var next = items[Math.min(items.length - 1, Math.max(0, current < 0 ? 0 : current + step))];
    next.click();
    next.focus();
  }
  function click(selector) {
    var button = document.querySelector(selector);
    if (button && !button.disabled) { button.click(); }
  }
  function focus(selector) {
    var box = document.querySelector(selector);
    if (box) { box.focus(); }
  }
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || !document.querySelector('[data-inbox]')) { return; }
    switch (e.key) {
      case 'j': move(1); break;
      case 'k': move(-1); break;
      case 'a': click('[data-shortcut="approve"]'); break;
      case 'e': focus('#draft-text'); break;
      case 'r': focus('#reject-reason'); break;
      case 't': click('[data-shortcut="takeover"]'); break;
      case '?': var help = document.getElementById('shortcut-help'); if (help) { help.open = !help.open; } break;
      default: return;
    }
    e.preventDefault();
  });
})();
