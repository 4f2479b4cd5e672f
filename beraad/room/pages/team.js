// The team screen: follows the session through a Server-Sent Events stream. Every text
// is set with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
let clock = null; // {elapsed, planned, running, at}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function mmss(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function tick() {
  if (!clock) { $("clock").textContent = ""; return; }
  const elapsed = clock.elapsed + (clock.running ? (performance.now() - clock.at) / 1000 : 0);
  const over = elapsed - clock.planned;
  $("clock").textContent = over > 0 ? `${mmss(clock.planned)} + ${mmss(over)} over tijd` : `${mmss(elapsed)} / ${mmss(clock.planned)}`;
  $("clock").classList.toggle("over", over > 0);
}

function table(columns, rows) {
  const t = el("table");
  const head = el("tr");
  columns.forEach((c) => head.append(el("th", c)));
  t.append(head);
  rows.forEach((row) => {
    const tr = el("tr");
    row.forEach((cell) => tr.append(el("td", cell)));
    t.append(tr);
  });
  return t;
}

function field(f) {
  const box = el("div", null, "field");
  box.append(el("h2", f.label));
  if (f.kind === "tekst") {
    box.append(f.text ? el("p", f.text, "text") : el("p", "…", "empty"));
  } else if (f.kind === "lijst") {
    if (!f.items.length) box.append(el("p", "…", "empty"));
    else { const ul = el("ul"); f.items.forEach((i) => ul.append(el("li", i))); box.append(ul); }
  } else if (f.kind === "checklist") {
    const ul = el("ul", null, "checklist");
    f.items.forEach((i) => ul.append(el("li", `${i.ticked ? "☑" : "☐"} ${i.text}`)));
    box.append(ul);
  } else if (f.kind === "tabel") {
    box.append(f.rows.length ? table(f.columns, f.rows) : el("p", "…", "empty"));
  }
  return box;
}

function writing(w) {
  const box = $("writing");
  box.replaceChildren();
  if (!w) { box.hidden = true; return; }
  box.hidden = false;
  if (w.revealed === null) {
    box.append(el("h2", "Eerst schrijven, dan praten"));
    box.append(el("p", `${w.written} van ${w.count} hebben geschreven.`));
    if (w.who.length) box.append(el("p", w.who.join(" · "), "empty"));
    return;
  }
  box.append(el("h2", "De afwegingen, in willekeurige volgorde"));
  const grid = el("div", null, "answers");
  w.revealed.forEach((answer) => {
    const dl = el("dl", null, "answer");
    answer.forEach((a) => { dl.append(el("dt", a.stem)); dl.append(el("dd", a.text)); });
    grid.append(dl);
  });
  box.append(grid);
}

function turn(page) {
  // the verslag is same-origin but runs no script (sandbox without allow-scripts); the page turns it
  const frame = $("report").contentWindow;
  if (frame) frame.scrollTo({ top: page * frame.innerHeight * 0.85, behavior: "smooth" });
}

function show(view) {
  document.body.dataset.revision = view.revision;
  const report = $("report");
  if (view.mode === "uit") {
    clock = null;
    $("round").hidden = false; report.hidden = true;
    $("where").textContent = ""; $("title").textContent = "Het teamscherm staat uit.";
    $("goal").textContent = ""; $("prompts").replaceChildren(); $("fields").replaceChildren(); writing(null);
    tick();
    return;
  }
  if (view.mode === "verslag") {
    clock = null; tick();
    $("round").hidden = true; report.hidden = false;
    $("where").textContent = view.heading;
    const src = `verslag?v=${view.made}`;
    if (report.getAttribute("src") !== src) {
      report.onload = () => turn(view.page);
      report.setAttribute("src", src);
    } else {
      turn(view.page);
    }
    return;
  }
  $("round").hidden = false; report.hidden = true; report.removeAttribute("src");
  $("where").textContent = [view.round.where, view.session].filter(Boolean).join(" · ");
  $("title").textContent = view.round.title;
  $("goal").textContent = view.round.goal;
  $("prompts").replaceChildren(...view.round.prompts.map((p) => el("li", p)));
  $("fields").replaceChildren(...view.fields.map(field));
  writing(view.writing);
  clock = { ...view.clock, at: performance.now() };
  tick();
}

const events = new EventSource("events");
events.onmessage = (message) => { $("status").textContent = ""; show(JSON.parse(message.data)); };
events.onerror = () => { $("status").textContent = "Verbinding met de laptop kwijt; beraad probeert het opnieuw…"; };
events.addEventListener("einde", () => {
  events.close();
  show({ mode: "uit" });
  $("status").textContent = "De gespreksleider heeft het teamscherm uitgezet.";
});
setInterval(tick, 1000);
