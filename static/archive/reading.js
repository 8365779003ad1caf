// Reading page: switch editorial marks on and off, link every mention of a name or the first in each
// paragraph (both remembered), select the permanent URL on focus.
(function () {
  "use strict";
  function remembered(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function remember(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  var reading = document.querySelector(".reading");
  var marks = document.getElementById("toggle-marks");
  if (marks && reading) {
    var applyMarks = function (hidden) {
      reading.classList.toggle("marks-hidden", hidden);
      marks.setAttribute("aria-pressed", hidden ? "false" : "true");
      marks.textContent = hidden ? "Editorial marks: hidden" : "Editorial marks: shown";
    };
    applyMarks(remembered("plenum-marks-hidden") === "1");
    marks.addEventListener("click", function () {
      var hidden = !reading.classList.contains("marks-hidden");
      applyMarks(hidden);
      remember("plenum-marks-hidden", hidden ? "1" : "0");
    });
  }

  // A repeated name within one paragraph keeps its style but is not a link (and not a tab stop).
  var links = document.getElementById("toggle-links");
  if (links && reading) {
    var repeats = [];
    reading.querySelectorAll("section.text > *").forEach(function (block) {
      var seen = {};
      block.querySelectorAll("a.entity[href], a.entity-link[href]").forEach(function (link) {
        var href = link.getAttribute("href");
        if (seen[href]) { repeats.push(link); } else { seen[href] = true; }
      });
    });
    var applyLinks = function (firstOnly) {
      repeats.forEach(function (link) {
        if (firstOnly && link.hasAttribute("href")) {
          link.setAttribute("data-href", link.getAttribute("href"));
          link.removeAttribute("href");
        } else if (!firstOnly && link.hasAttribute("data-href")) {
          link.setAttribute("href", link.getAttribute("data-href"));
          link.removeAttribute("data-href");
        }
      });
      links.setAttribute("aria-pressed", firstOnly ? "false" : "true");
      links.textContent = firstOnly ? "Names linked: first in each paragraph" : "Names linked: every mention";
    };
    applyLinks(remembered("plenum-link-every") !== "1");
    links.hidden = false;
    links.addEventListener("click", function () {
      var every = links.getAttribute("aria-pressed") !== "true";
      applyLinks(!every);
      remember("plenum-link-every", every ? "1" : "0");
    });
  }

  // Two texts side by side: the paragraphs of the same number start level (p3 beside t2-p3).
  var sideBySide = document.querySelector(".texts.side-by-side");
  if (sideBySide && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 64rem)");
    var align = function () {
      var sections = sideBySide.querySelectorAll("section.text");
      var first = sections[0] ? sections[0].querySelectorAll("p[id]") : [];
      sideBySide.querySelectorAll("section.text p[id]").forEach(function (paragraph) { paragraph.style.minHeight = ""; });
      if (!wide.matches) { return; }
      first.forEach(function (paragraph) {
        var rows = [paragraph];
        for (var n = 2; n <= sections.length; n += 1) {
          var other = document.getElementById("t" + n + "-" + paragraph.id);
          if (other) { rows.push(other); }
        }
        if (rows.length < 2) { return; }
        var height = Math.max.apply(null, rows.map(function (row) { return row.getBoundingClientRect().height; }));
        rows.forEach(function (row) { row.style.minHeight = height + "px"; });
      });
    };
    align();
    wide.addEventListener("change", align);
    window.addEventListener("resize", function () { window.requestAnimationFrame(align); });
  }

  var permalink = document.getElementById("permalink");
  if (permalink) {
    permalink.addEventListener("focus", function () { permalink.select(); });
  }
})();
