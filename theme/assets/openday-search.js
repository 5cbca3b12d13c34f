// Search over the sharded bigram index written by generator/openday/site/searchindex.py.
// Keys and hash must match that module: NFKC, lower case, dates (9月16日 → 09-16),
// CJK bigrams, Latin words, FNV-1a. A posting carries the part of the document its key
// stands in, so each result says why it matched.
(function () {
  "use strict";
  var form = document.getElementById("od-search-form");
  var output = document.getElementById("od-search-results");
  if (!form || !output) { return; }
  var root = form.getAttribute("data-od-index").replace(/meta\.json$/, "");
  var site = form.getAttribute("data-od-site");
  var limit = 30;
  var cache = {};

  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      });
    }
    return cache[path];
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function dates(text, found) {
    text = text.replace(/([0-9]{4})\s*(?:年|[-/.])\s*([0-9]{1,2})\s*(?:月|[-/.])\s*([0-9]{1,2})\s*[日号]?/g, function (all, y, m, d) {
      m = Number(m); d = Number(d);
      if (m < 1 || m > 12 || d < 1 || d > 31) { return all; }
      found[y + "-" + two(m) + "-" + two(d)] = true;
      found[two(m) + "-" + two(d)] = true;
      return " ";
    });
    text = text.replace(/([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]/g, function (all, m, d) {
      m = Number(m); d = Number(d);
      if (m < 1 || m > 12 || d < 1 || d > 31) { return all; }
      found[two(m) + "-" + two(d)] = true;
      return " ";
    });
    return text.replace(/([0-9]{4})\s*年\s*([0-9]{1,2})\s*月/g, function (all, y, m) {
      m = Number(m);
      if (m < 1 || m > 12) { return all; }
      found[y + "-" + two(m)] = true;
      return " ";
    });
  }
  function terms(text) {
    var found = {};
    text = dates(text.normalize("NFKC").toLowerCase(), found);
    (text.match(/[\u3400-\u9fff\uf900-\ufaff]+/g) || []).forEach(function (run) {
      var chars = Array.from(run);
      if (chars.length === 1) { found[run] = true; }
      for (var i = 0; i + 1 < chars.length; i++) { found[chars[i] + chars[i + 1]] = true; }
    });
    (text.match(/[a-z0-9]+/g) || []).forEach(function (word) {
      if (word.length > 1 || /^[0-9]$/.test(word)) { found[word] = true; }
    });
    return Object.keys(found);
  }
  function shard(term, shards) {
    var bytes = new TextEncoder().encode(term);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return (hash % shards).toString(16).padStart(2, "0");
  }
  // Each posting is (difference to the previous document number) << bits | field.
  function decode(values, bits) {
    var total = 0, found = {};
    values.forEach(function (v) {
      total += Math.floor(v / (1 << bits));
      found[total] = v % (1 << bits);
    });
    return found;
  }
  function say(text) {
    output.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    output.appendChild(p);
  }
  function show(query, docs, count, fields) {
    output.textContent = "";
    var summary = document.createElement("p");
    summary.className = "od-search__summary";
    summary.textContent = "“" + query + "”共找到 " + count + " 条结果" + (count > docs.length ? "，显示最新的 " + docs.length + " 条" : "") + "。";
    output.appendChild(summary);
    var list = document.createElement("ul");
    list.className = "od-list";
    docs.forEach(function (doc) {
      var item = document.createElement("li");
      item.className = "od-list__row od-list__row--search";
      var link = document.createElement("a");
      link.className = "od-list__title";
      link.href = site + doc.u;
      link.textContent = doc.t;
      var meta = document.createElement("span");
      meta.className = "od-list__meta";
      meta.textContent = (doc.k || "活动公告") + " · " + doc.a + " · " + doc.s;
      var why = document.createElement("span");
      why.className = "od-list__meta od-search__why";
      why.textContent = "匹配：" + doc.why.map(function (f) { return fields[f]; }).join("、");
      var date = document.createElement("time");
      date.className = "od-list__date";
      date.dateTime = doc.d;
      date.textContent = doc.d;
      item.appendChild(link);
      item.appendChild(meta);
      item.appendChild(why);
      item.appendChild(date);
      list.appendChild(item);
    });
    output.appendChild(list);
  }
  function empty(query) {
    output.textContent = "";
    var p = document.createElement("p");
    p.className = "od-search__summary";
    p.textContent = "没有找到与“" + query + "”有关的公告或意见反馈。";
    output.appendChild(p);
    var tips = document.getElementById("od-search-tips");
    if (tips) { output.appendChild(tips.content.cloneNode(true)); }
  }
  function search(query) {
    var keys = terms(query);
    if (!keys.length) { say("请输入要查找的文字，如单位名称、活动主题或日期。"); return; }
    say("正在查找……");
    load("meta.json").then(function (meta) {
      return Promise.all(keys.map(function (key) {
        return load("s/" + shard(key, meta.shards) + ".json").then(function (s) {
          return s[key] ? decode(s[key], meta.bits) : {};
        }, function () { return {}; });
      })).then(function (lists) {
        var first = lists.slice().sort(function (a, b) {
          return Object.keys(a).length - Object.keys(b).length;
        })[0];
        var hits = Object.keys(first).map(Number).filter(function (id) {
          return lists.every(function (list) { return list.hasOwnProperty(id); });
        }).sort(function (a, b) { return a - b; });
        if (!hits.length) { empty(query); return null; }
        var shown = hits.slice(0, limit);
        var chunks = {};
        shown.forEach(function (id) { chunks[Math.floor(id / meta.chunk)] = true; });
        return Promise.all(Object.keys(chunks).map(function (c) {
          return load("d/" + c + ".json").then(function (docs) { return [Number(c), docs]; });
        })).then(function (loaded) {
          var byChunk = {};
          loaded.forEach(function (pair) { byChunk[pair[0]] = pair[1]; });
          show(query, shown.map(function (id) {
            var doc = Object.assign({}, byChunk[Math.floor(id / meta.chunk)][id % meta.chunk]);
            var why = {};
            lists.forEach(function (list) { why[list[id]] = true; });
            doc.why = Object.keys(why).map(Number).sort();
            return doc;
          }), hits.length, meta.fields);
        });
      });
    }).catch(function () { say("搜索暂时无法使用，请稍后再试，或按单位、按年份浏览。"); });
  }
  var input = form.querySelector("input[name=q]");
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; search(initial.trim()); }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    search(query);
  });
  var hint = document.getElementById("od-search-nojs");
  if (hint) { hint.hidden = true; }
})();
