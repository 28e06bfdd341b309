// Optional enhancement of the author rows: "move up" buttons that swap position numbers.
// The form works without this script (position fields and the "add another author" button).
document.addEventListener("DOMContentLoaded", function () {
  var rows = document.querySelectorAll(".author-row");
  rows.forEach(function (row, index) {
    if (index === 0) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = "Move up";
    button.addEventListener("click", function () {
      var previous = rows[index - 1].querySelector("input[name$='-position']");
      var mine = row.querySelector("input[name$='-position']");
      if (!previous || !mine) { return; }
      var a = previous.value || String(index), b = mine.value || String(index + 1);
      previous.value = b; mine.value = a;
      button.textContent = "Moved: save to keep the new order";
    });
    var title = row.querySelector(".row-title");
    if (title) { title.appendChild(document.createTextNode(" ")); title.appendChild(button); }
  });
});
