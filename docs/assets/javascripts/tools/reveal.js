/* Try first, then reveal: one switch per page that opens or closes every answer.
 *
 * Answers are collapsed details blocks, so they start hidden and open one by one without any
 * script: the follow-up answers of case pages (`??? success fg-answer "Model answer"`, from
 * case.md.j2) and the question blocks of chapters (`??? question "..."`). A page with answers
 * declares this script in its front matter (`scripts: [assets/javascripts/tools/reveal.js]`).
 * The switch goes into a `[data-reveal]` placeholder when the page has one, otherwise just above
 * the first answer. Printing shows every answer (Material opens all details before printing,
 * and fieldguide.css shows closed details content in print).
 *
 * Loaded per page: it initialises the page it runs on and keeps no state between pages.
 */
(function () {
  "use strict";
  var ANSWERS = "details.fg-answer, details.question";
  var article = document.querySelector("article.md-content__inner") || document.body;
  if (article.querySelector(".fg-reveal__toggle")) return;  // already set up
  var answers = Array.prototype.slice.call(article.querySelectorAll(ANSWERS));
  if (!answers.length) return;

  var toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "md-button fg-reveal__toggle";

  function allOpen() {
    return answers.every(function (details) { return details.open; });
  }

  function update() {
    var n = answers.length;
    toggle.textContent = (allOpen() ? "Hide all " : "Show all ") + n + (n === 1 ? " answer" : " answers");
  }

  toggle.addEventListener("click", function () {
    var open = !allOpen();
    answers.forEach(function (details) { details.open = open; });
    update();
  });
  answers.forEach(function (details) { details.addEventListener("toggle", update); });

  var placeholder = article.querySelector("[data-reveal]");
  if (placeholder) {
    placeholder.appendChild(toggle);
  } else {
    var wrapper = document.createElement("p");
    wrapper.className = "fg-reveal";
    wrapper.appendChild(toggle);
    answers[0].parentNode.insertBefore(wrapper, answers[0]);
  }
  update();
})();
