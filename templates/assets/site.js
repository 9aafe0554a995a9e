/* exemplar_site: search on every page, filters on the wall and the archive.
   Plain ES5, no library, nothing from the internet; the page works without it (the search box and
   the filters only appear when this script runs). Content is only ever put in as text, never as HTML. */
(function () {
  "use strict";

  var root = document.documentElement.getAttribute("data-root") || "";

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  /* ---------- search ---------- */

  var MAX_RESULTS = 30;

  function normalise(text) {
    return String(text).toLowerCase().replace(/[\s'’·・]+/g, "");
  }

  function prepare(index) {
    var at = {};
    index.fields.forEach(function (name, i) { at[name] = i; });
    return index.entries.map(function (row) {
      var syllables = row[at.pinyin] ? row[at.pinyin].split(" ") : [];
      return {
        name: row[at.name], path: row[at.path], thumb: row[at.thumb], unit: row[at.unit],
        categories: row[at.categories], level: row[at.level], year: row[at.year],
        kind: row[at.kind], status: row[at.status],
        fields: [normalise(row[at.name]), normalise(row[at.unit]), normalise(row[at.position] || ""),
                 normalise(row[at.categories] + row[at.level] + row[at.honors]), normalise(row[at.text])],
        pinyin: syllables.join(""),
        initials: syllables.map(function (s) { return s.charAt(0); }).join(""),
        syllables: syllables
      };
    });
  }

  /* Whether term spells syllables[from...] on syllable boundaries: each piece a whole syllable or its
     first letter, the last piece any start of its syllable ("zhangw", "zw", "hanxue", "xue"). A last
     piece that reads as the previous syllable going on does not count: "wang" is 王, not 万桂 (wan gui). */
  function spells(syllables, from, term) {
    var rest = term, afterWhole = false;
    for (var i = from; i < syllables.length; i++) {
      var syllable = syllables[i];
      if (syllable.indexOf(rest) === 0) {  /* the last piece */
        return !(afterWhole && rest.length < syllable.length &&
                 (/^[aeiouv]/.test(rest) || (rest === "g" && /n$/.test(syllables[i - 1]))));
      }
      if (rest.indexOf(syllable) === 0) { rest = rest.slice(syllable.length); afterWhole = true; }
      else if (rest.charAt(0) === syllable.charAt(0)) { rest = rest.slice(1); afterWhole = false; }
      else { return false; }
    }
    return false;
  }

  function pinyinScore(entry, term) {
    if (!/^[a-z]+$/.test(term) || !entry.pinyin) { return 0; }
    if (entry.pinyin === term || entry.initials === term) { return 60; }
    if (spells(entry.syllables, 0, term)) { return 45; }
    for (var i = 1; i < entry.syllables.length; i++) {  /* the given name alone: xiaoqing for 黄小清 */
      if (spells(entry.syllables, i, term)) { return 35; }
    }
    return 0;
  }

  var FIELD_SCORES = [50, 30, 30, 20, 10];  /* name, unit, position (职务), category/level/honours, deeds */

  function termScore(entry, term) {
    var best = pinyinScore(entry, term);
    for (var i = 0; i < entry.fields.length; i++) {
      var at = entry.fields[i].indexOf(term);
      if (at >= 0) {
        var score = FIELD_SCORES[i] + (i === 0 && entry.fields[0] === term ? 50 : 0) + (at === 0 ? 5 : 0);
        if (score > best) { best = score; }
      }
    }
    return best;
  }

  function search(entries, query) {
    var terms = String(query).toLowerCase().split(/\s+/).map(normalise).filter(Boolean);
    if (!terms.length) { return []; }
    var found = [];
    entries.forEach(function (entry, position) {
      var total = 0;
      for (var i = 0; i < terms.length; i++) {
        var score = termScore(entry, terms[i]);
        if (!score) { return; }
        total += score;
      }
      found.push({ entry: entry, score: total, position: position });
    });
    found.sort(function (a, b) { return b.score - a.score || a.position - b.position; });
    return found.map(function (hit) { return hit.entry; });
  }

  function resultItem(entry, form) {
    var link = element("a", "result");
    link.href = root + entry.path;  /* the address the build decided, from the index */
    if (entry.thumb) {
      var img = element("img", "result-photo");
      img.src = root + entry.thumb;
      img.alt = "";
      img.width = 60;
      img.height = 80;
      link.appendChild(img);
    } else {
      link.appendChild(element("span", "result-photo result-initial", entry.name.charAt(0) || "?"));
    }
    var body = element("span", "result-body");
    body.appendChild(element("span", "result-name", entry.name));
    var meta = [entry.unit, entry.categories, String(entry.year)];
    if (entry.kind === "c") { meta.push(form.getAttribute("data-collective")); }
    if (entry.status !== "published") { meta.push(form.getAttribute("data-" + entry.status) || entry.status); }
    body.appendChild(element("span", "result-meta", meta.filter(Boolean).join(" · ")));
    link.appendChild(body);
    var item = element("li");
    item.appendChild(link);
    return item;
  }

  function setUpSearch() {
    var form = document.querySelector("form.search");
    var panel = document.getElementById("search-results");
    if (!form || !panel) { return; }
    var input = form.querySelector("input");
    var entries = null, loading = false, timer = null;

    function show() {
      var query = input.value.trim();
      while (panel.firstChild) { panel.removeChild(panel.firstChild); }
      if (!query) { panel.hidden = true; return; }
      var hits = search(entries, query);
      var wrap = element("div", "wrap");
      var summary = hits.length ? format(form.getAttribute("data-found"), { n: hits.length })
                                : format(form.getAttribute("data-none"), { q: query });
      wrap.appendChild(element("p", "results-count", summary));
      if (hits.length) {
        var list = element("ul", "results");
        hits.slice(0, MAX_RESULTS).forEach(function (entry) { list.appendChild(resultItem(entry, form)); });
        wrap.appendChild(list);
        if (hits.length > MAX_RESULTS) {
          wrap.appendChild(element("p", "results-more", format(form.getAttribute("data-more"), { n: MAX_RESULTS })));
        }
      }
      panel.appendChild(wrap);
      panel.hidden = false;
    }

    function load() {
      if (entries || loading) { return; }
      if (window.exemplarSearchIndex) { entries = prepare(window.exemplarSearchIndex); return; }
      loading = true;
      var script = document.createElement("script");  /* a script, not fetch(): works from file:// */
      script.src = form.getAttribute("data-index");
      script.onload = function () {
        loading = false;
        entries = prepare(window.exemplarSearchIndex || { fields: [], entries: [] });
        show();
      };
      script.onerror = function () { loading = false; };
      document.head.appendChild(script);
    }

    form.hidden = false;
    input.addEventListener("focus", load);
    input.addEventListener("input", function () {
      load();
      clearTimeout(timer);
      timer = setTimeout(function () { if (entries) { show(); } }, 80);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; show(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = panel.querySelector("a.result");
      if (first) { first.focus(); }
    });
  }

  /* ---------- filters ---------- */

  function readHash() {
    var state = {};
    var hash = location.hash.replace(/^#/, "");
    if (hash.indexOf("=") < 0) { return state; }
    hash.split("&").forEach(function (pair) {
      var parts = pair.split("=");
      try {
        if (parts[0] && parts[1]) { state[decodeURIComponent(parts[0])] = decodeURIComponent(parts[1]); }
      } catch (e) { /* a hand-edited, broken address: ignore that part */ }
    });
    return state;
  }

  function writeHash(state, keys) {
    var parts = keys.filter(function (key) { return state[key]; }).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(state[key]);
    });
    var target = location.pathname + location.search + (parts.length ? "#" + parts.join("&") : "");
    try { history.replaceState(null, "", target); } catch (e) { location.replace(parts.length ? "#" + parts.join("&") : "#"); }
  }

  function matches(card, state) {
    if (state.year && card.getAttribute("data-year") !== state.year) { return false; }
    if (state.category && card.getAttribute("data-category").split("|").indexOf(state.category) < 0) { return false; }
    if (state.level && card.getAttribute("data-level") !== state.level) { return false; }
    if (state.unit && card.getAttribute("data-unit") !== state.unit) { return false; }
    if (state.kind && card.getAttribute("data-kind") !== state.kind) { return false; }
    return true;
  }

  function setUpFilters() {
    var form = document.querySelector("form.filters");
    if (!form) { return; }
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var keys = selects.map(function (select) { return select.name; });
    var cards = Array.prototype.slice.call(document.querySelectorAll("main li.card[data-slug]"));
    var sections = Array.prototype.slice.call(document.querySelectorAll("main .roll-section"));
    var count = form.querySelector(".filter-count");
    var empty = document.querySelector(".filter-empty");
    var total = {};
    cards.forEach(function (card) { total[card.getAttribute("data-slug")] = true; });
    var totalCount = Object.keys(total).length;

    function apply(state) {
      var shown = {};
      cards.forEach(function (card) {
        var visible = matches(card, state);
        card.hidden = !visible;
        if (visible) { shown[card.getAttribute("data-slug")] = true; }
      });
      sections.forEach(function (section) {
        var other = (state.category && section.hasAttribute("data-category") &&
                     section.getAttribute("data-category") !== state.category) ||
                    (state.year && section.hasAttribute("data-year") && section.getAttribute("data-year") !== state.year);
        section.hidden = other || !section.querySelector("li.card:not([hidden])");
      });
      var shownCount = Object.keys(shown).length;
      count.textContent = format(form.getAttribute("data-shown"), { shown: shownCount, total: totalCount });
      if (empty) { empty.hidden = shownCount > 0; }
    }

    function fromControls() {
      var state = {};
      selects.forEach(function (select) { if (select.value) { state[select.name] = select.value; } });
      return state;
    }

    function toControls(state) {
      selects.forEach(function (select) {
        var wanted = state[select.name] || "";
        var known = Array.prototype.some.call(select.options, function (option) { return option.value === wanted; });
        select.value = known ? wanted : "";
      });
    }

    form.hidden = false;
    form.addEventListener("change", function () {
      var state = fromControls();
      apply(state);
      writeHash(state, keys);
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { apply({}); writeHash({}, keys); }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("hashchange", function () {
      if (location.hash.indexOf("=") < 0 && location.hash.length > 1) { return; }  /* a plain anchor */
      toControls(readHash());
      apply(fromControls());
    });
    toControls(readHash());
    apply(fromControls());
  }

  function start() {
    setUpSearch();
    setUpFilters();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
