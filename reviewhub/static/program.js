// Schedule editor enhancements. The page works without them (the table's Edit links and
// forms); this adds a confirmation before deleting a slot, and a time grid drawn from the
// table's rows where slots are moved and resized by mouse, touch or keyboard, and a talk is
// moved onto another contributed-talk slot. Every change posts the same slot form the Edit
// page sends (with its CSRF token) to the same URL; the page then reloads, so the server's
// warnings (overlaps, clashes, unconfirmed works) show exactly as after a form save.
(function () {
  "use strict";

  var SNAP = 5;       // minutes
  var PX = 3;         // pixels per minute: a quarter-hour talk is 45 px, room for its talk
  var status, errorBox;

  function confirmDeletes() {
    document.querySelectorAll(".schedule-editor form[action$='/delete']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm("Delete this from the draft?")) { event.preventDefault(); }
      });
    });
  }

  // Local times as naive minutes ("2024-12-14T09:30" -> minutes since the epoch, read as UTC
  // only to do arithmetic: no time zone enters, the server reads them in the event's zone).
  function toMinutes(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text);
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) / 60000;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function toLocal(minutes) {
    var d = new Date(minutes * 60000);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) +
      "T" + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }
  function clock(minutes) { return toLocal(minutes).slice(11); }

  function say(text) { status.textContent = text; }
  function fail(text) {
    errorBox.hidden = false;
    errorBox.textContent = text;
    say(text);
  }

  function post(row, changes) {
    var data = Object.assign({
      kind: row.dataset.kind, title: row.dataset.title, room: row.dataset.room,
      start_at: row.dataset.start, end_at: row.dataset.end,
      submission_id: row.dataset.submission || "0",
      speaker_ids: row.dataset.speakers ? row.dataset.speakers.split(",") : []
    }, changes);
    var body = new FormData();
    var token = document.querySelector("input[name=csrf_token]");
    if (token) { body.append("csrf_token", token.value); }
    Object.keys(data).forEach(function (name) {
      if (Array.isArray(data[name])) {
        data[name].forEach(function (value) { body.append(name, value); });
      } else {
        body.append(name, data[name]);
      }
    });
    return fetch(row.dataset.editUrl, { method: "POST", body: body, credentials: "same-origin",
                                        headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.json().catch(function () { return { ok: false, errors: { "": ["The server did not answer."] } }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          var messages = [];
          Object.keys(answer.errors || {}).forEach(function (k) { messages = messages.concat(answer.errors[k]); });
          throw new Error(row.dataset.title + ": " + (messages.join(" ") || "not saved."));
        }
        return answer;
      });
  }

  function saveAll(steps) {
    var chain = Promise.resolve();
    steps.forEach(function (step) { chain = chain.then(function () { return post(step[0], step[1]); }); });
    say("Saving…");
    return chain.then(function () { window.location.reload(); })
      .catch(function (error) { fail(error.message + " Nothing else was changed; reload to see the draft."); });
  }

  function buildGrid(wrap, rows) {
    var grid = document.getElementById("schedule-grid");
    var slots = rows.map(function (row) {
      var start = toMinutes(row.dataset.start), end = toMinutes(row.dataset.end);
      return { row: row, start: start, end: end, origStart: start, origEnd: end };
    });
    var first = Math.min.apply(null, slots.map(function (s) { return s.start; }));
    var last = Math.max.apply(null, slots.map(function (s) { return s.end; }));
    var origin = Math.floor(first / 60) * 60, finish = Math.ceil(last / 60) * 60 + 60;
    grid.style.height = ((finish - origin) * PX) + "px";
    for (var hour = origin; hour <= finish; hour += 60) {
      var line = document.createElement("div");
      line.className = "sg-hour";
      line.style.top = ((hour - origin) * PX) + "px";
      line.textContent = clock(hour);
      line.setAttribute("aria-hidden", "true");
      grid.appendChild(line);
    }
    // Lanes: slots that overlap (parallel rooms, or a clash to fix) stand side by side; each
    // group of overlapping slots shares its width, every other slot has the whole width.
    var lanes = [], group = [], groupEnd = -Infinity;
    function closeGroup() {
      group.forEach(function (member) { member.lanes = lanes.length; });
      lanes = [];
      group = [];
    }
    slots.slice().sort(function (a, b) { return a.start - b.start || a.end - b.end; }).forEach(function (s) {
      if (s.start >= groupEnd) { closeGroup(); }
      var lane = lanes.findIndex(function (endOfLane) { return endOfLane <= s.start; });
      if (lane < 0) { lane = lanes.length; lanes.push(0); }
      lanes[lane] = s.end;
      s.lane = lane;
      group.push(s);
      groupEnd = Math.max(groupEnd, s.end);
    });
    closeGroup();
    var picked = null;  // the slot whose talk is being moved by keyboard

    function place(s) {
      var block = s.block;
      block.style.top = ((s.start - origin) * PX) + "px";
      block.style.height = Math.max((s.end - s.start) * PX, 14) + "px";
      block.style.left = (s.lane * 100 / s.lanes) + "%";
      block.style.width = (100 / s.lanes) + "%";
      var when = clock(s.start) + "–" + clock(s.end);
      block.querySelector(".sg-time").textContent = when;
      block.setAttribute("aria-label", s.row.dataset.title + ", " + s.row.dataset.kindLabel + ", " + when +
        (s.row.dataset.talk ? ", talk " + s.row.dataset.talk : ""));
      block.classList.toggle("pending", s.start !== s.origStart || s.end !== s.origEnd);
    }

    function reset(s) { s.start = s.origStart; s.end = s.origEnd; place(s); }

    function saveTimes(s) {
      if (s.start === s.origStart && s.end === s.origEnd) { return; }
      saveAll([[s.row, { start_at: toLocal(s.start), end_at: toLocal(s.end) }]]);
    }

    function moveTalk(source, target) {
      if (target === source) { return; }
      if (target.row.dataset.kind !== "contributed_talk") {
        fail("A talk can only go into a contributed-talk slot; “" + target.row.dataset.title + "” is not one.");
        return;
      }
      var talk = source.row.dataset.submission, displaced = target.row.dataset.submission;
      // Empty the source first, so the talk is never in two slots at once; a talk already in
      // the target changes places with it.
      var steps = [[source.row, { submission_id: "0" }], [target.row, { submission_id: talk }]];
      if (displaced) { steps.push([source.row, { submission_id: displaced }]); }
      saveAll(steps);
    }

    function slotAt(x, y) {
      var element = document.elementFromPoint(x, y);
      var block = element && element.closest(".sg-slot");
      return block ? slots[+block.dataset.index] : null;
    }

    slots.forEach(function (s, index) {
      var block = document.createElement("div");
      block.className = "sg-slot sg-" + s.row.dataset.kind;
      block.tabIndex = 0;
      block.dataset.index = index;
      block.dataset.slot = s.row.dataset.slot;
      block.setAttribute("role", "group");
      block.setAttribute("aria-describedby", "grid-help");
      block.innerHTML = '<span class="sg-time"></span> <strong class="sg-title"></strong>';
      block.querySelector(".sg-title").textContent = s.row.dataset.title;
      if (s.row.dataset.talk) {
        var chip = document.createElement("span");
        chip.className = "sg-talk";
        chip.tabIndex = 0;
        chip.setAttribute("role", "button");
        chip.textContent = s.row.dataset.talk;
        chip.setAttribute("aria-label", "Move talk " + s.row.dataset.talk);
        block.appendChild(chip);
        chip.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            event.stopPropagation();
            picked = s;
            block.classList.add("picked");
            say("Picked up " + s.row.dataset.talk + ". Tab to a contributed-talk slot and press Enter to put it there; Escape cancels.");
          }
        });
        chip.addEventListener("pointerdown", function (event) { startDrag(event, s, "talk"); });
      }
      var handle = document.createElement("span");
      handle.className = "sg-resize";
      handle.setAttribute("aria-hidden", "true");
      block.appendChild(handle);
      handle.addEventListener("pointerdown", function (event) { startDrag(event, s, "resize"); });
      block.addEventListener("pointerdown", function (event) {
        if (event.target === block || event.target.closest(".sg-time, .sg-title")) { startDrag(event, s, "move"); }
      });
      block.addEventListener("keydown", function (event) { onKey(event, s); });
      s.block = block;
      grid.appendChild(block);
      place(s);
    });

    function onKey(event, s) {
      var step = event.key === "ArrowUp" ? -SNAP : event.key === "ArrowDown" ? SNAP : 0;
      if (step) {
        event.preventDefault();
        if (event.shiftKey) {
          s.end = Math.max(s.end + step, s.start + SNAP);
        } else {
          s.start += step;
          s.end += step;
        }
        place(s);
        say(s.row.dataset.title + ": " + clock(s.start) + "–" + clock(s.end) + ". Enter saves, Escape cancels.");
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (picked) {
          var source = picked;
          picked = null;
          source.block.classList.remove("picked");
          moveTalk(source, s);
        } else {
          saveTimes(s);
        }
      } else if (event.key === "Escape") {
        if (picked) { picked.block.classList.remove("picked"); picked = null; }
        reset(s);
        say("Cancelled.");
      }
    }

    function startDrag(event, s, mode) {
      if (event.button !== undefined && event.button !== 0) { return; }
      event.preventDefault();
      event.stopPropagation();
      var target = event.currentTarget, y0 = event.clientY, over = null;
      target.setPointerCapture(event.pointerId);
      s.block.classList.add("dragging");
      function move(e) {
        var delta = Math.round((e.clientY - y0) / PX / SNAP) * SNAP;
        if (mode === "move") {
          s.start = s.origStart + delta;
          s.end = s.origEnd + delta;
          place(s);
        } else if (mode === "resize") {
          s.end = Math.max(s.origEnd + delta, s.start + SNAP);
          place(s);
        } else {
          var found = slotAt(e.clientX, e.clientY);
          if (over && over !== found) { over.block.classList.remove("drop-target"); }
          over = found && found !== s ? found : null;
          if (over) { over.block.classList.add("drop-target"); }
        }
      }
      function up(e) {
        target.removeEventListener("pointermove", move);
        target.removeEventListener("pointerup", up);
        target.removeEventListener("pointercancel", up);
        s.block.classList.remove("dragging");
        if (mode === "talk") {
          var found = slotAt(e.clientX, e.clientY);
          if (over) { over.block.classList.remove("drop-target"); }
          if (found && found !== s) { moveTalk(s, found); }
        } else if (e.type === "pointerup") {
          saveTimes(s);
        } else {
          reset(s);
        }
      }
      target.addEventListener("pointermove", move);
      target.addEventListener("pointerup", up);
      target.addEventListener("pointercancel", up);
    }

    wrap.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    confirmDeletes();
    var wrap = document.querySelector("[data-schedule-grid]");
    var rows = Array.prototype.slice.call(document.querySelectorAll(".schedule-editor tr[data-slot]"));
    if (!wrap || !rows.length || !window.fetch) { return; }
    status = document.getElementById("grid-status");
    errorBox = document.getElementById("grid-error");
    buildGrid(wrap, rows);
  });
})();
