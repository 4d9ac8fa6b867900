// Exchanges the board link's secret (after "#", so it never reaches a server log or a Referer header) for an
// HttpOnly cookie, then opens the board. The secret is removed from the address bar at once.
"use strict";

(async () => {
  const secret = location.hash.slice(1);
  history.replaceState(null, "", location.pathname);
  const message = document.getElementById("message");
  if (!secret) {
    message.textContent = "This address has no board link. Ask the front desk for one.";
    return;
  }
  try {
    const response = await fetch("/board/session", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ secret }),
    });
    if (!response.ok) {
      message.textContent = "This board link is not valid or was revoked. Ask the front desk for a new one.";
      message.className = "notice error";
      return;
    }
    const session = await response.json();
    location.replace(session.boardPath);
  } catch {
    message.textContent = "The server cannot be reached. Reload this page to try again.";
  }
})();
