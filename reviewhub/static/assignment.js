// Bidding enhancements (the page works without them): keys 1-5 choose a level in the focused
// submission, and each change is saved at once in the background.
(function () {
  "use strict";
  var form = document.querySelector("[data-bid-form]");
  if (!form) { return; }
  var status = document.getElementById("bid-count");

  function recount() {
    var groups = form.querySelectorAll("fieldset.bid");
    var made = 0;
    groups.forEach(function (group) {
      var checked = group.querySelector("input[type=radio]:checked");
      if (checked && checked.value !== "neutral") { made += 1; }
    });
    return made + " of " + groups.length + " bids made";
  }

  function save(input) {
    var body = new FormData();
    var token = form.querySelector("input[name=csrf_token]");
    if (token) { body.append("csrf_token", token.value); }
    body.append(input.name, input.value);
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        status.textContent = recount() + (response.ok ? " · saved" : " · not saved, use the Save button");
      })
      .catch(function () { status.textContent = recount() + " · not saved, use the Save button"; });
  }

  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=radio]")) { save(event.target); }
  });
  form.addEventListener("keydown", function (event) {
    var group = event.target.closest && event.target.closest("fieldset.bid");
    if (!group || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var index = "12345".indexOf(event.key);
    if (index < 0) { return; }
    var radios = group.querySelectorAll("input[type=radio]");
    if (radios[index]) {
      radios[index].checked = true;
      radios[index].focus();
      save(radios[index]);
      event.preventDefault();
    }
  });
}());
