/* Keyboard access to wide tables: a table that scrolls sideways gets a tab stop and a name,
 * so keyboard users can scroll it too (WCAG 2.1.1; checked with axe in the browser tests).
 * Whether a table scrolls is known only once it is laid out, and a block far down a long page
 * is laid out only when it nears the screen (fieldguide.css, content-visibility): each table is
 * therefore checked whenever its box changes size, which includes the moment it is first
 * rendered, and after a rotation or a resized window. */
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
  function check(wrap) {
    if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", nameOf(wrap, wrap.fgTableIndex));
    }
  }
  var observer = typeof ResizeObserver === "function"
    ? new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { check(entry.target); });
    })
    : null;
  function mark() {
    if (observer) {
      observer.disconnect(); /* the tables of the page instant navigation left */
    }
    var index = 0;
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      index += 1;
      wrap.fgTableIndex = index;
      if (observer) {
        observer.observe(wrap); /* reports the current size at once, then every change */
      } else {
        check(wrap);
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(mark);
  } else {
    document.addEventListener("DOMContentLoaded", mark);
  }
})();
