/* Keyboard access to wide tables: a table that scrolls sideways gets a tab stop and a name,
 * so keyboard users can scroll it too (WCAG 2.1.1; checked with axe in the browser tests). */
(function () {
  "use strict";
  /* Each region gets its own name, from the nearest heading above it (landmarks must differ). */
  function nameOf(wrap, index) {
    var node = wrap;
    while (node && node !== document.body) {
      var previous = node.previousElementSibling;
      while (previous) {
        if (/^H[1-6]$/.test(previous.tagName)) {
          return "Table " + index + ": " + previous.textContent.replace(/\u00b6$/, "").trim();
        }
        previous = previous.previousElementSibling;
      }
      node = node.parentElement;
    }
    return "Table " + index;
  }
  function mark() {
    var index = 0;
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      index += 1;
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", nameOf(wrap, index));
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(mark);
  } else {
    document.addEventListener("DOMContentLoaded", mark);
  }
})();
