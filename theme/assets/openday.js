// 长者模式 remembered across pages, font size and print buttons. The pages work without it.
(function () {
  "use strict";
  var root = document.documentElement;
  var toggle = document.getElementById("od-elder-toggle");
  function store(on) {
    try { localStorage.setItem("od-elder", on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  function show(on) {
    root.classList.toggle("od-elder", on);
    if (toggle) {
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      toggle.textContent = on ? "退出长者模式" : "长者模式";
    }
  }
  if (toggle) {
    toggle.setAttribute("role", "button");
    show(root.classList.contains("od-elder"));
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var on = !root.classList.contains("od-elder");
      store(on);
      show(on);
    });
  }
  var sizes = { large: "1.2rem", medium: "", small: "0.9rem" };
  document.querySelectorAll(".od-tools").forEach(function (tools) { tools.hidden = false; });
  document.querySelectorAll("[data-od-size]").forEach(function (button) {
    button.addEventListener("click", function () {
      var article = document.querySelector(".od-article");
      if (article) { article.style.fontSize = sizes[button.getAttribute("data-od-size")]; }
    });
  });
  document.querySelectorAll("[data-od-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
