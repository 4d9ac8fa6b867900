// The waiting-room board: one server-sent events stream for the doctors in the address (/board/D1,D2), drawn as it
// changes. The browser reconnects by itself after a dropped connection; when the stream is refused, the board asks
// the server why and either waits and tries again (server down) or says that its link no longer works.
"use strict";

const doctors = decodeURIComponent(location.pathname.split("/")[2] || "");
const query = "doctors=" + encodeURIComponent(doctors);
const area = document.getElementById("doctors");
const status = document.getElementById("status");
let source = null;
let retry = 1000;
let offsetMinutes = null;

function text(tag, className, value) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (value !== undefined) element.textContent = value;
  return element;
}

function render(board) {
  offsetMinutes = board.utcOffsetMinutes;
  tick();
  const sections = board.doctors.map((doctor) => {
    const section = text("section", "doctor");
    section.setAttribute("aria-labelledby", "doctor-" + doctor.doctorId);
    const heading = text("h2", null, doctor.doctorName);
    heading.id = "doctor-" + doctor.doctorId;
    section.append(heading);
    const delay = doctor.delayMinutes > 0
      ? text("p", "delay late", "Running " + doctor.delayMinutes + " min late")
      : text("p", "delay on-time", "On time");
    section.append(delay);

    const serving = text("div", "serving");
    serving.setAttribute("aria-live", "assertive");
    serving.append(text("h3", null, "Now serving"));
    if (doctor.nowServing.length === 0) {
      serving.append(text("span", "token", "\u2014"));
    }
    for (const token of doctor.nowServing) {
      const line = text("p", "now");
      line.append(text("span", "token", shortNumber(token.tokenNumber)), text("span", "initials", token.patientInitials));
      serving.append(line);
    }
    section.append(serving);

    const next = text("div", "next");
    next.append(text("h3", null, "Next (" + doctor.waiting + " waiting)"));
    const list = text("ol");
    list.setAttribute("aria-live", "polite");
    for (const token of doctor.next) {
      const item = text("li");
      item.append(
        text("span", "who", shortNumber(token.tokenNumber) + " " + token.patientInitials),
        text("span", "away", token.checkedIn ? "" : "not here yet"),
        text("span", "time", token.estimatedTime || ""),
      );
      list.append(item);
    }
    next.append(list);
    section.append(next);
    return section;
  });
  area.replaceChildren(...sections);
  area.setAttribute("aria-busy", "false");
}

// DOCD1-20261121-0017 is read out as "D1-17".
function shortNumber(number) {
  const parts = number.split("-");
  return parts.length === 3 ? parts[0].replace(/^DOC/, "") + "-" + String(Number(parts[2])) : number;
}

function notice(message, error) {
  area.replaceChildren(text("p", error ? "notice error" : "notice", message));
}

function connect() {
  source = new EventSource("/api/v1/board/stream?" + query);
  source.addEventListener("board", (event) => {
    retry = 1000;
    render(JSON.parse(event.data));
    status.textContent = "Live";
    document.body.dataset.state = "live";
  });
  source.onopen = () => {
    status.textContent = "Live";
    document.body.dataset.state = "live";
  };
  source.onerror = () => {
    status.textContent = "Reconnecting\u2026";
    document.body.dataset.state = "reconnecting";
    if (source.readyState === EventSource.CLOSED) {
      source.close();
      setTimeout(check, retry);
      retry = Math.min(retry * 2, 30000);
    }
  };
}

// The stream was refused: a link that no longer works stops here, anything else is tried again.
async function check() {
  try {
    const response = await fetch("/api/v1/board?" + query, { credentials: "same-origin", cache: "no-store" });
    if (response.status === 401 || response.status === 403) {
      document.body.dataset.state = "revoked";
      status.textContent = "Not connected";
      notice("This board link no longer works. Ask the front desk for a new one.", true);
      return;
    }
    if (response.status === 404 || response.status === 400) {
      document.body.dataset.state = "unknown";
      notice("This board names a doctor the hospital does not know.", true);
      return;
    }
  } catch {
    // The server is unreachable: try again below.
  }
  connect();
}

// The hospital's time (from the server's offset), in the same 24-hour form as the estimates.
function tick() {
  if (offsetMinutes === null) return;
  const local = new Date(Date.now() + offsetMinutes * 60000);
  document.getElementById("clock").textContent = local.toISOString().substring(11, 16);
}

tick();
setInterval(tick, 10000);
area.setAttribute("aria-busy", "true");
// After the page's load event: a stream opened while the page loads would keep it "loading" for ever.
if (document.readyState === "complete") connect();
else window.addEventListener("load", connect, { once: true });
