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
  // of the word, as a longer word the query word begins (compounds), or as a word one
  // or two typing mistakes away. A query that is exactly a page's name adds NAME; a word
  // of a longer query that is a page's whole name ("UWV") adds WORD_NAME.
  var EXACT = 1, STEM = 0.6, PREFIX = 0.4, TYPO = 0.35, NAME = 20, WORD_NAME = 5;
  // Shards after a word's own that its prefix matches may reach into (a short last word
  // such as "be" begins thousands of words; those beyond are left out).
  var PREFIX_SHARDS = 2;
  // When the query names a country, its pages count this much more, pages of no
  // country (glossary, across borders) less and other countries' pages far less; with
  // no country named, the reader's own countries' pages a little more.
  var NAMED_COUNTRY = 3, NO_COUNTRY = 0.5, OTHER_COUNTRY = 0.3, LOCAL_COUNTRY = 1.25, COUNTRY_WORD = 0.2;
  // Corrections considered per query word.
  var CORRECTIONS = 3;

  // Typing mistakes a word of this length may hold: none under four letters, one up to
  // seven, two from eight. A suggestion ("did you mean") allows one more.
  function allowedMistakes(length, suggesting) {
    var allowed = length < 4 ? 0 : length < 8 ? 1 : 2;
    return allowed && allowed + (suggesting ? 1 : 0);
  }

  // Edits (insert, delete, replace, swap two neighbours) that turn a into b, or
  // limit + 1 as soon as more are needed.
  function mistakes(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var before = null, previous = [], current = [];
    for (var j = 0; j <= b.length; j++) previous[j] = j;
    for (var i = 1; i <= a.length; i++) {
      current = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
        current[j] = value;
        if (value < best) best = value;
      }
      if (best > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return Math.min(previous[b.length], limit + 1);
  }

  // A query word naming a country's one-word name, also inflected ("Holandii", "Danii",
  // "Danmarks"): the same beginning, all but the last two letters of the name, at least
  // four.
  function namesCountry(word, name) {
    if (word === name) return true;
    if (name.indexOf(" ") >= 0 || Math.abs(word.length - name.length) > 3) return false;
    var stem = Math.max(4, name.length - 2);
    return word.length >= stem && name.length >= stem && word.slice(0, stem) === name.slice(0, stem);
  }

  function create(load) {
    var manifest = null, manifestLoad = null, shards = {}, vocabulary = {}, chunks = {};
    function once(cache, key, path) {
      if (!cache[key]) cache[key] = load(path);
      return cache[key];
    }
    // The file holding a term: the last one whose first term is not after it (first
    // terms are listed in UTF-16 order, the order of JavaScript's `<`).
    function fileOf(firsts, term) {
      var low = 0, high = firsts.length - 1;
      while (low < high) {
        var middle = (low + high + 1) >> 1;
        if (firsts[middle] <= term) low = middle; else high = middle - 1;
      }
      return low;
    }
    function shardOf(term) { return fileOf(manifest.shards, term); }
    function loadShards(numbers) {
      return Promise.all(numbers.map(function (n) { return once(shards, n, "t/" + n + ".js"); }))
        .then(function (parts) {
          var data = { w: {}, s: {}, n: {} };
          parts.forEach(function (part) {
            Object.assign(data.w, part.w); Object.assign(data.s, part.s); Object.assign(data.n, part.n || {});
          });
          return data;
        });
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
      return loadShards(Object.keys(wanted).map(Number));
    }
    // Indexed words close to `term`, closest first, then the most common: from the
    // vocabulary files of the words that begin with its first two letters (or those two
    // swapped). Typing mistakes in the first two letters are not corrected.
    function corrections(term, suggesting) {
      var limit = allowedMistakes(term.length, suggesting);
      if (!limit || !manifest.vocabulary || !manifest.vocabulary.length) return Promise.resolve([]);
      var blocks = [term.slice(0, 2), term[1] + term[0]], wanted = {};
      blocks.forEach(function (block) {
        var first = fileOf(manifest.vocabulary, block), last = fileOf(manifest.vocabulary, block + "\uffff");
        for (var n = first; n <= last; n++) wanted[n] = true;
      });
      return Promise.all(Object.keys(wanted).map(function (n) { return once(vocabulary, n, "v/" + n + ".js"); }))
        .then(function (files) {
          var found = [];
          files.forEach(function (file) {
            file.t.forEach(function (word, i) {
              if (word === term || blocks.indexOf(word.slice(0, 2)) < 0) return;
              var distance = mistakes(term, word, limit);
              if (distance <= limit) found.push({ word: word, distance: distance, pages: file.d[i] });
            });
          });
          found.sort(function (a, b) {
            return a.distance - b.distance || b.pages - a.pages || (a.word < b.word ? -1 : 1);
          });
          return found.slice(0, CORRECTIONS);
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
      // The shorter that stem, the less it says about the word.
      for (var cut = term.length; cut >= Math.max(3, term.length - 3); cut--) {
        key = term.slice(0, cut);
        if (data.s[key]) { add(stemmed, data.s[key], STEM * Math.pow(cut / term.length, 2)); break; }
      }
      if (prefixes) {
        for (key in data.w) {
          if (key.length > term.length && key.lastIndexOf(term, 0) === 0) {
            add(prefixed, data.w[key], PREFIX * Math.sqrt(term.length / key.length));
          }
        }
      }
      return { scores: sum([exact, stemmed, prefixed]), exact: !isEmpty(exact), prefixed: !isEmpty(prefixed) };
    }
    function sum(parts) {
      var total = {};
      parts.forEach(function (part) { for (var p in part) total[p] = (total[p] || 0) + part[p]; });
      return total;
    }
    function isEmpty(scores) { for (var p in scores) return false; return true; }
    // Scores of one word. A word not in the index as written, and not the start of a
    // longer word (still being typed, or a compound), is also looked up as the words a
    // typing mistake or two away, weighed down; when only those match, the word counts
    // as corrected to the closest.
    function wordScores(term, prefixed) {
      return termsFor(term, prefixed).then(function (data) {
        var found = termScores(term, data, prefixed);
        if (found.exact || found.prefixed) return { scores: found.scores, word: term };
        var stemmed = !isEmpty(found.scores);
        return corrections(term, false).then(function (close) {
          if (!close.length) return { scores: found.scores, word: term, missing: !stemmed };
          return loadShards(close.map(function (c) { return shardOf(c.word); })).then(function (data) {
            var parts = close.map(function (c) {
              var part = {};
              add(part, data.w[c.word] || [], TYPO / c.distance);
              return part;
            });
            return {
              scores: sum(parts.concat([found.scores])),
              word: stemmed ? term : close[0].word,
              corrected: !stemmed,
            };
          });
        });
      });
    }
    // The query's words in three kinds: words to find (stop words left out), a named
    // country, and the title words of a glossary concept whose question phrase the
    // query holds ("wat als ik het niet eens ben").
    function understand(query) {
      var all = words(query), stop = {}, country = null, extra = [];
      (manifest.stop || []).forEach(function (w) { stop[w] = true; });
      // Longest phrases first; their words in any order ("się nie zgadzam" holds "nie
      // zgadzam się"), each query word used once.
      (manifest.phrases || []).slice().sort(function (a, b) { return b[0].length - a[0].length; })
        .forEach(function (phrase) {
          var left = all.slice();
          var found = phrase[0].every(function (w) {
            var at = left.indexOf(w);
            if (at < 0) return false;
            left.splice(at, 1);
            return true;
          });
          if (found) { all = left; extra = extra.concat(phrase[1]); }
        });
      var content = all.filter(function (w) { return !stop[w]; });
      var names = manifest.country_names || {}, named = [];
      var rest = content.filter(function (w, i) {
        var pair = i + 1 < content.length ? w + " " + content[i + 1] : null;
        for (var name in names) {
          if (namesCountry(w, name) || (pair && pair === name)) { country = country || names[name]; named.push(w); return false; }
        }
        return true;
      });
      // A country alone is what the reader looks for; otherwise it steers, and its name
      // still counts for the pages that say it ("powrót do Polski" finds the page about
      // going home to Poland, which is a Dutch procedure), without being required.
      if (country && !rest.length && !extra.length) { rest = content; named = []; }
      if (!rest.length && !extra.length) rest = all;
      function unique(list) { return list.filter(function (t, i) { return t.length >= 2 && list.indexOf(t) === i; }); }
      var terms = unique(rest);
      extra = unique(extra).filter(function (t) { return terms.indexOf(t) < 0; });
      return {
        terms: terms, extra: extra, country: country, content: content,
        named: unique(named).filter(function (t) { return terms.indexOf(t) < 0 && extra.indexOf(t) < 0; }),
      };
    }
    function countryOf(page) {
      for (var code in manifest.countries) {
        var range = manifest.countries[code];
        if (page >= range[0] && page <= range[1]) return code;
      }
      return null;
    }
    function search(query, limit) {
      limit = limit || 10;
      manifestLoad = manifestLoad || load("manifest.js");
      var asked, words_;
      return manifestLoad.then(function (m) {
        manifest = m;
        asked = understand(query);
        words_ = asked.terms.concat(asked.extra, asked.named);
        // Compounds: the last word (still being typed) and any word of four letters or
        // more also match the longer words they begin.
        var last = asked.terms.length - 1;
        return Promise.all(words_.map(function (t, i) { return wordScores(t, i === last || t.length >= 4); }));
      }).then(function (found) {
        // The query as corrected, with or without the country it names, and the concept
        // a question phrase pointed to: each may be exactly a page's name.
        var corrected = {};
        found.forEach(function (result, i) { corrected[words_[i]] = result.word; });
        var phrase = asked.terms.length + asked.extra.length;
        // The whole query, the country it names included, as a name first: that name
        // says what the page is whatever its country.
        var names = [
          asked.content.map(function (w) { return corrected[w] || w; }).join(" "),
          found.slice(0, asked.terms.length).map(function (result) { return result.word; }).join(" "),
          found.slice(asked.terms.length, phrase).map(function (result) { return result.word; }).join(" "),
        ];
        // In a longer query, each word may be a page's whole name too ("a letter from UWV":
        // the page of UWV, which lists its letters).
        var bonuses = [2 * NAME, NAME, NAME];
        if (asked.terms.length > 1) {
          found.slice(0, asked.terms.length).forEach(function (result) {
            names.push(result.word);
            bonuses.push(WORD_NAME);
          });
        }
        return Promise.all(names.map(function (name, i) {
          var none = { postings: [], bonus: bonuses[i] };
          if (!name || names.indexOf(name) !== i) return none;
          return loadShards([shardOf(name)]).then(function (data) { return { postings: data.n[name] || [], bonus: bonuses[i] }; });
        })).then(function (named) { return [found, named]; });
      }).then(function (both) {
        var found = both[0], named = both[1];
        var scores = {}, matched = {}, corrected = {}, missing = [];
        found.forEach(function (result, i) {
          var required = i < asked.terms.length;
          // A named country's own word counts little: the country weight already says it.
          var weight = i < asked.terms.length + asked.extra.length ? 1 : COUNTRY_WORD;
          if (result.corrected) corrected[words_[i]] = result.word;
          if (result.missing && required) missing.push(words_[i]);
          for (var p in result.scores) {
            scores[p] = (scores[p] || 0) + result.scores[p] * weight;
            if (required) matched[p] = (matched[p] || 0) + 1;
          }
        });
        // A page whose name is the whole query gets its bonus whole: neither the share of
        // words nor a named country lowers it ("powrót do Polski w czasie choroby" names a
        // Dutch procedure). A name without the country named counts like any match.
        var byName = {};
        named.forEach(function (name, i) {
          var part = {};
          add(part, name.postings, name.bonus);
          for (var p in part) {
            if (i === 0) byName[p] = (byName[p] || 0) + part[p];
            else scores[p] = (scores[p] || 0) + part[p];
            if (!(p in scores)) scores[p] = 0;
          }
        });
        // A page that has every query word beats one that has a single word many times;
        // a named country's pages, and the reader's own countries', come first.
        var local = {};
        (manifest.local || []).forEach(function (c) { local[c] = true; });
        var ranked = Object.keys(scores).map(function (p) {
          var share = asked.terms.length ? (matched[p] || 0) / asked.terms.length : 1;
          var country = countryOf(+p), boost = 1;
          if (asked.country) boost = country === asked.country ? NAMED_COUNTRY : country ? OTHER_COUNTRY : NO_COUNTRY;
          else if (country && local[country]) boost = LOCAL_COUNTRY;
          return { page: +p, score: scores[p] * share * share * boost + (byName[p] || 0) };
        }).filter(function (r) { return r.score > 0; })
          .sort(function (a, b) { return b.score - a.score || a.page - b.page; }).slice(0, limit);
        var answer = { terms: words_.map(function (w) { return corrected[w] || w; }), corrected: null, suggestion: null };
        if (Object.keys(corrected).length && ranked.length) {
          answer.corrected = asked.terms.map(function (w) { return corrected[w] || w; }).join(" ");
        }
        var records = Promise.all(ranked.map(function (r) {
          var n = Math.floor(r.page / manifest.chunk);
          return once(chunks, n, "p/" + n + ".js").then(function (records) {
            var record = records[r.page % manifest.chunk];
            return { title: record[0], path: record[1], kind: record[2], excerpt: record[3], score: r.score };
          });
        }));
        // Nothing found: suggest, from the index's own words, the closest query.
        var suggestion = ranked.length || !missing.length ? Promise.resolve(null) : Promise.all(missing.map(function (w) {
          return corrections(w, true);
        })).then(function (close) {
          var replaced = {}, any = false;
          missing.forEach(function (w, i) { if (close[i].length) { replaced[w] = close[i][0].word; any = true; } });
          return any ? asked.terms.map(function (w) { return replaced[w] || w; }).join(" ") : null;
        });
        return Promise.all([records, suggestion]).then(function (done) {
          answer.results = done[0];
          answer.suggestion = done[1];
          return answer;
        });
      });
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
    loaded: loaded, scriptLoader: scriptLoader, unwrap: unwrap, mistakes: mistakes, allowedMistakes: allowedMistakes };
  globalThis.SignpostSearch = api;
  if (typeof document === "undefined") return;

  function setup() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var suggestion = document.getElementById("search-suggestion");
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
      var said = [n ? form.getAttribute("data-count").replace("{n}", n) : form.getAttribute("data-none")];
      if (found.corrected) said.push(form.getAttribute("data-corrected").replace("{query}", found.corrected));
      status.textContent = said.join(" ");
      suggestion.replaceChildren();
      suggestion.hidden = !found.suggestion;
      if (found.suggestion) {
        // "Did you mean …?": a link that searches for the suggestion, by keyboard too.
        var link = document.createElement("a");
        var url = new URL(location.href);
        url.searchParams.set("q", found.suggestion);
        link.href = url.pathname + url.search;
        link.textContent = found.suggestion;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          input.value = found.suggestion;
          form.requestSubmit();
        });
        suggestion.append(form.getAttribute("data-did-you-mean") + " ", link, "?");
      }
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
