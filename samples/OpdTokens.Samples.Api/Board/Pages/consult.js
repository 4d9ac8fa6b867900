// The consulting room of one doctor (/consult/D1) for the clinician role: call the next patient, complete the
// consultation, mark a patient who never came as a no-show. Requests carry the clinician's API key, kept for this
// browser tab only (sessionStorage); the page refreshes every few seconds and after every action.
"use strict";

const doctor = decodeURIComponent(location.pathname.split("/")[2] || "");
const $ = (id) => document.getElementById(id);
let current = null;

function key() {
  return sessionStorage.getItem("opd-clinician-key");
}

function say(text, error) {
  $("message").textContent = text;
  $("message").className = error ? "error" : "";
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: Object.assign({ "X-Api-Key": key() }, body ? { "Content-Type": "application/json" } : {}),
    body: body ? JSON.stringify(body) : undefined,
    cache: "no-store",
  });
  if (response.status === 401 || response.status === 403) {
    sessionStorage.removeItem("opd-clinician-key");
    showLogin();
    throw new Error("This key may not use the consulting room.");
  }
  const json = response.status === 204 ? null : await response.json();
  if (!response.ok) {
    throw new Error(json && json.detail ? json.detail : "The request failed (" + response.status + ").");
  }
  return json;
}

function time(instant) {
  return instant ? instant.substring(11, 16) : "";
}

function cell(row, value) {
  const td = document.createElement("td");
  td.textContent = value;
  row.append(td);
  return td;
}

async function refresh() {
  if (!key()) return;
  try {
    const tokens = await api("GET", "/api/v1/tokens?doctorId=" + encodeURIComponent(doctor));
    current = tokens.find((t) => t.status === "consulting") || null;
    $("current").textContent = current ? current.tokenNumber + " \u2014 " + current.patientName : "Nobody";
    $("complete").disabled = !current;
    $("call-next").disabled = !!current;
    const waiting = tokens
      .filter((t) => t.status === "checked_in")
      .sort((a, b) => (a.estimatedStart || "").localeCompare(b.estimatedStart || "") || a.queuePosition - b.queuePosition);
    const rows = waiting.map((t) => {
      const row = document.createElement("tr");
      cell(row, t.tokenNumber);
      cell(row, t.patientName);
      cell(row, t.slotId ? t.slotId.split("-").pop() : "");
      cell(row, time(t.estimatedStart));
      return row;
    });
    $("waiting").replaceChildren(...rows);
    const away = tokens.filter((t) => t.status === "allocated").map((t) => {
      const row = document.createElement("tr");
      cell(row, t.tokenNumber);
      cell(row, t.patientName);
      cell(row, t.slotId ? t.slotId.split("-").pop() : "");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "danger";
      button.textContent = "No-show";
      button.setAttribute("aria-label", "Mark " + t.tokenNumber + " as a no-show");
      button.addEventListener("click", () => act(() => api("PATCH", "/api/v1/tokens/" + encodeURIComponent(t.id) + "/status", { status: "no_show" }), t.tokenNumber + " marked as a no-show."));
      cell(row, "").append(button);
      return row;
    });
    $("away").replaceChildren(...away);
  } catch (error) {
    say(error.message, true);
  }
}

async function act(action, done) {
  try {
    await action();
    say(done, false);
  } catch (error) {
    say(error.message, true);
  }
  await refresh();
}

function showLogin() {
  $("login").hidden = false;
  $("room").hidden = true;
}

function showRoom() {
  $("login").hidden = true;
  $("room").hidden = false;
  refresh();
}

$("doctor").textContent = doctor;
$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("opd-clinician-key", $("key").value);
  $("key").value = "";
  showRoom();
});
$("call-next").addEventListener("click", () =>
  act(async () => {
    const token = await api("POST", "/api/v1/doctors/" + encodeURIComponent(doctor) + "/call-next", {});
    say("Calling " + token.tokenNumber + ".", false);
  }, "Patient called."),
);
$("complete").addEventListener("click", () =>
  act(() => api("PATCH", "/api/v1/tokens/" + encodeURIComponent(current.id) + "/status", { status: "completed" }), "Consultation completed."),
);
if (key()) showRoom(); else showLogin();
setInterval(refresh, 5000);
