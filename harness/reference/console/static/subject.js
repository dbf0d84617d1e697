// The subject of the "send event" form: the Subject Identifier formats CAEP and RISC events use
// (RFC 9493 §3, SSF 1.0 §3), built from the fields of the chosen format and checked here first so
// a person reads what is wrong before anything is sent. The transmitter checks again.
const $ = (id) => document.getElementById(id);
const value = (id) => $(id).value.trim();

const EMAIL = /^[^@\s]+@[^@\s]+$/;       // as the transmitter checks it
const E164 = /^\+[1-9]\d{1,14}$/;          // RFC 9493 §3.2.4 phone_number: E.164
const ACCT = /^acct:[^@\s]+@[^@\s]+$/;     // RFC 7565: acct:userpart@host

export class SubjectInputError extends Error {
  constructor(field, message) { super(message); this.field = field; }
}

function need(ok, field, message) { if (!ok) throw new SubjectInputError(field, message); }

function email(field) {
  const v = value(field);
  need(v, field, "Email: enter an address, e.g. alice@example.com.");
  need(EMAIL.test(v), field, `Email: "${v}" is not an address like alice@example.com.`);
  return v;
}

function opaque(field, what) {
  const v = value(field);
  need(v, field, `${what}: an identifier is required.`);
  return v;
}

const BUILD = {
  email: () => ({ format: "email", email: email("subj-email") }),
  phone_number: () => {
    const v = value("subj-phone").replace(/[\s().-]/g, "");  // people type spaces and dashes
    need(v, "subj-phone", "Phone number: enter it in E.164 form, e.g. +12065550100.");
    need(E164.test(v), "subj-phone", `Phone number: "${value("subj-phone")}" is not E.164: ` +
         "a + then the country code and number, 2 to 15 digits, e.g. +12065550100.");
    return { format: "phone_number", phone_number: v };
  },
  iss_sub: () => {
    const iss = value("subj-iss"), sub = value("subj-sub");
    need(iss, "subj-iss", "Issuer and subject: the issuer (iss) is required, e.g. https://idp.example.com/.");
    need(sub, "subj-sub", "Issuer and subject: the subject (sub) is required, e.g. 145234573.");
    return { format: "iss_sub", iss, sub };
  },
  opaque: () => ({ format: "opaque", id: opaque("subj-id", "Opaque") }),
  account: () => {
    const v = value("subj-acct");
    need(v, "subj-acct", "Account: enter an acct: URI, e.g. acct:alice@example.com.");
    need(ACCT.test(v), "subj-acct", `Account: "${v}" is not an acct: URI (RFC 7565), ` +
         "e.g. acct:alice@example.com.");
    return { format: "account", uri: v };
  },
  complex: () => {
    // CAEP's complex subjects name the user and the session or device the event is about.
    const subject = { format: "complex", user: { format: "email", email: email("subj-user") } };
    const session = value("subj-session"), device = value("subj-device");
    need(session || device, "subj-session",
         "Complex subject: give a session id, a device id, or both, beside the user.");
    if (session) subject.session = { format: "opaque", id: session };
    if (device) subject.device = { format: "opaque", id: device };
    return subject;
  },
};

export const FORMATS = Object.keys(BUILD);

// Show only the fields of the chosen format.
export function showSubjectFields() {
  const format = $("subject-format").value;
  for (const field of document.querySelectorAll("[data-subject-format]")) {
    field.hidden = !field.dataset.subjectFormat.split(" ").includes(format);
  }
}

// The subject the form describes, or a SubjectInputError naming the field and the fix.
// `allowed` (from the sandbox's action list) is the formats an event restricts its subject to.
export function readSubject(allowed = []) {
  for (const input of document.querySelectorAll("#subject-fields input")) {
    input.removeAttribute("aria-invalid");
  }
  const format = $("subject-format").value;
  need(BUILD[format], "subject-format", "Choose a subject format.");
  need(!allowed.length || allowed.includes(format), "subject-format",
       `This event takes a subject of format ${allowed.join(" or ")}, not ${format}.`);
  try {
    return BUILD[format]();
  } catch (err) {
    if (err instanceof SubjectInputError && $(err.field)) {
      $(err.field).setAttribute("aria-invalid", "true");
    }
    throw err;
  }
}
