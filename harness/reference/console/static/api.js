// Calls to the sandbox (same origin) with the admin token from sessionStorage, each one shown
// as a curl line with the secrets elided ($TOKEN, $PUSH_AUTH). Nothing here ever puts the
// token in a URL, a log or the DOM.
const KEY = "ssf-console-admin-token";
export const sandbox = { info: null };

export function token() { return sessionStorage.getItem(KEY) || ""; }
export function setToken(value) {
  if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY);
}

// Build DOM from text only: every value goes through textContent, never innerHTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = String(v); else node.setAttribute(k, String(v));
  }
  for (const child of children) {
    if (child == null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function quote(s) { return "'" + String(s).replace(/'/g, "'\\''") + "'"; }

// The receiver's endpoints (forwarded by the transmitter) take the receiver's control token.
function forReceiver(path) {
  return path.startsWith("/ssf/receiver/") || path.startsWith("/ssf/security-state");
}

function curlLine(method, path, body) {
  const secret = forReceiver(path) ? "$RECEIVER_TOKEN" : "$TOKEN";
  let line = `curl -sS -X ${method} ${quote(location.origin + path)} -H 'Authorization: Bearer ${secret}'`;
  if (body !== undefined) {
    let text = JSON.stringify(body);
    const push = sandbox.info && sandbox.info.push_authorization;
    if (push) text = text.split(push).join("Bearer $PUSH_TOKEN");
    line += ` -H 'Content-Type: application/json' -d ${quote(text)}`;
  }
  return line;
}

export function logCall(method, path, body, status) {
  const list = document.getElementById("curl-list");
  const item = el("li", {}, el("code", { text: curlLine(method, path, body) }),
                  el("span", { class: "muted", text: `  → ${status}` }));
  list.prepend(item);
  while (list.children.length > 200) list.lastChild.remove();
}

export class ApiError extends Error {}

export async function api(method, path, body, { log = true } = {}) {
  const receiverToken = sandbox.info && sandbox.info.receiver_token;
  const bearer = forReceiver(path) && receiverToken ? receiverToken : token();
  const headers = { Authorization: `Bearer ${bearer}` };
  const init = { method, headers, cache: "no-store", referrerPolicy: "no-referrer" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (log) logCall(method, path, body, response.status);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  if (!response.ok) {
    const why = data && data.error_description ? data.error_description : response.statusText;
    throw new ApiError(`${method} ${path}: ${response.status} ${why}`);
  }
  return data;
}

export const PUSH = "urn:ietf:rfc:8935";
export const POLL = "urn:ietf:rfc:8936";
