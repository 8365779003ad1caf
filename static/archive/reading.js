// Reading page: switch editorial marks on and off (remembered), select the permanent URL on focus.
(function () {
  "use strict";
  var button = document.getElementById("toggle-marks");
  var reading = document.querySelector(".reading");
  if (button && reading) {
    function apply(hidden) {
      reading.classList.toggle("marks-hidden", hidden);
      button.setAttribute("aria-pressed", hidden ? "false" : "true");
      button.textContent = hidden ? "Editorial marks: hidden" : "Editorial marks: shown";
    }
    var stored = null;
    try { stored = window.localStorage.getItem("plenum-marks-hidden"); } catch (e) { stored = null; }
    apply(stored === "1");
    button.addEventListener("click", function () {
      var hidden = !reading.classList.contains("marks-hidden");
      apply(hidden);
      try { window.localStorage.setItem("plenum-marks-hidden", hidden ? "1" : "0"); } catch (e) { /* private mode */ }
    });
  }
  var permalink = document.getElementById("permalink");
  if (permalink) {
    permalink.addEventListener("focus", function () { permalink.select(); });
  }
})();
