// Search over the static index of one language (see docs/search.md). The core,
// SignpostSearch.create(load), runs anywhere (the benchmark and tests run it in node);
// the form code below it only runs on the search page. Index text reaches the page
// through text nodes only, never as HTML.
(function () {
  "use strict";

  var SPECIAL = { "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };

  // The same folding as src/index/words.rs: no case, no diacritics, special letters spelled out.
  function fold(word) {
    return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
      .replace(/[øæœßłđðþı]/g, function (c) { return SPECIAL[c]; });
  }

  // Words as Unicode word boundaries give them, close enough for queries: letters,
  // digits and marks, with an apostrophe or dot inside a word kept (UWV's, e.g).
  function words(text) {
    return (text.match(/[\p{L}\p{N}\p{M}]+(?:['’.][\p{L}\p{N}\p{M}]+)*/gu) || []).map(fold);
  }

  // Weights of the ways an index term can match a query word: as written, as the stem
  // of the word, or as a longer word the query word begins (compounds).
  var EXACT = 1, STEM = 0.6, PREFIX = 0.4;
  // Shards after a word's own that its prefix matches may reach into (a short last word
  // such as "be" begins thousands of words; those beyond are left out).
  var PREFIX_SHARDS = 2;

  function create(load) {
    var manifest = null, manifestLoad = null, shards = {}, chunks = {};
    function once(cache, key, path) {
      if (!cache[key]) cache[key] = load(path);
      return cache[key];
    }
    // The shard holding a term: the last one whose first term is not after it (the
    // manifest lists first terms in UTF-16 order, the order of JavaScript's `<`).
    function shardOf(term) {
      var low = 0, high = manifest.shards.length - 1;
      while (low < high) {
        var middle = (low + high + 1) >> 1;
        if (manifest.shards[middle] <= term) low = middle; else high = middle - 1;
      }
      return low;
    }
    // The terms of every shard a query word needs: its own, those of the stems it may
    // begin with, and those of the longer words it begins; one object.
    function termsFor(term, prefixed) {
      var wanted = {}, own = shardOf(term);
      wanted[own] = true;
      for (var cut = term.length - 1; cut >= Math.max(3, term.length - 3); cut--) wanted[shardOf(term.slice(0, cut))] = true;
      if (prefixed) {
        var last = Math.min(shardOf(term + "\uffff"), own + PREFIX_SHARDS);
        for (var n = own + 1; n <= last; n++) wanted[n] = true;
      }
      return Promise.all(Object.keys(wanted).map(function (n) {
        return once(shards, n, "t/" + n + ".js");
      })).then(function (parts) {
        var data = { w: {}, s: {} };
        parts.forEach(function (part) { Object.assign(data.w, part.w); Object.assign(data.s, part.s); });
        return data;
      });
    }
    function add(scores, postings, weight) {
      var best = {};
      for (var i = 0; i < postings.length; i++) {
        var page = postings[i][0], score = postings[i][1] * weight;
        if (!(best[page] >= score)) best[page] = score;
      }
      for (var p in best) if (!(scores[p] >= best[p])) scores[p] = best[p];
    }
    // Page number → score for one query word.
    function termScores(term, data, prefixes) {
      var exact = {}, stemmed = {}, prefixed = {}, key;
      if (data.w[term]) add(exact, data.w[term], EXACT);
      // The query is not stemmed in the browser: an index stem that begins the query
      // word and is at most three letters shorter stands for the query's own stem.
      for (var cut = term.length; cut >= Math.max(3, term.length - 3); cut--) {
        key = term.slice(0, cut);
        if (data.s[key]) { add(stemmed, data.s[key], STEM); break; }
      }
      if (prefixes) {
        for (key in data.w) {
          if (key.length > term.length && key.lastIndexOf(term, 0) === 0) {
            add(prefixed, data.w[key], PREFIX * Math.sqrt(term.length / key.length));
          }
        }
      }
      var total = {};
      [exact, stemmed, prefixed].forEach(function (part) {
        for (var p in part) total[p] = (total[p] || 0) + part[p];
      });
      return total;
    }
    function search(query, limit) {
      var terms = words(query).filter(function (t, i, all) { return t.length >= 2 && all.indexOf(t) === i; });
      limit = limit || 10;
      // Compounds: the last word (still being typed) and any word of four letters or
      // more also match the longer words they begin.
      function prefixes(term, i) { return i === terms.length - 1 || term.length >= 4; }
      manifestLoad = manifestLoad || load("manifest.js");
      return manifestLoad.then(function (m) {
        manifest = m;
        return Promise.all(terms.map(function (t, i) { return termsFor(t, prefixes(t, i)); }));
      }).then(function (data) {
        var scores = {}, matched = {};
        terms.forEach(function (term, i) {
          var found = termScores(term, data[i], prefixes(term, i));
          for (var p in found) {
            scores[p] = (scores[p] || 0) + found[p];
            matched[p] = (matched[p] || 0) + 1;
          }
        });
        // A page that has every query word beats one that has a single word many times.
        var ranked = Object.keys(scores).map(function (p) {
          var share = matched[p] / terms.length;
          return { page: +p, score: scores[p] * share * share };
        }).sort(function (a, b) { return b.score - a.score || a.page - b.page; }).slice(0, limit);
        return Promise.all(ranked.map(function (r) {
          var n = Math.floor(r.page / manifest.chunk);
          return once(chunks, n, "p/" + n + ".js").then(function (records) {
            var record = records[r.page % manifest.chunk];
            return { title: record[0], path: record[1], kind: record[2], excerpt: record[3], score: r.score };
          });
        }));
      }).then(function (results) { return { terms: terms, results: results }; });
    }
    return { search: search };
  }

  // Text split into plain parts and parts to mark: words that begin with a query word,
  // or whose beginning (three letters or more) a query word begins with.
  function marked(text, terms) {
    var parts = [], last = 0, re = /[\p{L}\p{N}\p{M}]+/gu, m;
    while ((m = re.exec(text))) {
      var word = fold(m[0]);
      var hit = terms.some(function (t) {
        return word.lastIndexOf(t, 0) === 0 || (word.length >= 3 && t.lastIndexOf(word.slice(0, Math.max(3, t.length - 3)), 0) === 0);
      });
      if (!hit) continue;
      if (m.index > last) parts.push({ text: text.slice(last, m.index) });
      parts.push({ text: m[0], mark: true });
      last = m.index + m[0].length;
    }
    if (last < text.length) parts.push({ text: text.slice(last) });
    return parts;
  }

  // A window of the excerpt around its first marked word.
  function snippet(text, terms) {
    var parts = marked(text, terms), offset = 0, first = -1;
    parts.forEach(function (p) { if (p.mark && first < 0) first = offset; offset += p.text.length; });
    var start = first > 80 ? text.lastIndexOf(" ", first - 60) + 1 : 0;
    var cut = text.slice(start, start + 200);
    return (start > 0 ? "… " : "") + cut + (start + 200 < text.length ? " …" : "");
  }

  // Index files are scripts that hand their data to `loaded` (src/index/mod.rs): a
  // browser loads scripts from file:// too, where it refuses fetch().
  var waiting = {};
  function loaded(name, data) {
    var callers = waiting[name] || [];
    delete waiting[name];
    callers.forEach(function (caller) { caller.resolve(data); });
  }
  // A loader for `create`: index file name → its data, by a script element below `base`.
  function scriptLoader(base) {
    return function (name) {
      return new Promise(function (resolve, reject) {
        var caller = { resolve: resolve };
        (waiting[name] = waiting[name] || []).push(caller);
        var script = document.createElement("script");
        script.src = base + name;
        script.onload = function () { script.remove(); };
        script.onerror = function () {
          waiting[name] = (waiting[name] || []).filter(function (c) { return c !== caller; });
          script.remove();
          reject(new Error(name));
        };
        document.head.appendChild(script);
      });
    };
  }
  // The data of an index file's text, for tools that read the files themselves.
  function unwrap(text) {
    return JSON.parse("[" + text.slice(text.indexOf("(") + 1, text.lastIndexOf(")")) + "]")[1];
  }

  var api = { create: create, fold: fold, words: words, marked: marked, snippet: snippet,
    loaded: loaded, scriptLoader: scriptLoader, unwrap: unwrap };
  globalThis.SignpostSearch = api;
  if (typeof document === "undefined") return;

  function setup() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var base = form.getAttribute("data-index");
    var root = form.getAttribute("data-root");
    var relative = form.getAttribute("data-relative") === "1";
    var engine = create(scriptLoader(base));
    var kinds = [];
    for (var i = 0; i < form.attributes.length; i++) {
      var name = form.attributes[i].name;
      if (name.lastIndexOf("data-kind-", 0) === 0) kinds.push(name.slice(10));
    }
    var latest = 0;
    function show(query) {
      var ticket = ++latest;
      if (!query.trim()) { list.replaceChildren(); status.textContent = ""; return; }
      engine.search(query).then(function (found) {
        if (ticket !== latest) return;
        render(found);
      }, function () {
        if (ticket === latest) status.textContent = form.getAttribute("data-failed");
      });
    }
    function render(found) {
      var sections = [];
      // Groups come in the order of their best result, so the best match is at the top.
      function first(kind) {
        for (var j = 0; j < found.results.length; j++) if (found.results[j].kind === kind) return j;
        return found.results.length;
      }
      kinds.slice().sort(function (a, b) { return first(a) - first(b); }).forEach(function (kind) {
        var results = found.results.filter(function (r) { return r.kind === kind; });
        if (!results.length) return;
        var section = document.createElement("section");
        var heading = document.createElement("h2");
        heading.textContent = form.getAttribute("data-kind-" + kind);
        var ol = document.createElement("ol");
        ol.className = "link-list";
        results.forEach(function (r) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = root + r.path + (relative ? "index.html" : "");
          a.textContent = r.title;
          var p = document.createElement("p");
          p.className = "link-summary";
          marked(snippet(r.excerpt, found.terms), found.terms).forEach(function (part) {
            var node = document.createTextNode(part.text);
            if (part.mark) { var mark = document.createElement("mark"); mark.appendChild(node); node = mark; }
            p.appendChild(node);
          });
          li.append(a, p);
          ol.appendChild(li);
        });
        section.append(heading, ol);
        sections.push(section);
      });
      list.replaceChildren.apply(list, sections);
      var n = found.results.length;
      status.textContent = n ? form.getAttribute("data-count").replace("{n}", n) : form.getAttribute("data-none");
    }
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(input.value); }, 200);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      show(input.value);
      var url = new URL(location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url);
    });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; show(initial); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
