// 长者模式 and 大鼠标 remembered across pages (localStorage; the <head> applies them before
// first paint), 字号 大/中/小, 打印, 语音阅读 and 复制 on articles. Every page works without
// this file.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "od-elder";

  function remember(on) {
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* storage may be off */ }
  }

  // Without script the switch is a link to #od-elder (CSS :target); with it, a button.
  var toggle = document.getElementById("od-elder-toggle");
  if (toggle) {
    var off = document.querySelector(".od-elder-off");
    if (off) { off.parentNode.removeChild(off); }
    if (location.hash === "#od-elder") {
      root.classList.add("od-elder");
      remember(true);
    }
    var show = function () {
      toggle.textContent = root.classList.contains("od-elder") ? "退出长者模式" : "长者模式";
    };
    toggle.setAttribute("role", "button");
    show();
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var on = !root.classList.contains("od-elder");
      root.classList.toggle("od-elder", on);
      remember(on);
      show();
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); toggle.click(); }
    });
  }

  // 大鼠标: a large pointer, for readers who lose sight of the small one.
  var cursor = document.getElementById("od-cursor-toggle");
  if (cursor) {
    var pressed = function () {
      cursor.setAttribute("aria-pressed", root.classList.contains("od-cursor") ? "true" : "false");
    };
    cursor.hidden = false;
    pressed();
    cursor.addEventListener("click", function () {
      var on = !root.classList.contains("od-cursor");
      root.classList.toggle("od-cursor", on);
      try { localStorage.setItem("od-cursor", on ? "1" : "0"); } catch (e) { /* storage may be off */ }
      pressed();
    });
  }

  // 复制: an address to paste into WeChat or a calendar app (on articles and list pages).
  document.querySelectorAll(".od-copy").forEach(function (tools) { tools.hidden = false; });
  document.querySelectorAll("[data-od-copy]").forEach(function (button) {
    var done = button.parentNode.querySelector(".od-copy__done");
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-od-copy");
      var copied = function () { done.textContent = "已复制，可粘贴到微信或日历中"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(copied, function () { done.textContent = "请长按网址手动复制"; });
      } else {
        done.textContent = "请长按网址手动复制";
      }
    });
  });

  // 字号 and 打印 need this script, so their markup starts hidden; 语音阅读 also needs
  // the browser's own speech synthesis (nothing is sent anywhere).
  var article = document.querySelector(".od-article");
  if (!article) { return; }
  document.querySelectorAll(".od-tools:not(.od-speak)").forEach(function (tools) { tools.hidden = false; });
  var speak = document.querySelector("[data-od-speak]");
  if (speak && "speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
    speak.parentNode.hidden = false;
    var reading = false;
    var stop = function () {
      reading = false;
      speak.textContent = "语音阅读";
      speak.setAttribute("aria-pressed", "false");
    };
    speak.addEventListener("click", function () {
      window.speechSynthesis.cancel();
      if (reading) { stop(); return; }
      var parts = [];
      article.querySelectorAll(".od-article__title, .od-alert, .od-facts, .od-items, .od-section, .od-answers, .od-totals").forEach(function (part) {
        parts.push(part.innerText);
      });
      var utterance = new SpeechSynthesisUtterance(parts.join("。\n"));
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      utterance.onend = stop;
      utterance.onerror = stop;
      reading = true;
      speak.textContent = "停止朗读";
      speak.setAttribute("aria-pressed", "true");
      window.speechSynthesis.speak(utterance);
    });
  }
  var sizes = { large: "1.25em", medium: "", small: "0.875em" };
  var buttons = document.querySelectorAll("[data-od-size]");
  buttons.forEach(function (button) {
    var size = button.getAttribute("data-od-size");
    button.setAttribute("aria-pressed", size === "medium" ? "true" : "false");
    button.addEventListener("click", function () {
      article.style.fontSize = sizes[size];
      buttons.forEach(function (other) { other.setAttribute("aria-pressed", other === button ? "true" : "false"); });
    });
  });
  document.querySelectorAll("[data-od-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
