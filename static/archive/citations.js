// Document page citations: copy buttons, the cited paragraph (#p3, #t2-p3) added to the addresses,
// and the access date brought up to today when the page was kept from an earlier day.
(function () {
  "use strict";
  var box = document.querySelector(".citations");
  if (!box) { return; }
  var permalink = box.getAttribute("data-permalink");
  var texts = Array.prototype.slice.call(box.querySelectorAll(".citation-text"));
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  // The short forms of the American English CSL locale (MLA prints these).
  var SHORT = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];

  function textNodes(element) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT), nodes = [], node;
    while ((node = walker.nextNode())) { nodes.push(node); }
    return nodes;
  }

  function replaceAll(element, from, to) {
    textNodes(element).forEach(function (node) {
      if (node.nodeValue.indexOf(from) !== -1) { node.nodeValue = node.nodeValue.split(from).join(to); }
    });
  }

  // Access date: the forms the styles print ("November 29, 2026", "29 Nov. 2026").
  function forms(date) {
    var y = date.getUTCFullYear(), m = date.getUTCMonth(), d = date.getUTCDate();
    return [MONTHS[m] + " " + d + ", " + y, d + " " + SHORT[m] + " " + y];
  }
  var rendered = new Date(box.getAttribute("data-accessed") + "T00:00:00Z");
  var now = new Date();
  var today = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  if (!isNaN(rendered.getTime()) && rendered.getTime() !== today.getTime()) {
    var before = forms(rendered), after = forms(today);
    texts.forEach(function (text) {
      replaceAll(text, before[0], after[0]);
      replaceAll(text, before[1], after[1]);
    });
  }

  // The paragraph in the address bar, if any, is the one cited.
  var cited = permalink;
  var note = box.querySelector(".citing-paragraph");
  function citeParagraph() {
    var match = /^#((?:t\d+-)?p(\d+))$/.exec(window.location.hash);
    var target = match ? permalink + "#" + match[1] : permalink;
    texts.forEach(function (text) { replaceAll(text, cited, target); });
    cited = target;
    if (note) {
      note.hidden = !match;
      note.querySelector(".paragraph-number").textContent = match ? match[2] : "";
    }
  }
  citeParagraph();
  window.addEventListener("hashchange", citeParagraph);

  function copy(text, button) {
    function done() {
      button.textContent = "Copied";
      window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { button.textContent = "Select and copy"; });
    } else {
      button.textContent = "Select and copy";
    }
  }
  Array.prototype.forEach.call(box.querySelectorAll(".copy-citation"), function (button) {
    var target = document.getElementById(button.getAttribute("data-target"));
    if (!target) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var selection = window.getSelection(), range = document.createRange();
      range.selectNodeContents(target);
      selection.removeAllRanges();
      selection.addRange(range);
      copy(target.textContent.replace(/\s+/g, " ").trim(), button);
    });
  });
})();
