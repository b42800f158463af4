/* Material's search overlay is a role="dialog" without a name; screen readers announce it as an
 * unnamed dialog (Lighthouse and axe "aria-dialog-name"). Name it once: the element is part of the
 * page shell, which instant navigation keeps. */
(function () {
  "use strict";
  function name() {
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (el) {
      el.setAttribute("aria-label", "Search the guide");
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(name);
  } else {
    document.addEventListener("DOMContentLoaded", name);
  }
})();
