// Reading page: a short card about a name (kind, other names, dates, how many documents) shown while the
// pointer rests on it or the keyboard focuses it; Escape dismisses it, and the pointer may move onto it.
(function () {
  "use strict";
  var texts = document.querySelector(".texts");
  if (!texts || !window.fetch) { return; }
  var card = document.createElement("div");
  card.id = "entity-card";
  card.className = "entity-card";
  card.setAttribute("role", "tooltip");
  card.hidden = true;
  document.body.appendChild(card);
  var loaded = {}, current = null, showTimer = null, hideTimer = null;

  function cardUrl(link) {
    var href = link.getAttribute("href");
    return href && /^\/[a-z]+\/\d+\/$/.test(href) ? href + "card/" : null;
  }
  function place(link) {
    var box = link.getBoundingClientRect();
    var width = Math.min(320, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    card.style.width = width + "px";
    card.style.left = (left + window.scrollX) + "px";
    card.style.top = (box.bottom + window.scrollY + 6) + "px";
  }
  function show(link) {
    var url = cardUrl(link);
    if (!url) { return; }
    var reveal = function (html) {
      if (current !== link) { return; }
      card.innerHTML = html;  // a fragment rendered by this site's templates, escaped there
      place(link);
      card.hidden = false;
      link.setAttribute("aria-describedby", "entity-card");
    };
    current = link;
    if (loaded[url]) { reveal(loaded[url]); return; }
    fetch(url, { headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) { loaded[url] = html; reveal(html); } })
      .catch(function () { /* no card: the link still works */ });
  }
  function hide() {
    clearTimeout(showTimer);
    if (current) { current.removeAttribute("aria-describedby"); }
    current = null;
    card.hidden = true;
  }
  function links(event) {
    var link = event.target.closest ? event.target.closest("a.entity[href], a.entity-link[href]") : null;
    return link && texts.contains(link) ? link : null;
  }
  function soon(link) {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(link); }, 300);
  }
  function later() {
    clearTimeout(showTimer);
    hideTimer = setTimeout(hide, 250);
  }
  texts.addEventListener("mouseover", function (event) { var link = links(event); if (link) { soon(link); } });
  texts.addEventListener("mouseout", function (event) { if (links(event)) { later(); } });
  texts.addEventListener("focusin", function (event) { var link = links(event); if (link) { soon(link); } });
  texts.addEventListener("focusout", function (event) { if (links(event)) { hide(); } });
  card.addEventListener("mouseover", function () { clearTimeout(hideTimer); });
  card.addEventListener("mouseout", later);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && !card.hidden) { hide(); } });
})();
