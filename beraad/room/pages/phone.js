// A phone in a write-first round: choose your name once, write, send; change it until
// the facilitator reveals. Every text is set with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const csrf = document.querySelector('meta[name="csrf"]').content;
let state = null;
let drafted = false; // typing not yet sent: a new state does not overwrite it

function el(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function post(path, body) {
  $("message").textContent = "";
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({ melding: "De laptop antwoordde niet zoals verwacht." }));
    if (!response.ok) { $("message").textContent = data.melding || "Dit lukte niet."; return null; }
    return data;
  } catch (error) {
    $("message").textContent = "De laptop is niet bereikbaar. Zit je op hetzelfde netwerk?";
    return null;
  }
}

function show(next) {
  state = next;
  $("choose").hidden = true; $("form").hidden = true;
  if (!state.open) {
    $("intro").textContent = state.revealed
      ? "De antwoorden zijn onthuld op het teamscherm. Je kunt je telefoon wegleggen."
      : "Er is nu geen schrijfronde open.";
    return;
  }
  $("title").textContent = state.round;
  if (!state.mine) {
    $("intro").textContent = "Schrijf eerst voor jezelf, in stilte. Pas als iedereen klaar is, zet de gespreksleider alle antwoorden tegelijk op het scherm, zonder namen.";
    $("choose").hidden = false;
    $("seats").replaceChildren(...state.seats.map((seat) => {
      const button = el("button", seat.taken ? `${seat.name} (al gekozen)` : seat.name);
      button.type = "button"; button.disabled = seat.taken; button.dataset.id = seat.id;
      button.addEventListener("click", async () => {
        const s = await post("kies", { deelnemer: seat.id });
        if (s) { show(s); connect(); } // the stream now knows this phone by its cookie
      });
      return button;
    }));
    return;
  }
  $("intro").textContent = "Maak de zinnen af. Niemand ziet wat je schrijft tot de gespreksleider onthult; dan staat het er zonder je naam.";
  const name = state.mine.name;
  $("who").textContent = `Je schrijft als ${name}${name.endsWith(".") ? "" : "."}`;
  $("form").hidden = false;
  const areas = [...document.querySelectorAll("#stems textarea")];
  if (areas.map((a) => a.dataset.stem).join("\n") !== state.stems.join("\n")) {
    // built once per round: a later state never replaces what is being typed
    $("stems").replaceChildren(...state.stems.map((stem, index) => {
      const box = el("div");
      const label = el("label", stem);
      const area = el("textarea");
      area.id = `stem-${index}`; label.htmlFor = area.id; area.dataset.stem = stem; area.maxLength = 2000;
      area.value = state.mine.answer[stem] || "";
      area.addEventListener("input", () => { drafted = true; $("sent").textContent = ""; });
      box.append(label, area);
      return box;
    }));
  }
  $("sent").textContent = state.mine.written && !drafted ? "Verstuurd. Je kunt het nog aanpassen tot de gespreksleider onthult." : "";
}

$("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const answers = {};
  document.querySelectorAll("#stems textarea").forEach((area) => { answers[area.dataset.stem] = area.value; });
  if (!Object.values(answers).some((text) => text.trim())) {
    $("message").textContent = "Maak eerst minstens één zin af.";
    return;
  }
  const next = await post("antwoord", { antwoorden: answers });
  if (next) { drafted = false; show(next); window.scrollTo({ top: 0, behavior: "smooth" }); }
});

let events = null;
function connect() {
  if (events) events.close();
  events = new EventSource("events");
  events.onmessage = (message) => show(JSON.parse(message.data));
  events.addEventListener("einde", () => { events.close(); if (state && state.open) show({ open: false, revealed: false }); });
}
connect();
