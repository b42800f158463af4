"""Scripts a checker runs inside a page of the built site (Playwright), shared by the audit
command (scripts/audit.py) and the browser tests, so that both look at the page the same way."""

from __future__ import annotations

# Run before any page script: Mermaid draws into closed shadow roots, which axe and the tests
# could not look into.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, {...init, mode: "open"});
};
"""

# Lay out every block of the page at once, as a reader who scrolled to the end has them: a block
# far down is rendered only when it nears the screen (content-visibility in fieldguide.css), and
# until then its colours cannot be checked, nor whether its table scrolls. The two animation
# frames let resize observers (scrollable.js) run.
RENDER_ALL = """() => new Promise(done => {
  const style = document.createElement("style");
  style.textContent = ".md-content__inner > * { content-visibility: visible !important; }";
  document.head.append(style);
  requestAnimationFrame(() => requestAnimationFrame(done));
})"""
