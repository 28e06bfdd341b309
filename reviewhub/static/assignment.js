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

  // Saves go one after another, so the last key pressed is the level stored (overlapping
  // requests could finish in any order).
  var queue = Promise.resolve();

  function post(name, value) {
    var body = new FormData();
    var token = form.querySelector("input[name=csrf_token]");
    if (token) { body.append("csrf_token", token.value); }
    body.append(name, value);
    return fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
                                headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        status.textContent = recount() + (response.ok ? " · saved" : " · not saved, use the Save button");
      })
      .catch(function () { status.textContent = recount() + " · not saved, use the Save button"; });
  }

  var pending = 0;

  function save(input) {
    var name = input.name, value = input.value;
    pending += 1;
    queue = queue.then(function () { return post(name, value); })
      .then(function () { pending -= 1; });
  }

  // The Save button waits for background saves still under way, or one of them could land
  // after the form and undo the last choice.
  form.addEventListener("submit", function (event) {
    if (pending > 0) {
      event.preventDefault();
      queue.then(function () { form.submit(); });
    }
  });

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
