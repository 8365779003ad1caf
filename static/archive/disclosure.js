// Lists and search: on a narrow screen the filters fold away behind their summary, so results come first.
(function () {
  "use strict";
  if (window.matchMedia && window.matchMedia("(max-width: 59.99rem)").matches) {
    document.querySelectorAll("details.refine").forEach(function (details) { details.open = false; });
  }
})();
