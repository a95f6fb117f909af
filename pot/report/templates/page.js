// pot report pages: question filters and expandable rows. No network, no data of its own.
(function () {
  "use strict";
  var table = document.getElementById("questions");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tr.row"));
  var filters = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var count = document.getElementById("shown-count");

  function detailOf(row) { return document.getElementById(row.getAttribute("data-detail")); }

  // what the search box looks in: the id and the question, read from the row's detail (not kept
  // twice in the page: a question can be a whole document)
  var texts = {};
  function textOf(row) {
    var id = row.getAttribute("data-detail");
    if (!Object.prototype.hasOwnProperty.call(texts, id)) {
      var question = detailOf(row).querySelector(".qtext");
      texts[id] = (row.getAttribute("data-title") + " " + (question ? question.textContent : "")).toLowerCase();
    }
    return texts[id];
  }

  function setOpen(row, open) {
    detailOf(row).hidden = !open;
    row.classList.toggle("open", open);
    row.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = filters.every(function (f) {
        var want = f.value.trim().toLowerCase();
        if (!want) { return true; }
        if (f.getAttribute("data-filter") === "text") { return textOf(row).indexOf(want) >= 0; }
        return (row.getAttribute("data-" + f.getAttribute("data-filter")) || "").toLowerCase() === want;
      });
      row.hidden = !visible;
      if (!visible) { setOpen(row, false); } else { shown += 1; }
    });
    count.textContent = String(shown);
  }

  filters.forEach(function (f) {
    f.addEventListener("input", apply);
    f.addEventListener("change", apply);
  });

  table.addEventListener("click", function (event) {
    var row = event.target.closest("tr.row");
    if (!row || event.target.closest("a")) { return; }
    setOpen(row, detailOf(row).hidden);
  });
  table.addEventListener("keydown", function (event) {
    var row = event.target.closest && event.target.closest("tr.row");
    if (row && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      setOpen(row, detailOf(row).hidden);
    }
  });

  function openFromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var detail = target && target.closest("tr.detail");
    if (!detail) { return; }
    var row = rows.filter(function (r) { return r.getAttribute("data-detail") === detail.id; })[0];
    if (row) { row.hidden = false; setOpen(row, true); target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
}());
