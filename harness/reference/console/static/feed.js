// The live event feed: the transmitter's SSE stream read with fetch (so the token travels in
// the Authorization header, not the URL), each SET decoded and verified by POST /ssf/decode.
import { api, el, token } from "./api.js";

const cards = new Map();  // history record id -> its card
const waiters = [];       // [predicate, resolve]

export function whenRecord(predicate, seconds = 10) {
  return new Promise((resolve, reject) => {
    const entry = [predicate, resolve];
    waiters.push(entry);
    setTimeout(() => {
      const i = waiters.indexOf(entry);
      if (i >= 0) { waiters.splice(i, 1); reject(new Error("no such event in time")); }
    }, seconds * 1000);
  });
}

function json(value) { return el("pre", { text: JSON.stringify(value, null, 2) }); }

async function decodeInto(card, item) {
  const slot = card.querySelector(".decoded");
  try {
    const d = await api("POST", "/ssf/decode", { token: item.token }, { log: false });
    const verdict = d.verified ? "signature verified against the transmitter JWKS"
                               : `signature NOT verified: ${d.verification_error}`;
    slot.replaceChildren(el("p", { class: d.verified ? "ok verdict" : "bad verdict", text: verdict }),
                         el("h4", { text: "header" }), json(d.header),
                         el("h4", { text: "claims" }), json(d.claims));
  } catch (err) {
    slot.replaceChildren(el("p", { class: "bad", text: String(err.message) }));
  }
}

function show(item) {
  let card = cards.get(item.id);
  if (!card) {
    card = el("li", { class: "event" },
      el("div", { class: "line" }, el("strong", { class: "etype", text: item.event.split("/").pop() }),
         " ", el("span", { class: "subject", text: JSON.stringify(item.subject) }),
         " stream ", el("code", { text: item.stream_id }), " jti ", el("code", { text: item.jti }),
         " ", el("span", { class: "delivery" })),
      el("div", { class: "decoded" }, el("p", { class: "muted", text: "decoding…" })));
    cards.set(item.id, card);
    document.getElementById("feed-list").prepend(card);
    if (item.token) decodeInto(card, item);
  }
  const attempts = item.attempts ? `, ${item.attempts} attempt(s)` : "";
  const error = item.last_error ? `, ${item.last_error}` : "";
  card.querySelector(".delivery").textContent = `delivery: ${item.status}${attempts}${error}`;
  card.dataset.status = item.status;
  for (const entry of [...waiters]) {
    if (entry[0](item)) { waiters.splice(waiters.indexOf(entry), 1); entry[1](item); }
  }
}

function parse(chunk) {
  let data = "";
  for (const line of chunk.split("\n")) if (line.startsWith("data:")) data += line.slice(5).trim();
  if (data) show(JSON.parse(data));
}

export async function connectFeed() {
  const state = document.getElementById("feed-state");
  for (;;) {
    if (!token()) { state.textContent = "waiting for the token"; return; }
    try {
      const response = await fetch("/ssf/events/stream", {
        headers: { Authorization: `Bearer ${token()}` }, cache: "no-store" });
      if (!response.ok) { state.textContent = `feed refused: ${response.status}`; return; }
      state.textContent = "connected";
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          parse(buffer.slice(0, end)); buffer = buffer.slice(end + 2);
        }
      }
    } catch (err) { state.textContent = `feed interrupted: ${err.message}`; }
    state.textContent = "reconnecting";
    await new Promise((r) => setTimeout(r, 2000));  // the server's SSE `retry`
  }
}

export async function loadHistory() {
  const data = await api("GET", "/ssf/events?limit=50");
  for (const item of data.events.reverse()) show(item);
}
