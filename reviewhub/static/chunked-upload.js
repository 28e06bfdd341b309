// Resumable chunked uploads for the submission form (issue 22): a progressive enhancement.
// Without JavaScript (or without fetch) the form sends its files as it always did. With it,
// on Save or Submit each chosen single file is sent in chunks to the chunk API (README
// "Resumable uploads"), with a progress bar; a dropped connection is resumed from the offset
// the server holds; then the form is sent with the finished upload's id instead of the file.
(function () {
  "use strict";
  var form = document.querySelector("form.submission-form[data-upload-url]");
  if (!form || !window.fetch || !window.File || !form.requestSubmit) { return; }
  var csrf = form.querySelector("input[name=csrf_token]");
  var sending = false;

  function headers(extra) {
    var h = { "X-CSRFToken": csrf ? csrf.value : "" };
    for (var k in extra) { h[k] = extra[k]; }
    return h;
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function answer(response) {
    return response.json().catch(function () { return {}; }).then(function (body) {
      return { status: response.status, body: body };
    });
  }

  function show(input, done, total, text) {
    var box = document.getElementById(input.id + "-progress");
    if (!box) { return; }
    box.hidden = false;
    var bar = box.querySelector("progress");
    bar.value = total ? Math.floor(100 * done / total) : 0;
    box.querySelector(".chunk-status").textContent = text;
  }

  async function status(url) {
    var got = await answer(await fetch(url, { headers: headers({}), credentials: "same-origin" }));
    if (got.status !== 200) { throw new Error(got.body.error || "The upload can no longer be resumed."); }
    return got.body.offset;
  }

  async function send(input) {
    var file = input.files[0];
    var started = await answer(await fetch(form.dataset.uploadUrl, {
      method: "POST", credentials: "same-origin", headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ type: form.dataset.type, submission_id: form.dataset.submission || null,
                             purpose: input.name.replace(/^file-/, ""), filename: file.name, size: file.size })
    }));
    if (started.status !== 201) { throw new Error(started.body.error || "The upload was refused."); }
    var url = form.dataset.uploadUrl + "/" + started.body.id;
    var step = started.body.chunk_size, offset = 0, failures = 0;
    while (offset < file.size) {
      show(input, offset, file.size, Math.floor(100 * offset / file.size) + "% of " + file.name);
      var got;
      try {
        got = await answer(await fetch(url, {
          method: "PATCH", credentials: "same-origin", body: file.slice(offset, offset + step),
          headers: headers({ "Content-Type": "application/offset+octet-stream", "Upload-Offset": String(offset) })
        }));
      } catch (dropped) {  // the connection dropped: ask the server what it holds, go on from there
        failures += 1;
        if (failures > 30) { throw new Error("The connection keeps dropping; try again later."); }
        show(input, offset, file.size, "Connection lost; resuming " + file.name + "...");
        await sleep(Math.min(500 * failures, 5000));
        try { offset = await status(url); } catch (again) { /* still offline: retry */ }
        continue;
      }
      if (got.status === 200) { offset = got.body.offset; failures = 0; }
      else if (got.status === 409 && typeof got.body.offset === "number") { offset = got.body.offset; }
      else { throw new Error(got.body.error || "The upload was refused."); }
    }
    show(input, file.size, file.size, "Uploaded " + file.name);
    return started.body.id;
  }

  form.addEventListener("submit", async function (event) {
    var submitter = event.submitter;
    if (sending || !submitter || submitter.name === "add_row") { return; }
    var inputs = Array.prototype.filter.call(form.querySelectorAll("input[type=file][name^=file-]"),
      function (i) { return !i.multiple && i.files && i.files.length === 1; });
    if (!inputs.length) { return; }
    event.preventDefault();
    sending = true;
    try {
      for (var n = 0; n < inputs.length; n++) {
        var id = await send(inputs[n]);
        var hidden = form.querySelector("input[name='upload-" + inputs[n].name.replace(/^file-/, "") + "']");
        if (!hidden) {
          hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = "upload-" + inputs[n].name.replace(/^file-/, "");
          form.appendChild(hidden);
        }
        hidden.value = id;
        inputs[n].removeAttribute("name");  // sent already: the form names the upload instead
      }
      form.requestSubmit(submitter);
    } catch (error) {
      sending = false;
      show(inputs[0], 0, 0, error.message);
    }
  });
}());
