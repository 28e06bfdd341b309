// Renders the operations of openapi.json as a readable list (no CDN, no framework).
fetch("openapi.json").then((r) => r.json()).then((doc) => {
  const root = document.getElementById("ops");
  root.textContent = "";
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const section = document.createElement("section");
      const head = document.createElement("h2");
      head.innerHTML = `<span class="m"></span> <code></code>`;
      head.querySelector(".m").textContent = method;
      head.querySelector("code").textContent = path;
      section.appendChild(head);
      const text = document.createElement("p");
      text.textContent = op.summary || op.description || "";
      section.appendChild(text);
      const params = (op.parameters || []).map((p) => `${p.name} (${p.in})`).join(", ");
      if (params) {
        const list = document.createElement("p");
        list.textContent = "Parameters: " + params;
        section.appendChild(list);
      }
      const codes = document.createElement("p");
      codes.textContent = "Responses: " + Object.keys(op.responses || {}).join(", ");
      section.appendChild(codes);
      root.appendChild(section);
    }
  }
});
