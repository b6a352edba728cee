/* Quire search: tokenising, ranking and snippets. Mirrors quire_html::search (Rust) exactly,
   so a query gives the same hits in the browser and in tests. */
var QuireSearch = (function () {
  "use strict";
  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30FF) || (n >= 0x3400 && n <= 0x4DBF) || (n >= 0x4E00 && n <= 0x9FFF) ||
      (n >= 0xF900 && n <= 0xFAFF) || (n >= 0xAC00 && n <= 0xD7AF) || (n >= 0x20000 && n <= 0x2FFFF) || (n >= 0x31F0 && n <= 0x31FF);
  }
  var wordChar = /[\p{L}\p{N}_]/u;
  function tokenize(text) {
    var terms = [], word = "", run = [];
    function flushRun() {
      if (run.length === 1) terms.push(run[0]);
      else for (var i = 0; i + 1 < run.length; i++) terms.push(run[i] + run[i + 1]);
      run = [];
    }
    function flushWord() { if (word) { terms.push(word); word = ""; } }
    for (var ch of text) {
      if (isCjk(ch)) { flushWord(); run.push(ch); }
      else if (wordChar.test(ch)) { flushRun(); word += ch.toLowerCase(); }
      else { flushRun(); flushWord(); }
    }
    flushRun(); flushWord();
    return terms;
  }
  /* [output.html.search] as the page gives it (data-search-config), mdBook's defaults else. */
  function settings(opts) {
    opts = opts || {};
    return { limit: opts.limit > 0 ? opts.limit : 30, teaser: opts.teaser > 0 ? opts.teaser : 30,
      and: opts.and === true || opts.and === false ? opts.and : null, expand: opts.expand !== false };
  }
  var sortedTerms = null;
  function postings(index, term, expand) {
    if (Object.prototype.hasOwnProperty.call(index.terms, term)) return index.terms[term];
    if (!expand) return [];
    if (!sortedTerms) sortedTerms = Object.keys(index.terms).sort();
    var lo = 0, hi = sortedTerms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (sortedTerms[mid] < term) lo = mid + 1; else hi = mid; }
    var out = [];
    for (var i = lo, n = 0; i < sortedTerms.length && n < 50 && sortedTerms[i].indexOf(term) === 0; i++, n++) out = out.concat(index.terms[sortedTerms[i]]);
    return out;
  }
  function query(index, q, opts) {
    var o = settings(opts);
    var qterms = tokenize(q).filter(function (t, i, a) { return i === 0 || a[i - 1] !== t; });
    if (!qterms.length) return [];
    var n = Math.max(index.docs.length, 1), scores = new Map();
    qterms.forEach(function (t) {
      var seen = new Map();
      postings(index, t, o.expand).forEach(function (p) { seen.set(p[0], (seen.get(p[0]) || 0) + p[1]); });
      var idf = Math.log(1 + n / Math.max(seen.size, 1));
      seen.forEach(function (w, d) {
        var e = scores.get(d) || [0, 0]; e[0] += Math.sqrt(w) * idf; e[1] += 1; scores.set(d, e);
      });
    });
    var all = [], any = [];
    scores.forEach(function (e, d) { any.push([d, e[0]]); if (e[1] === qterms.length) all.push([d, e[0]]); });
    var ranked = o.and === true ? all : o.and === false ? any : all.length ? all : any;
    ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    var perPage = new Map();
    ranked = ranked.filter(function (r) {
      var page = index.docs[r[0]].u, n = (perPage.get(page) || 0) + 1;
      perPage.set(page, n);
      return n <= 3;
    });
    return ranked.slice(0, o.limit).map(function (r) { return { doc: index.docs[r[0]], terms: qterms }; });
  }
  function escapeHtml(s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
  /* Where the words start: a run of letters, digits and _, or every second CJK character. */
  function wordStarts(chars) {
    var starts = [], inWord = false, run = 0;
    chars.forEach(function (c, i) {
      if (isCjk(c)) { if (run % 2 === 0) starts.push(i); run += 1; inWord = false; }
      else if (wordChar.test(c)) { if (!inWord) starts.push(i); inWord = true; run = 0; }
      else { inWord = false; run = 0; }
    });
    return starts;
  }
  function snippet(text, q, terms, words) {
    var chars = Array.from(text), lower = chars.map(function (c) { return c.toLowerCase().charAt(0) || c; });
    words = words > 0 ? words : 30;
    var starts = wordStarts(chars);
    function find(needle) {
      var nd = Array.from(needle);
      if (!nd.length || nd.length > lower.length) return -1;
      outer: for (var i = 0; i + nd.length <= lower.length; i++) {
        for (var j = 0; j < nd.length; j++) if (lower[i + j] !== nd[j]) continue outer;
        return i;
      }
      return -1;
    }
    q = q.trim().toLowerCase();
    var first = find(q);
    if (first < 0) terms.forEach(function (t) { var f = find(t); if (f >= 0 && (first < 0 || f < first)) first = f; });
    if (first < 0) first = 0;
    var word = 0;
    while (word + 1 < starts.length && starts[word + 1] <= first) word++;
    var from = Math.max(0, word - Math.floor(words / 4));
    var start = from === 0 ? 0 : starts[from];
    var end = from + words < starts.length ? starts[from + words] : chars.length;
    while (end > start && " \t\n\r".indexOf(chars[end - 1]) >= 0) end--;
    var needles = [Array.from(q)].concat(terms.map(function (t) { return Array.from(t); })).filter(function (x) { return x.length; });
    needles.sort(function (a, b) { return b.length - a.length; });
    var out = start > 0 ? "…" : "", i = start;
    while (i < end) {
      var hit = null;
      for (var k = 0; k < needles.length && !hit; k++) {
        var nd = needles[k], ok = i + nd.length <= end;
        for (var j = 0; ok && j < nd.length; j++) if (lower[i + j] !== nd[j]) ok = false;
        if (ok) hit = nd;
      }
      if (hit) { out += "<mark>" + escapeHtml(chars.slice(i, i + hit.length).join("")) + "</mark>"; i += hit.length; }
      else { out += escapeHtml(chars[i]); i += 1; }
    }
    return out + (end < chars.length ? "…" : "");
  }

  return { tokenize: tokenize, query: query, snippet: snippet, settings: settings };
})();
if (typeof window !== "undefined") window.QuireSearch = QuireSearch;
