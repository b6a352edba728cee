/* Quire site script: theme toggle, sidebar, keyboard navigation, copy buttons, offline search.
   The search ranks exactly like quire_html::search::query (Rust). */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement, body = doc.body;
  /* Interface words in the book's language: data-l10n-* attributes of <body>, English if absent. */
  function label(key, fallback) { var v = body.getAttribute("data-l10n-" + key); return v === null ? fallback : v; }

  /* Theme: stored choice, else the system preference. */
  function currentTheme() {
    var t = root.getAttribute("data-theme");
    if (t) return t;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  var themeButton = doc.getElementById("theme-toggle");
  if (themeButton) themeButton.addEventListener("click", function () {
    var next = currentTheme() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem("quire-theme", next); } catch (e) { /* private mode */ }
  });

  /* Sidebar: toggle, and keep the current chapter in view. */
  var sidebarButton = doc.getElementById("sidebar-toggle");
  if (sidebarButton) sidebarButton.addEventListener("click", function () {
    var narrow = window.matchMedia && window.matchMedia("(max-width: 50rem)").matches;
    var cls = narrow ? "sidebar-open" : "sidebar-hidden";
    var on = body.classList.toggle(cls);
    sidebarButton.setAttribute("aria-expanded", String(narrow ? on : !on));
  });
  var sidebar = doc.getElementById("sidebar"), active = doc.querySelector(".sidebar .active > .toc-link");
  if (sidebar && active) {
    // Scroll only the sidebar (scrollIntoView would move the page too).
    var top = active.getBoundingClientRect().top - sidebar.getBoundingClientRect().top + sidebar.scrollTop;
    sidebar.scrollTop = Math.max(0, top - sidebar.clientHeight / 2);
  }

  /* mdBook's folding sidebar ([output.html.fold]): a toggle shows or hides an entry's
     sub-chapters (delegated, so it also works in a sidebar written by the toc script). */
  doc.addEventListener("click", function (e) {
    var b = e.target && e.target.closest ? e.target.closest(".fold-toggle") : null;
    if (!b || !b.parentNode) return;
    var open = b.parentNode.classList.toggle("expanded");
    b.setAttribute("aria-expanded", String(open));
  });

  /* Keyboard: left/right arrows go to the previous/next chapter. */
  doc.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var t = e.target && e.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || (e.target && e.target.isContentEditable)) return;
    var rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : null;
    if (!rel) return;
    var link = doc.querySelector(".pager a[rel=" + rel + "]");
    if (link) { e.preventDefault(); window.location.href = link.href; }
  });

  /* Copy buttons on code blocks. */
  Array.prototype.forEach.call(doc.querySelectorAll(".copy-button"), function (b) {
    b.addEventListener("click", function () {
      var code = b.parentNode.querySelector("code");
      if (!code) return;
      var text = code.innerText;
      var done = function () { var old = b.textContent; b.textContent = label("copied", "Copied"); setTimeout(function () { b.textContent = old; }, 1200); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, function () {});
      else {
        var ta = doc.createElement("textarea"); ta.value = text; body.appendChild(ta); ta.select();
        try { doc.execCommand("copy"); done(); } catch (e) { /* ignore */ }
        body.removeChild(ta);
      }
    });
  });

  /* mdBook's hidden code lines: shown while the block's toggle is pressed. */
  Array.prototype.forEach.call(doc.querySelectorAll(".hidden-toggle"), function (b) {
    b.addEventListener("click", function () {
      var pre = b.parentNode.querySelector("pre");
      if (!pre) return;
      var on = pre.classList.toggle("show-hidden");
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  });

  /* ---- Search (functions in search.js) ---- */
  var query = QuireSearch.query, snippet = QuireSearch.snippet, escapeHtml = function (s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  };
  var input = doc.getElementById("search-input"), results = doc.getElementById("search-results");
  var rootPrefix = body.getAttribute("data-root") || "";
  /* [output.html.search]: limit-results, teaser-word-count, use-boolean-and, expand. */
  var searchConfig = QuireSearch.settings((function () { try { return JSON.parse(body.getAttribute("data-search-config") || "{}"); } catch (e) { return {}; } })());
  /* The index loads once; what asks for it meanwhile waits (the latest query is the one shown:
     each asker is kept, and `show` renders the input's current value). */
  var loading = false, waiting = [];
  function withIndex(cb) {
    if (window.QUIRE_SEARCH_INDEX) return cb(window.QUIRE_SEARCH_INDEX);
    waiting.push(cb);
    if (loading) return;
    loading = true;
    var s = doc.createElement("script");
    s.src = body.getAttribute("data-search-index");
    s.onload = function () {
      var list = waiting; waiting = [];
      if (window.QUIRE_SEARCH_INDEX) list.forEach(function (f) { f(window.QUIRE_SEARCH_INDEX); });
    };
    doc.head.appendChild(s);
  }
  function show(q) {
    if (!results) return;
    if (!q.trim()) { results.hidden = true; results.innerHTML = ""; return; }
    withIndex(function (index) {
      var hits = query(index, q, searchConfig);
      var heading = hits.length === 0 ? label("no-results", "No results")
        : (hits.length === 1 ? label("result-one", "{n} result") : label("result-many", "{n} results")).replace("{n}", String(hits.length));
      var html = "<h2>" + escapeHtml(heading) + "</h2>";
      if (hits.length) {
        html += "<ol>";
        hits.forEach(function (h) {
          var url = rootPrefix + h.doc.u + (h.doc.a ? "#" + h.doc.a : "");
          html += "<li><a href=\"" + escapeHtml(url) + "\">" + escapeHtml(h.doc.t) + "</a><span class=\"snippet\">" + snippet(h.doc.b, q, h.terms, searchConfig.teaser) + "</span></li>";
        });
        html += "</ol>";
      }
      results.innerHTML = html;
      results.hidden = false;
    });
  }
  if (input) {
    var timer = null;
    input.addEventListener("focus", function () { withIndex(function () {}); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { show(input.value); }, 120); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { input.value = ""; show(""); }
      if (e.key === "Enter") { var a = results && results.querySelector("a"); if (a) window.location.href = a.href; }
    });
    var m = /[?&]search=([^&]*)/.exec(window.location.search);
    if (m) { input.value = decodeURIComponent(m[1]); show(input.value); }
  }
  /* Keys, as mdBook has them: `s` or `/` to search, `?` for this help, Escape to close it. */
  var help = null;
  function toggleHelp(on) {
    if (!help) {
      help = doc.createElement("div");
      help.id = "keys-help";
      help.setAttribute("role", "dialog");
      help.setAttribute("aria-modal", "true");
      help.setAttribute("aria-label", label("keys-title", "Keyboard shortcuts"));
      var keys = [["\u2190 \u2192", label("keys-pages", "Previous and next chapter")], ["s /", label("keys-search", "Search the book")], ["?", label("keys-help", "Show this help")], ["Esc", label("keys-close", "Close")]];
      if (!input) keys.splice(1, 1); /* a site without search ([output.html.search] enable = false) */
      help.innerHTML = "<div class=\"keys-box\"><h2>" + escapeHtml(label("keys-title", "Keyboard shortcuts")) + "</h2><dl>" +
        keys.map(function (k) { return "<dt><kbd>" + escapeHtml(k[0]) + "</kbd></dt><dd>" + escapeHtml(k[1]) + "</dd>"; }).join("") + "</dl></div>";
      help.addEventListener("click", function (e) { if (e.target === help) toggleHelp(false); });
      body.appendChild(help);
    }
    help.hidden = !on;
  }
  doc.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target && e.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || (e.target && e.target.isContentEditable)) return;
    if ((e.key === "/" || e.key === "s" || e.key === "S") && input) { e.preventDefault(); input.focus(); }
    else if (e.key === "?") { e.preventDefault(); toggleHelp(!help || help.hidden); }
    else if (e.key === "Escape" && help && !help.hidden) toggleHelp(false);
  });

  /* The current page's headings under its sidebar entry, the one being read marked, as mdBook's
     sidebar does. */
  var activeItem = doc.querySelector(".sidebar .chapter-item.active");
  var heads = Array.prototype.filter.call(doc.querySelectorAll("main h2[id], main h3[id]"), function (h) { return !h.closest(".admonition, .footnotes"); });
  if (activeItem && heads.length) {
    var ol = doc.createElement("ol");
    ol.className = "toc-section page-headings";
    var links = heads.map(function (h) {
      var li = doc.createElement("li"), a = doc.createElement("a");
      li.className = "chapter-item page-heading" + (h.tagName === "H3" ? " level-3" : "");
      a.className = "toc-link"; a.href = "#" + h.id; a.textContent = h.textContent.replace(/\s+/g, " ").trim();
      li.appendChild(a); ol.appendChild(li); return a;
    });
    var sub = activeItem.querySelector(":scope > ol");
    if (sub) activeItem.insertBefore(ol, sub); else activeItem.appendChild(ol);
    var mark = function () {
      var cur = 0;
      heads.forEach(function (h, i) { if (h.getBoundingClientRect().top < 120) cur = i; });
      links.forEach(function (a, i) { a.classList.toggle("current-heading", i === cur); });
    };
    window.addEventListener("scroll", mark, { passive: true });
    mark();
  }

  /* mdBook's playground: a Run button on runnable Rust blocks. The reader's browser sends the
     code to play.rust-lang.org (the build needs no network) and shows what it printed. */
  Array.prototype.forEach.call(doc.querySelectorAll("pre.playground"), function (pre) {
    var code = pre.querySelector("code");
    if (!code) return;
    if (pre.getAttribute("data-editable") === "true") { code.setAttribute("contenteditable", "true"); code.setAttribute("spellcheck", "false"); }
    var box = pre.parentNode.classList.contains("code-block") ? pre.parentNode : pre;
    var run = doc.createElement("button");
    run.type = "button"; run.className = "play-button"; run.textContent = label("run", "Run"); run.title = label("run", "Run");
    box.appendChild(run);
    run.addEventListener("click", function () {
      var text = Array.prototype.map.call(code.childNodes, function (n) { return n.classList && n.classList.contains("line-numbers") ? "" : n.textContent; }).join("");
      if (!/fn\s+main\s*\(/.test(text)) text = "#![allow(unused)]\nfn main() {\n" + text + "\n}";
      var result = box.querySelector(".result");
      if (!result) { result = doc.createElement("pre"); result.className = "result"; result.setAttribute("aria-live", "polite"); box.appendChild(result); }
      result.textContent = label("running", "Running\u2026");
      var params = { version: /#!\[feature/.test(text) ? "nightly" : "stable", optimize: "0", code: text, edition: pre.getAttribute("data-edition") || "2021" };
      fetch("https://play.rust-lang.org/evaluate.json", { method: "POST", mode: "cors", headers: { "Content-Type": "application/json" }, body: JSON.stringify(params) })
        .then(function (r) { return r.json(); })
        .then(function (r) { result.textContent = r.result && r.result.trim() ? r.result : (r.error || label("no-output", "No output")); })
        .catch(function (e) { result.textContent = label("run-failed", "The playground could not be reached") + ": " + e.message; });
    });
  });
})();
