// The three guided demos. Each fills its own table from what the sandbox answers; waits are
// the server's bounded `wait=` reads and the live feed, never fixed sleeps.
import { api, POLL, PUSH } from "./api.js";
import { createStream, refreshReceiver, refreshStreams } from "./app.js";

const ms = (t0) => `${Math.round(performance.now() - t0)} ms`;
const enc = encodeURIComponent;

function panel(id) {
  const root = document.getElementById(id);
  const put = (k, v) => { root.querySelector(`[data-k="${k}"]`).textContent = String(v); };
  for (const cell of root.querySelectorAll("[data-k]")) cell.textContent = "";
  root.dataset.state = "running";
  return { root, put };
}

async function ensureStream(method) {
  const uri = method === "push" ? PUSH : POLL;
  let stream = (await refreshStreams()).find((s) => s.delivery.method === uri);
  if (!stream) stream = await createStream(method);
  await api("POST", "/ssf/status", { stream_id: stream.stream_id, status: "enabled" });
  return stream;
}

const state = (email) => api("GET", `/ssf/security-state/${enc(email)}`);
const processed = (jti) => api("GET", `/ssf/receiver/actions?jti=${enc(jti)}&wait=10`);

async function trigger(action, email, streamId) {
  const body = { email };
  if (streamId) body.stream_id = streamId;
  return api("POST", `/ssf/actions/${action}`, body);
}

async function sessionDemo() {
  const { put } = panel("demo-session");
  const push = await ensureStream("push");
  const email = "alice@example.com";
  const before = await state(email);
  put("before-active", before.sessions.active); put("before-revoked", before.sessions.revoked);
  const sent = await trigger("session-revoked", email, push.stream_id);
  const jti = sent.deliveries[0].jti;
  const actions = (await processed(jti)).actions;
  const after = await state(email);
  put("after-active", after.sessions.active); put("after-revoked", after.sessions.revoked);
  put("outcome", `SET ${jti} pushed, verified and processed by the receiver; its actions: ` +
      (actions.map((a) => a.action).join(", ") || "none"));
}

async function compromiseDemo() {
  const { put } = panel("demo-compromise");
  const push = await ensureStream("push");
  const email = "bob@example.com";
  const before = await state(email);
  put("before-account", before.account_state); put("before-reset", before.credential_reset_required);
  const sent = await trigger("credential-compromise", email, push.stream_id);
  const actions = (await processed(sent.deliveries[0].jti)).actions;
  const after = await state(email);
  put("after-account", after.account_state); put("after-reset", after.credential_reset_required);
  put("action", actions.map((a) => `${a.action}${a.detail ? " " + JSON.stringify(a.detail) : ""}`)
    .join("; ") || "none");
}

async function poll(stream, body) {
  return api("POST", new URL(stream.delivery.endpoint_url).pathname, body);
}

async function drain(stream) {  // start from an empty queue so the counts are this run's
  let answer = await poll(stream, { maxEvents: 100, returnImmediately: true });
  while (Object.keys(answer.sets).length) {
    answer = await poll(stream, { ack: Object.keys(answer.sets), maxEvents: 100, returnImmediately: true });
  }
}

async function compareDemo() {
  const { put } = panel("demo-compare");
  const push = await ensureStream("push");
  const polled = await ensureStream("poll");
  await drain(polled);
  const email = "carol@example.com";
  const t0 = performance.now();
  const pushJtis = [], pollJtis = [];
  for (let i = 0; i < 3; i++) {
    const sent = await trigger("device-compliance-change", email);
    for (const d of sent.deliveries) {
      if (d.stream_id === push.stream_id) pushJtis.push(d.jti);
      if (d.stream_id === polled.stream_id) pollJtis.push(d.jti);
    }
    if (i === 0) {  // the receiver has the first SET once its event log shows it
      await api("GET", `/ssf/receiver/events?jti=${enc(pushJtis[0])}&wait=10`);
      put("push-latency", ms(t0));
    }
  }
  const answer = await poll(polled, { maxEvents: 10, returnImmediately: true });
  put("poll-latency", `${ms(t0)} (when the receiver polled)`);
  const got = Object.keys(answer.sets).filter((j) => pollJtis.includes(j));
  await poll(polled, { ack: Object.keys(answer.sets), maxEvents: 0, returnImmediately: true });
  let received = 0;  // push requests as the receiver logged them, each waited for
  for (const jti of pushJtis) {
    received += (await api("GET", `/ssf/receiver/events?jti=${enc(jti)}&wait=10`)).events.length;
  }
  put("push-requests", `${received} (one POST per SET)`);
  put("poll-requests", "2 (one poll, one acknowledgment)");
  put("push-batch", "1");
  put("poll-batch", `${got.length} in one response (moreAvailable ${answer.moreAvailable})`);

  for (const s of [push, polled]) await api("POST", "/ssf/status", { stream_id: s.stream_id, status: "paused" });
  const held = await trigger("device-compliance-change", email);
  const pushHeld = held.deliveries.find((d) => d.stream_id === push.stream_id);
  const pollHeld = held.deliveries.find((d) => d.stream_id === polled.stream_id);
  put("push-paused", `held: ${pushHeld.status}`);
  const whilePaused = await poll(polled, { maxEvents: 10, returnImmediately: true });
  put("poll-paused", `${Object.keys(whilePaused.sets).length} SETs returned (held)`);

  for (const s of [push, polled]) await api("POST", "/ssf/status", { stream_id: s.stream_id, status: "enabled" });
  await api("GET", `/ssf/receiver/events?jti=${enc(pushHeld.jti)}&wait=10`);
  put("push-resumed", "delivered when enabled");
  const resumed = await poll(polled, { maxEvents: 10, returnImmediately: true });
  const back = Object.keys(resumed.sets).includes(pollHeld.jti);
  await poll(polled, { ack: Object.keys(resumed.sets), maxEvents: 0, returnImmediately: true });
  put("poll-resumed", back ? "returned by the next poll" : "not returned");
  put("outcome", "done");
}

const DEMOS = { session: ["demo-session", sessionDemo], compromise: ["demo-compromise", compromiseDemo],
                compare: ["demo-compare", compareDemo] };

export async function runDemo(name) {
  const [id, run] = DEMOS[name];
  const root = document.getElementById(id);
  try {
    await run();
    root.dataset.state = "done";
  } catch (err) {
    root.dataset.state = "failed";
    root.querySelector(".outcome").textContent = `failed: ${err.message}`;
  }
  await Promise.all([refreshReceiver(), refreshStreams()]).catch(() => {});
}
