// 长者模式 remembered across pages (localStorage; the <head> applies it before first paint),
// 字号 大/中/小 and 打印 on articles. Every page works without this file.
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

  // 字号 and 打印 need this script, so their markup starts hidden.
  var article = document.querySelector(".od-article");
  if (!article) { return; }
  document.querySelectorAll(".od-tools").forEach(function (tools) { tools.hidden = false; });
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
