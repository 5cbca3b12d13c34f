// Search over the sharded bigram index written by generator/openday/searchindex.py.
// Keys and hash must match that module: NFKC, lower case, CJK bigrams, Latin words, FNV-1a.
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
  function terms(text) {
    text = text.normalize("NFKC").toLowerCase();
    var found = {};
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
  function decode(deltas) {
    var total = 0;
    return deltas.map(function (d) { total += d; return total; });
  }
  function say(text) {
    output.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    output.appendChild(p);
  }
  function show(query, docs, count) {
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
      meta.textContent = doc.a + " · " + doc.s;
      var date = document.createElement("time");
      date.className = "od-list__date";
      date.dateTime = doc.d;
      date.textContent = doc.d;
      item.appendChild(link);
      item.appendChild(meta);
      item.appendChild(date);
      list.appendChild(item);
    });
    output.appendChild(list);
  }
  function search(query) {
    var keys = terms(query);
    if (!keys.length) { say("请输入要查找的文字，如单位名称或活动主题。"); return; }
    say("正在查找……");
    load("meta.json").then(function (meta) {
      return Promise.all(keys.map(function (key) {
        return load("s/" + shard(key, meta.shards) + ".json").then(function (s) {
          return s[key] ? decode(s[key]) : [];
        }, function () { return []; });
      })).then(function (lists) {
        lists.sort(function (a, b) { return a.length - b.length; });
        var hits = lists[0].filter(function (id) {
          return lists.every(function (list) { return list.indexOf(id) >= 0; });
        });
        if (!hits.length) { say("没有找到与“" + query + "”有关的活动公告。"); return null; }
        var shown = hits.slice(0, limit);
        var chunks = {};
        shown.forEach(function (id) { chunks[Math.floor(id / meta.chunk)] = true; });
        return Promise.all(Object.keys(chunks).map(function (c) {
          return load("d/" + c + ".json").then(function (docs) { return [Number(c), docs]; });
        })).then(function (loaded) {
          var byChunk = {};
          loaded.forEach(function (pair) { byChunk[pair[0]] = pair[1]; });
          show(query, shown.map(function (id) {
            return byChunk[Math.floor(id / meta.chunk)][id % meta.chunk];
          }), hits.length);
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
