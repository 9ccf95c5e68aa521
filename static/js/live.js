// Live screens (kitchen board, customer order page): connection state, reconnect after any
// close, sequence numbers (resync on a missed frame), ticking ticket ages, and the new-order alert.
// The server resyncs a socket on connect.
(function () {
  "use strict";
  const AUTO_RETRY_CODES = [1006, 1011, 1012, 1013]; // htmx's ws extension retries these itself
  // The server closes with these when this page may not listen (any more): retrying would not help.
  const NO_RETRY = {
    4401: "You are signed out. Sign in again for live updates.", // live.consumers.SIGNED_OUT
    4403: "Live updates are not available here. Please sign in again.", // live.consumers.FORBIDDEN
  };
  let failures = 0;

  function setStatus(state, text) {
    // A staff board that is not live takes no taps: nothing is sent into the void, and the
    // indicator says why. Back live, the server's resync brings the board up to date first.
    const paused = state === "offline" || state === "refused";
    document.querySelectorAll("[data-live-actions]").forEach((board) => { board.inert = paused; });
    document.body.classList.toggle("is-offline", paused);
    const el = document.getElementById("live-status");
    if (!el) return;
    el.dataset.state = state;
    el.textContent = paused && document.querySelector("[data-live-actions]")
      ? `${text} Buttons are paused until the screen is back.` : text;
  }

  document.addEventListener("htmx:wsConnecting", () => {
    // Still offline until the socket opens (and resyncs).
    if (failures) setStatus("offline", "Offline — reconnecting…");
    else setStatus("connecting", "Connecting…");
  });
  document.addEventListener("htmx:wsOpen", () => {
    failures = 0;
    setStatus("live", "Live");
  });
  document.addEventListener("htmx:wsClose", (event) => {
    const code = event.detail.event.code;
    if (code in NO_RETRY) {
      setStatus("refused", NO_RETRY[code]);
      return;
    }
    failures += 1;
    setStatus("offline", "Offline — reconnecting…");
    if (!AUTO_RETRY_CODES.includes(code)) {
      // A normal close (server restart, idle timeout) is not retried by the extension: do it here.
      const delay = Math.min(500 * 2 ** Math.min(failures, 6), 20000) * (0.5 + Math.random() / 2);
      setTimeout(() => event.detail.socketWrapper.reconnect(), delay);
    }
  });

  // --- sequence numbers: notice a missed frame and resync on the same socket ---------------
  // Every frame starts with <span id="live-seq" data-stream data-seq data-kind> (live/broadcast.py).
  // update: applied when newer than the last seen, dropped when not; a gap (or an unnumbered
  // frame) asks for a resync. resync: the whole fragment, its number becomes the last seen.
  // heartbeat: only the number; ahead of the last seen means a frame was missed. No frame for
  // three heartbeats: the socket is stale, ask for a resync.
  const lastSeq = {};      // stream -> last number applied
  let heartbeatMs = 0;     // from the server's frames; 0: no heartbeat, no stale check
  let lastFrameAt = Date.now();
  let currentSocket = null;

  function ensureMarkerTarget() {
    // The marker is swapped out of band by id like every top-level element: give it a target.
    if (document.body && !document.getElementById("live-seq")) {
      const target = document.createElement("span");
      target.id = "live-seq";
      target.hidden = true;
      document.body.appendChild(target);
    }
  }
  ensureMarkerTarget();
  document.addEventListener("DOMContentLoaded", ensureMarkerTarget);

  function readMarker(message) {
    const match = /^\s*<span id="live-seq"([^>]*)>/.exec(message);
    if (!match) return null;
    const attr = (name) => {
      const found = new RegExp(`data-${name}="([^"]*)"`).exec(match[1]);
      return found ? found[1] : null;
    };
    const seq = attr("seq");
    return { stream: attr("stream"), kind: attr("kind"), seq: seq === null ? null : Number(seq),
             heartbeat: Number(attr("heartbeat") || 0) };
  }

  function requestResync(why) {
    if (!currentSocket) return;
    document.documentElement.dataset.liveResyncs = String(Number(document.documentElement.dataset.liveResyncs || 0) + 1);
    document.documentElement.dataset.liveLastResync = why;
    currentSocket.send(JSON.stringify({ resync: true }));
  }

  document.addEventListener("htmx:wsOpen", (event) => {
    currentSocket = event.detail.socketWrapper;
    lastFrameAt = Date.now();
  });
  document.addEventListener("htmx:wsClose", () => { currentSocket = null; });

  document.addEventListener("htmx:wsBeforeMessage", (event) => {
    currentSocket = event.detail.socketWrapper;
    lastFrameAt = Date.now();
    const mark = readMarker(event.detail.message);
    if (!mark || !mark.stream) return; // an unmarked frame: apply it as it is
    if (mark.heartbeat) heartbeatMs = mark.heartbeat * 1000;
    const last = lastSeq[mark.stream];
    if (mark.kind === "resync") {
      if (mark.seq !== null) lastSeq[mark.stream] = mark.seq;
      return;
    }
    if (mark.kind === "heartbeat") {
      event.preventDefault(); // nothing to show
      if (mark.seq !== null && (last === undefined || mark.seq > last)) requestResync("heartbeat");
      return;
    }
    if (mark.seq === null) { requestResync("unnumbered"); return; }
    if (last !== undefined && mark.seq <= last) { event.preventDefault(); return; } // old news
    lastSeq[mark.stream] = mark.seq;
    if (last === undefined || mark.seq > last + 1) requestResync("gap"); // apply this one, then catch up
  });

  setInterval(() => {
    if (!heartbeatMs || !currentSocket) return;
    if (Date.now() - lastFrameAt < 3 * heartbeatMs) return;
    lastFrameAt = Date.now();
    requestResync("stale"); // a socket that is really gone ends in wsClose, which reconnects
  }, 1000);

  // --- kitchen: ages, colours, alerts ---------------------------------------------------
  const board = () => document.getElementById("kitchen-board");
  let clockOffset = 0; // server time minus browser time, from the board's data-server-now
  let knownNewTickets = null;
  let knownNewCount = null;
  let audio = null;
  // Mute and volume are remembered by this screen (its browser's storage), across reloads.
  const soundWanted = () => localStorage.getItem("kitchen-sound") !== "off";
  const soundVolume = () => {
    const stored = parseInt(localStorage.getItem("kitchen-volume"), 10);
    return Number.isNaN(stored) ? 60 : Math.min(100, Math.max(0, stored));
  };

  function syncClock() {
    const el = document.querySelector("[data-server-now]");
    if (el) clockOffset = Date.parse(el.dataset.serverNow) - Date.now();
  }

  function formatAge(ms) {
    const minutes = Math.floor(ms / 60000);
    const seconds = Math.floor((ms % 60000) / 1000);
    if (minutes >= 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
    return `${minutes}:${String(seconds).padStart(2, "0")}`;
  }

  function tick() {
    const now = Date.now() + clockOffset;
    document.querySelectorAll("[data-since]").forEach((age) => {
      age.textContent = formatAge(Math.max(0, now - Date.parse(age.dataset.since)));
    });
    document.querySelectorAll(".ticket[data-placed-at]").forEach((ticket) => {
      const due = Date.parse(ticket.dataset.dueAt);
      if (ticket.classList.contains("ticket-ready")) return;
      // Against the promise made at checkout (never reset by starting to cook); the query says
      // from when a ticket is a warning (settings: TICKET_WARNING_MINUTES before the promise).
      const warnAt = Date.parse(ticket.dataset.warnAt);
      ticket.classList.toggle("age-warn", now >= warnAt && now < due);
      ticket.classList.toggle("age-late", now >= due);
    });
  }

  function beep() {
    if (!soundWanted()) return;
    try {
      audio = audio || new AudioContext();
      [880, 1320].forEach((frequency, i) => {
        const start = audio.currentTime + i * 0.18;
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(Math.max(0.001, 0.5 * soundVolume() / 100), start);
        gain.gain.exponentialRampToValueAtTime(0.001, start + 0.3);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(start);
        oscillator.stop(start + 0.3);
      });
    } catch (error) { /* no audio device: the highlight still shows */ }
  }

  // New orders are told by New's exact count going up (#count-new), not by tickets appearing:
  // the column shows only its oldest screenful, so a ticket can come into view without being new.
  function newCount() {
    const pill = document.getElementById("count-new");
    const value = pill ? parseInt(pill.textContent, 10) : NaN;
    return Number.isNaN(value) ? null : value;
  }

  // The all-day strip re-reads itself after board changes, at most once every 2 s.
  let allDayTimer = null;
  function refreshAllDay() {
    if (allDayTimer || !document.getElementById("all-day-slot")) return;
    allDayTimer = setTimeout(() => {
      allDayTimer = null;
      document.body.dispatchEvent(new Event("all-day-refresh"));
    }, 2000);
  }
  document.addEventListener("htmx:wsAfterMessage", refreshAllDay);

  function alertNewTickets() {
    const count = newCount();
    const current = new Set(
      Array.from(document.querySelectorAll("#column-new .ticket"), (t) => t.dataset.ticket),
    );
    if (knownNewTickets !== null && count !== null && knownNewCount !== null && count > knownNewCount) {
      // Highlight what appeared, at most as many as arrived (the newest: the highest numbers).
      const appeared = Array.from(current).filter((number) => !knownNewTickets.has(number))
        .sort((a, b) => Number(b) - Number(a)).slice(0, count - knownNewCount);
      appeared.forEach((number) => {
        const ticket = document.getElementById(`ticket-${number}`);
        ticket.classList.add("is-new");
        setTimeout(() => ticket.isConnected && ticket.classList.remove("is-new"), 15000);
      });
      beep();
    }
    knownNewTickets = current;
    knownNewCount = count;
  }

  function updateSoundButton() {
    const button = document.getElementById("sound-toggle");
    if (!button) return;
    button.setAttribute("aria-pressed", String(soundWanted()));
    button.textContent = soundWanted() ? "Sound: on" : "Sound: muted";
  }

  // --- delivery: each driver acts only on their own deliveries (the server checks it too) ---
  function markOthersDeliveries() {
    const page = document.querySelector("[data-delivery-board]");
    if (!page) return;
    document.querySelectorAll(".delivery-ticket[data-driver]").forEach((ticket) => {
      const driver = ticket.dataset.driver;
      ticket.classList.toggle("not-mine", Boolean(driver) && driver !== page.dataset.me);
      ticket.classList.toggle("is-mine", Boolean(driver) && driver === page.dataset.me); // shown first (CSS order)
    });
  }
  document.addEventListener("DOMContentLoaded", markOthersDeliveries);
  document.addEventListener("htmx:afterSettle", markOthersDeliveries);
  document.addEventListener("htmx:wsAfterMessage", markOthersDeliveries);

  document.addEventListener("DOMContentLoaded", () => {
    if (!document.querySelector("[data-server-now]")) return;
    syncClock();
    tick();
    setInterval(tick, 1000);
    document.body.addEventListener("htmx:wsAfterMessage", () => { syncClock(); tick(); });
    if (!board()) return;
    alertNewTickets();
    updateSoundButton();
    const volume = document.getElementById("sound-volume");
    if (volume) {
      volume.value = String(soundVolume());
      volume.addEventListener("change", () => {
        localStorage.setItem("kitchen-volume", volume.value);
        beep(); // let the cook hear the new level
      });
    }
    document.getElementById("sound-toggle").addEventListener("click", () => {
      localStorage.setItem("kitchen-sound", soundWanted() ? "off" : "on");
      audio = audio || new AudioContext(); // a tap unlocks audio in browsers that need a gesture
      updateSoundButton();
    });
    // Any board swap (socket message or an action's response) re-runs the checks.
    document.body.addEventListener("htmx:afterSettle", () => { syncClock(); alertNewTickets(); tick(); });
    document.body.addEventListener("htmx:wsAfterMessage", alertNewTickets);
  });
})();
