// Live word count of the author-response texts: counts as the server does (runs of
// non-space characters) and marks a text over the limit. The server enforces the limit.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("textarea[data-word-limit]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-word-limit"), 10);
    var out = document.getElementById(area.id + "-count");
    if (!out || !limit) { return; }
    function update() {
      var text = area.value.trim();
      var words = text ? text.split(/\s+/).length : 0;
      var over = words > limit;
      out.textContent = words + " of " + limit + " words" + (over ? ": " + (words - limit) + " over the limit" : "");
      out.classList.toggle("over", over);
      area.setAttribute("aria-invalid", over ? "true" : "false");
    }
    area.addEventListener("input", update);
    update();
  });
});
