/* What if? panel, first part: on every case page, under the scale estimates, a closed panel
 * "What if? Change the inputs and recompute". The calculator itself (formula evaluator, number
 * formatting, the inputs and the table: what-if-calculator.js, about 9 KB gzip) is loaded from
 * beside this file the first time the reader opens a panel, so the many visits that never open it
 * do not download it (issue 13: first visit of a case page under 150 KB).
 *
 * The page carries the case's numbers in <div class="fg-whatif" data-whatif="{...}">, written at
 * build time by src/fieldguide/numbers/what_if.py. Works from file:// too (a <script src>, not
 * fetch). If the calculator cannot be loaded, the panel says so and the next opening retries.
 * Runs again on every instant-navigation page change (overrides/main.html); panels already made
 * carry data-whatif-ready.
 */
(function () {
  "use strict";

  var CALCULATOR = "what-if-calculator.js";
  var script = document.currentScript;
  var here = script ? script.src : location.href;
  var url = new URL(CALCULATOR, here).href;

  /* The calculator (window.fieldguideWhatIf), its script inserted at most once at a time. */
  function loadCalculator() {
    if (window.fieldguideWhatIf) return Promise.resolve(window.fieldguideWhatIf);
    var loading = window.fieldguideWhatIfLoading;
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = url;
      tag.onload = function () {
        if (window.fieldguideWhatIf) resolve(window.fieldguideWhatIf);
        else fail();
      };
      tag.onerror = fail;
      function fail() {
        window.fieldguideWhatIfLoading = null; // the next opening tries again
        tag.remove();
        reject(new Error(CALCULATOR));
      }
      document.head.appendChild(tag);
    });
    window.fieldguideWhatIfLoading = loading;
    return loading;
  }

  function prepare(container, index) {
    container.setAttribute("data-whatif-ready", "");
    var details = document.createElement("details");
    details.className = "fg-whatif__panel";
    var summary = document.createElement("summary");
    summary.textContent = "What if? Change the inputs and recompute";
    details.appendChild(summary);
    var status = document.createElement("p");
    status.className = "fg-whatif__loading";
    status.setAttribute("role", "status");
    details.appendChild(status);
    container.appendChild(details);

    details.addEventListener("toggle", function () {
      if (!details.open || details.hasAttribute("data-whatif-loaded")) return;
      status.textContent = "Loading the calculator\u2026";
      loadCalculator().then(function (calculator) {
        if (details.hasAttribute("data-whatif-loaded")) return;
        try {
          calculator.mount(container, details, index);
        } catch (error) { // unreadable data-whatif: a build defect, said where it shows
          status.textContent = "This case's numbers could not be read: " + error.message;
          return;
        }
        details.setAttribute("data-whatif-loaded", "");
        status.remove();
      }, function () {
        status.textContent = "The calculator (assets/javascripts/tools/" + CALCULATOR + ") could " +
          "not be loaded. Close and open this panel to try again.";
      });
    });
  }

  document.querySelectorAll("[data-whatif]").forEach(function (container, index) {
    if (!container.hasAttribute("data-whatif-ready")) prepare(container, index);
  });
})();
