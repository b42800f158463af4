/* Links to a heading land on that heading, also near the end of a long page.
 * A long page lays out only the blocks near the screen and counts every other block at an
 * estimated height (fieldguide.css, content-visibility). Near the end of the page the estimate
 * can leave too little page below the heading to scroll it to the top, so the browser stops
 * short; once the blocks around the heading have been laid out at their real heights, the page
 * is taller and the heading is scrolled to again. It stops as soon as the heading stays put, after
 * a few tries, or the moment the reader scrolls, clicks or types. */
(function () {
  "use strict";
  var TRIES = 8; /* checks, two frames apart: about a quarter of a second at 60 Hz */
  var INPUT = ["wheel", "touchstart", "keydown", "mousedown"];
  var current = null;

  function targetOf(hash) {
    var id = hash.slice(1);
    if (!id) {
      return null;
    }
    try {
      id = decodeURIComponent(id);
    } catch (error) {
      return null; /* a malformed escape cannot name a heading on this page */
    }
    return document.getElementById(id);
  }

  function offset(target) {
    var margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    return target.getBoundingClientRect().top - margin;
  }

  function land() {
    if (current) {
      current.stop();
    }
    var target = targetOf(location.hash);
    if (!target) {
      return;
    }
    var left = TRIES;
    var state = {
      stopped: false,
      stop: function () {
        state.stopped = true;
        INPUT.forEach(function (type) {
          window.removeEventListener(type, state.stop, true);
        });
      }
    };
    current = state;
    INPUT.forEach(function (type) {
      window.addEventListener(type, state.stop, { capture: true, passive: true });
    });
    function later(step) {
      requestAnimationFrame(function () {
        requestAnimationFrame(step);
      });
    }
    function step() {
      if (state.stopped) {
        return;
      }
      left -= 1;
      if (Math.abs(offset(target)) > 2) {
        target.scrollIntoView({ block: "start", behavior: "instant" });
      } else if (left < TRIES - 1) {
        state.stop(); /* in place, and the blocks around it have had a frame to render */
        return;
      }
      if (left > 0) {
        later(step);
      } else {
        state.stop();
      }
    }
    later(step);
  }

  window.addEventListener("hashchange", land);
  if (typeof document$ !== "undefined") {
    document$.subscribe(land); /* the first page, and each page instant navigation brings */
  } else {
    document.addEventListener("DOMContentLoaded", land);
  }
})();
