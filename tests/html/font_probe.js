/* Test-only probe (tests/html_browser.rs): does a real font cover the page's Chinese text?
   Draws the first 8 distinct Han characters of the chapter, in the font stack the page's CSS
   gives its paragraphs, onto a canvas, and compares the bitmaps with each other and with a
   private-use character no font has (which Chromium draws as the .notdef box, "tofu"). Without
   a CJK font every character is that same box: one distinct bitmap, all equal to the tofu one.
   The result goes into <html data-probe="…"> for --dump-dom. */
(function () {
  var main = document.querySelector("main .chapter") || document.body;
  var el = main.querySelector("p") || main;
  var family = getComputedStyle(el).fontFamily;
  var chars = [];
  for (var ch of main.textContent) {
    if (/[\u4e00-\u9fff]/.test(ch) && chars.indexOf(ch) < 0) chars.push(ch);
    if (chars.length >= 8) break;
  }
  var size = 48, c = document.createElement("canvas");
  c.width = 64; c.height = 64;
  var g = c.getContext("2d", { willReadFrequently: true });
  function shape(s) {
    g.clearRect(0, 0, 64, 64);
    g.font = size + "px " + family; g.fillStyle = "#000"; g.textBaseline = "top";
    g.fillText(s, 4, 4);
    var d = g.getImageData(0, 0, 64, 64).data, ink = 0, h = 0;
    for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) ink++; h = (Math.imul(h, 31) + d[i]) | 0; }
    return { ink: ink, hash: h, width: g.measureText(s).width };
  }
  var tofu = shape("\uE000");
  var shapes = chars.map(shape);
  document.documentElement.setAttribute("data-probe", JSON.stringify({
    family: family,
    chars: chars.join(""),
    size: size,
    distinct: new Set(shapes.map(function (s) { return s.hash; })).size,
    inked: shapes.filter(function (s) { return s.ink > 0; }).length,
    like_tofu: shapes.filter(function (s) { return s.hash === tofu.hash; }).length,
    widths: shapes.map(function (s) { return s.width; })
  }));
})();
