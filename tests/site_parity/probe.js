/* Test-only probe for tests/site_parity.rs: measures what the site's parity with mdBook 0.5 needs
   once the page has loaded (after its own scripts), and writes it as JSON to <html data-probe="…">. */
window.addEventListener("load", function () {
  "use strict";
  var doc = document, r = {};
  /* The search index loads slowly (800 ms), so that a query typed at once arrives first. */
  var append = doc.head.appendChild.bind(doc.head);
  doc.head.appendChild = function (n) {
    if (n.tagName === "SCRIPT") { setTimeout(function () { append(n); }, 800); return n; }
    return append(n);
  };
  function rgba(s) {
    var n = (s.match(/-?[\d.]+/g) || []).map(Number);
    if (/^color\(srgb/.test(s)) n = [n[0] * 255, n[1] * 255, n[2] * 255, n.length > 3 ? n[3] : 1];
    return [n[0], n[1], n[2], n.length > 3 ? n[3] : 1];
  }
  function over(c, bg) { return [0, 1, 2].map(function (i) { return c[i] * c[3] + bg[i] * (1 - c[3]); }); }
  function lum(c) {
    var v = c.map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function ratio(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  function key(k) { doc.body.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true })); }

  var input = doc.getElementById("search-input");
  if (input) { input.value = "zebrafish"; input.dispatchEvent(new Event("focus")); input.dispatchEvent(new Event("input")); }

  var bodySize = getComputedStyle(doc.body).fontSize;
  var block = doc.querySelector("pre code");
  r.bodySize = bodySize;
  r.codeSize = block ? getComputedStyle(block).fontSize : null;
  r.playgrounds = doc.querySelectorAll("pre.playground").length;
  r.runButtons = doc.querySelectorAll(".play-button").length;
  r.editable = doc.querySelectorAll('pre.playground code[contenteditable="true"]').length;
  r.lineNumbers = doc.querySelectorAll("pre .line-numbers").length;
  r.editions = Array.prototype.map.call(doc.querySelectorAll("pre.playground"), function (p) { return p.getAttribute("data-edition"); });
  r.pageHeadings = Array.prototype.map.call(doc.querySelectorAll(".sidebar .active .page-headings a"), function (a) { return a.getAttribute("href"); });
  r.currentHeading = !!doc.querySelector(".page-headings .current-heading");
  var icon = doc.querySelector('link[rel="icon"]');
  r.favicon = icon ? icon.getAttribute("href") : null;
  var p = doc.querySelector(".chapter p");
  r.textAlign = p ? getComputedStyle(p).textAlign : null;

  key("s");
  r.sFocusesSearch = doc.activeElement === input;
  if (doc.activeElement) doc.activeElement.blur();
  key("?");
  var help = doc.getElementById("keys-help");
  r.helpShown = !!help && !help.hidden && getComputedStyle(help).display !== "none";
  key("Escape");
  r.helpClosed = !!help && help.hidden;

  doc.documentElement.setAttribute("data-theme", "dark");
  var page = rgba(getComputedStyle(doc.body).backgroundColor);
  r.darkContrast = Array.prototype.map.call(doc.querySelectorAll(".admonition-title"), function (t) {
    var box = t.closest(".admonition");
    var bg = over(rgba(getComputedStyle(box).backgroundColor), page);
    return Math.round(ratio(over(rgba(getComputedStyle(t).color), bg), bg) * 100) / 100;
  });
  doc.documentElement.removeAttribute("data-theme");

  /* [output.html.fold]: folded entries hidden, the way to the current page open, a toggle opens. */
  var folded = doc.querySelectorAll(".sidebar .foldable:not(.expanded) > ol");
  r.foldedCount = folded.length;
  r.foldedHidden = Array.prototype.filter.call(folded, function (o) { return getComputedStyle(o).display === "none"; }).length;
  var current = doc.querySelector(".sidebar .chapter-item.active > .toc-link");
  r.currentShown = !!current && current.getBoundingClientRect().height > 0;
  var toggle = doc.querySelector(".sidebar .foldable:not(.expanded) > .fold-toggle");
  if (toggle) {
    toggle.click();
    var sub = toggle.parentNode.querySelector(":scope > ol");
    r.toggleOpens = !!sub && getComputedStyle(sub).display !== "none" && toggle.getAttribute("aria-expanded") === "true";
  }

  setTimeout(function () {
    var res = doc.getElementById("search-results");
    r.searchShown = !!res && !res.hidden && res.textContent.indexOf("Start") >= 0;
    doc.documentElement.setAttribute("data-probe", JSON.stringify(r));
  }, 2000);
});
