// Wiring of the console: token, streams, the send form, the receiver panel.
import { api, el, POLL, PUSH, sandbox, setToken, token } from "./api.js";
import { connectFeed, loadHistory } from "./feed.js";
import { runDemo } from "./demos.js";
import { readSubject, showSubjectFields } from "./subject.js";

const $ = (id) => document.getElementById(id);
export let streams = [];

function report(err) {
  $("send-result").textContent = String(err.message || err);
  $("send-result").className = "outcome bad";
}

export async function refreshStreams() {
  const data = await api("GET", "/ssf/stream");
  streams = Array.isArray(data) ? data : data ? [data] : [];
  const rows = [];
  const target = $("target");
  target.replaceChildren(el("option", { value: "", text: "every stream that wants it" }));
  for (const s of streams) {
    const method = s.delivery.method === PUSH ? "push" : "poll";
    let status = "";
    try { status = (await api("GET", `/ssf/status?stream_id=${encodeURIComponent(s.stream_id)}`)).status; }
    catch (err) { status = err.message; }
    const buttons = el("span", {},
      button(status === "paused" ? "Enable" : "Pause", () => setStatus(s.stream_id, status === "paused" ? "enabled" : "paused")),
      button("Add subject", async () => api("POST", "/ssf/subjects/add", { stream_id: s.stream_id,
        subject: readSubject() }).then(refreshStreams)),
      button("Verify", () => api("POST", "/ssf/verify", { stream_id: s.stream_id, state: crypto.randomUUID() })),
      button("Delete", () => api("DELETE", `/ssf/stream?stream_id=${encodeURIComponent(s.stream_id)}`).then(refreshStreams)));
    rows.push(el("tr", { "data-method": method }, el("td", {}, el("code", { text: s.stream_id })),
      el("td", { text: method }), el("td", { class: "status", text: status }), el("td", {}, buttons)));
    target.append(el("option", { value: s.stream_id, text: `${method} ${s.stream_id}` }));
  }
  $("stream-rows").replaceChildren(...rows);
  return streams;
}

function button(label, action) {
  const b = el("button", { type: "button", text: label });
  b.addEventListener("click", () => action().catch(report));
  return b;
}

async function setStatus(streamId, status) {
  await api("POST", "/ssf/status", { stream_id: streamId, status });
  await refreshStreams();
}

export async function createStream(method) {
  const delivery = method === "push"
    ? { method: PUSH, endpoint_url: sandbox.info.push_endpoint,
        authorization_header: sandbox.info.push_authorization }
    : { method: POLL };
  const events = sandbox.info.actions.filter((a) => !a.deprecated).map((a) => a.uri);
  const created = await api("POST", "/ssf/stream",
    { delivery, events_requested: events, description: `console ${method} stream` });
  await refreshStreams();
  return created;
}

export async function refreshReceiver() {
  const states = await api("GET", "/ssf/security-state");
  $("state-rows").replaceChildren(...states.subjects.map((s) => el("tr", {},
    el("td", { text: s.email || JSON.stringify(s.subject) }), el("td", { text: s.account_state ?? "" }),
    el("td", { text: s.sessions ? `${s.sessions.active} / ${s.sessions.revoked}` : "" }),
    el("td", { text: s.credential_reset_required ?? "" }),
    el("td", {}, el("code", { text: JSON.stringify(s.signals) })))));
  const actions = await api("GET", "/ssf/receiver/actions?limit=20");
  $("action-list").replaceChildren(...actions.actions.map((a) =>
    el("li", { text: JSON.stringify(a) })));
}

async function send(event) {
  event.preventDefault();
  const action = sandbox.info.actions.find((a) => a.action === $("action").value);
  const body = { subject: readSubject(action ? action.subject_formats : []) };
  if ($("target").value) body.stream_id = $("target").value;
  const result = await api("POST", `/ssf/actions/${$("action").value}`, body);
  const where = result.deliveries.map((d) => `${d.stream_id}: ${d.status}`).join(", ");
  $("send-result").className = "outcome";
  $("send-result").textContent = (where ? `sent to ${where}` : "no stream wanted this event") +
    ` (subject ${JSON.stringify(body.subject)})`;
  await refreshReceiver();
}

async function start() {
  $("token-state").textContent = "checking the token…";
  sandbox.info = await api("GET", "/console/sandbox");
  $("token-state").textContent = "token accepted (this tab only)";
  $("action").replaceChildren(...sandbox.info.actions.map((a) =>
    el("option", { value: a.action, text: `${a.spec} ${a.action}${a.deprecated ? " (deprecated)" : ""}` })));
  connectFeed();
  await loadHistory();
  await refreshStreams();
  await refreshReceiver();
}

function begin() { start().catch((err) => { $("token-state").textContent = String(err.message); }); }

document.addEventListener("DOMContentLoaded", () => {
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    setToken($("token").value.trim());
    $("token").value = "";  // the value stays in sessionStorage only
    begin();
  });
  $("forget").addEventListener("click", () => { setToken(""); location.reload(); });
  $("create-push").addEventListener("click", () => createStream("push").catch(report));
  $("create-poll").addEventListener("click", () => createStream("poll").catch(report));
  $("refresh-streams").addEventListener("click", () => refreshStreams().catch(report));
  $("refresh-receiver").addEventListener("click", () => refreshReceiver().catch(report));
  $("send-form").addEventListener("submit", (e) => send(e).catch(report));
  $("subject-format").addEventListener("change", showSubjectFields);
  showSubjectFields();
  for (const b of document.querySelectorAll("[data-demo]")) {
    b.addEventListener("click", () => runDemo(b.dataset.demo));
  }
  if (token()) begin();
});
