// The operator console: stats with a chart of the daily series, job runs, the challenge calendar, the hidden list
// and the audit log, all from the same origin's admin routes. No framework, nothing from elsewhere. The admin key is
// typed once per tab and kept only in sessionStorage: it is sent in the X-Admin-Key header, never put in a URL,
// never logged, and forgotten on "Sign out", on a 401, and when the tab closes.
"use strict";
(() => {
  const API = "/api/v1";
  const KEY = "breath-master-admin-key";
  const JOBS = ["leaderboards", "challenges", "retention"];
  const TYPES = ["cycles", "minutes", "deep_session", "morning_breath", "evening_flow", "streak"];
  const FIELDS = [
    ["type", "Type", "select"], ["target", "Target", "number"], ["rewardXP", "Reward XP", "number"], ["title", "Title", "input"],
    ["description", "Description", "textarea"], ["eonMessage", "Eon's words", "textarea"], ["completionMessage", "On completion", "textarea"],
  ];
  const SVG = "http://www.w3.org/2000/svg";
  const LABELS = {
    users: "users stored", "synced.day": "synced today", "synced.week": "synced in 7 days", "synced.month": "synced in 30 days",
    optedIn: "opted in to boards", circles: "circles", retired: "retired ids",
    "participants.daily": "on today's board", "participants.weekly": "on this week's board", "participants.monthly": "on this month's board",
  };
  /** The counts the chart draws, one line each (the others are in the cards above it). */
  const CHARTED = ["users", "synced.week", "synced.day", "optedIn"];
  let stats = null;
  let lastRuns = {};
  let auditCursor = null;

  const $ = (selector, root = document) => root.querySelector(selector);
  function el(tag, attrs = {}, text) {
    const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function say(name, text, state = "info") {
    const box = $(`.status[data-for="${name}"]`) || $(name);
    box.textContent = text || "";
    box.setAttribute("data-state", state);
  }
  const when = (iso) => (iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC" : "—");
  const words = (key) => key.replace(/([a-z])([A-Z0-9])/g, "$1 $2").replace(/[._-]/g, " ").toLowerCase();
  const brief = (summary) => Object.entries(summary || {}).map(([k, v]) => `${words(k)}: ${Array.isArray(v) ? v.length : typeof v === "object" && v ? "…" : v}`).join(", ");

  class Failure extends Error {
    constructor(message, status, details) {
      super(message);
      this.status = status;
      this.details = details || [];
    }
  }

  /** One admin request. A 401 signs out (the key is wrong or was rotated); errors come back as a Failure. */
  async function call(method, path, body) {
    const headers = { accept: "application/json", "x-admin-key": sessionStorage.getItem(KEY) || "" };
    if (body !== undefined) headers["content-type"] = "application/json";
    let res;
    try {
      res = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
    } catch {
      throw new Failure("The API cannot be reached right now; try again in a moment.", 0);
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (res.ok) return data;
    if (res.status === 401) {
      signOut("That admin key was not accepted (401). Check it — docs/operate.md says where it comes from — and sign in again.");
    }
    if (res.status === 429) throw new Failure(`Too many admin requests: try again in ${res.headers.get("retry-after") || "a few"} seconds.`, 429);
    const error = (data && data.error) || {};
    throw new Failure(error.message || `The server answered ${res.status}.`, res.status, error.details);
  }
  const missing = (failure) => (failure.status === 404 ? "This server does not have this part yet (404)." : failure.message);

  // ---- signing in --------------------------------------------------------------------------------------------
  function signOut(message) {
    sessionStorage.removeItem(KEY);
    $("#console").hidden = true;
    $("#signin").hidden = false;
    say("#signin-status", message || "", message ? "error" : "info");
    $("#key").value = "";
    $("#key").focus();
  }

  async function signIn(key) {
    sessionStorage.setItem(KEY, key);
    say("#signin-status", "Checking the key…");
    try {
      await loadCalendar();
    } catch (failure) {
      if (failure.status !== 401) {
        sessionStorage.removeItem(KEY);
        say("#signin-status", failure.message, "error");
      }
      return;
    }
    say("#signin-status", "");
    $("#signin").hidden = true;
    const view = $("#console");
    view.hidden = false;
    view.setAttribute("aria-busy", "true");
    $("#main").focus();
    await Promise.all([loadStats(), loadHidden(), loadAudit(true)]);
    view.setAttribute("aria-busy", "false");
  }

  // ---- stats and the chart -----------------------------------------------------------------------------------
  /** The numbers of an object, nested ones named by their path (`users.synced7d`). */
  function numbers(object, prefix = "") {
    return Object.entries(object || {}).flatMap(([key, value]) =>
      typeof value === "number" ? [[prefix + key, value]] : value && typeof value === "object" && !Array.isArray(value) ? numbers(value, `${prefix}${key}.`) : [],
    );
  }

  async function loadStats() {
    say("stats", "Loading the stats…");
    try {
      stats = await call("GET", "/admin/stats");
    } catch (failure) {
      renderJobs();
      return say("stats", missing(failure), "error");
    }
    const { jobs = {}, series = [], latest = null, participants = null } = stats;
    lastRuns = jobs;
    const list = $(".counts");
    list.textContent = "";
    for (const [name, value] of numbers({ ...latest, participants: participants || (latest && latest.participants) })) {
      const item = el("div");
      item.append(el("dt", {}, LABELS[name] || words(name)), el("dd", {}, value.toLocaleString("en-US")));
      list.append(item);
    }
    say("stats", latest ? `Counted ${when(latest.takenAt)} by the daily stats job.` : "No counts yet: the stats job has not run (Run now below).");
    renderChart(series);
    renderJobs();
  }

  /** The daily series as lines, one per count, drawn as SVG by the page (no library). */
  function renderChart(series) {
    const present = series.length ? numbers(series[series.length - 1]).map(([name]) => name) : [];
    const metrics = CHARTED.filter((name) => present.includes(name));
    $(".chart").hidden = metrics.length === 0;
    if (!metrics.length) return;
    const rows = series.map((day) => Object.fromEntries(numbers(day)));
    const top = Math.max(1, ...rows.flatMap((row) => metrics.map((m) => row[m] || 0)));
    const [w, h, left, bottom] = [640, 220, 44, 24];
    const x = (i) => left + (series.length === 1 ? 0 : (i * (w - left - 8)) / (series.length - 1));
    const y = (v) => 8 + (h - bottom - 8) * (1 - v / top);
    const svg = el("svg:svg", { viewBox: `0 0 ${w} ${h}`, role: "img", "aria-labelledby": "chart-title" });
    svg.append(el("svg:title", { id: "chart-title" }, `Daily counts over ${series.length} days, up to ${top.toLocaleString("en-US")}`));
    svg.append(el("svg:line", { class: "axis", x1: left, y1: y(0), x2: w - 8, y2: y(0) }));
    svg.append(el("svg:text", { x: left - 6, y: y(top) + 4, class: "tick", "text-anchor": "end" }, top.toLocaleString("en-US")));
    svg.append(el("svg:text", { x: left - 6, y: y(0) + 4, class: "tick", "text-anchor": "end" }, "0"));
    svg.append(el("svg:text", { x: left, y: h - 4, class: "tick" }, series[0].date || ""));
    svg.append(el("svg:text", { x: w - 8, y: h - 4, class: "tick", "text-anchor": "end" }, series[series.length - 1].date || ""));
    const legend = el("ul", { class: "legend" });
    metrics.forEach((metric, n) => {
      const points = rows.map((row, i) => `${x(i).toFixed(1)},${y(row[metric] || 0).toFixed(1)}`).join(" ");
      svg.append(el("svg:polyline", { class: `line line-${n % 6}`, points }));
      rows.forEach((row, i) => svg.append(el("svg:circle", { class: `dot line-${n % 6}`, cx: x(i).toFixed(1), cy: y(row[metric] || 0).toFixed(1), r: 3 })));
      const item = el("li", {}, `${LABELS[metric] || words(metric)}: ${(rows[rows.length - 1][metric] || 0).toLocaleString("en-US")}`);
      item.prepend(el("span", { class: `swatch line-${n % 6}`, "aria-hidden": "true" }));
      legend.append(item);
    });
    const box = $(".chart-box");
    box.textContent = "";
    box.append(svg);
    const caption = $(".chart figcaption");
    caption.textContent = `The daily series (${series[0].date} to ${series[series.length - 1].date}); latest values:`;
    caption.append(legend);
  }

  // ---- jobs --------------------------------------------------------------------------------------------------
  function renderJobs() {
    const body = $("#jobs tbody");
    body.textContent = "";
    for (const name of [...new Set([...JOBS, ...Object.keys(lastRuns)])]) {
      const run = lastRuns[name];
      const row = el("tr", { "data-job": name });
      const result = !run ? "—" : `${run.ok === false ? "failed" : "ok"}${run.ms !== undefined ? ` in ${run.ms} ms` : ""}${brief(run.summary) ? ` — ${brief(run.summary)}` : ""}`;
      row.append(el("th", { scope: "row" }, name), el("td", { class: "ran" }, when(run && run.ranAt)), el("td", { class: "result" }, result));
      const button = el("button", { type: "button", "aria-label": `Run now: ${name}` }, "Run now");
      button.addEventListener("click", () => runJob(name, button));
      const cell = el("td");
      cell.append(button);
      row.append(cell);
      body.append(row);
    }
  }

  async function runJob(name, button) {
    button.disabled = true;
    button.textContent = "Running…";
    try {
      const run = await call("POST", `/admin/jobs/${name}`);
      lastRuns = { ...lastRuns, [name]: { ...lastRuns[name], ranAt: run.ranAt, ok: true, summary: run.summary } };
      say("#notice", `${name} ran: ${brief(run.summary) || "done"}.`);
      renderJobs();
      await Promise.all([stats ? loadStats() : null, name === "challenges" ? loadCalendar() : null, loadAudit(true)]);
    } catch (failure) {
      say("#notice", `${name} did not run: ${failure.message}`, "error");
      button.disabled = false;
      button.textContent = "Run now";
    }
  }

  // ---- the challenge calendar --------------------------------------------------------------------------------
  async function loadCalendar() {
    const { days } = await call("GET", "/admin/challenges");
    const list = $(".days");
    list.textContent = "";
    for (const day of days) list.append(dayItem(day));
  }

  function dayItem(day) {
    const item = el("li", { class: "day", "data-date": day.date });
    const weekday = new Date(`${day.date}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" });
    const title = el("h3", {}, `${weekday} ${day.date} `);
    title.append(el("span", { class: `badge ${day.source}` }, day.source));
    const sets = el("ul", { class: "set" });
    for (const c of day.challenges) sets.append(el("li", {}, `${c.title} — ${c.type.replace(/_/g, " ")}, target ${c.target}, +${c.rewardXP} XP`));
    const edit = el("button", { type: "button", class: "edit" }, "Edit");
    edit.addEventListener("click", () => {
      const form = editor(day);
      item.replaceWith(form);
      $("select, input", form).focus();
    });
    item.append(title, sets, edit);
    if (day.source === "curated") {
      const revert = el("button", { type: "button", class: "revert" }, "Revert to generated");
      revert.addEventListener("click", () => revertDay(day, item));
      item.append(" ", revert);
    }
    return item;
  }

  async function revertDay(day, item) {
    if (!window.confirm(`Revert ${day.date} to the generated set? The curated texts are not kept.`)) return;
    try {
      const set = await call("DELETE", `/admin/challenges/${day.date}`);
      item.replaceWith(dayItem({ ...set, source: "generated" }));
      say("#notice", `${day.date} serves the generated set again.`);
      void loadAudit(true);
    } catch (failure) {
      say("#notice", failure.message, "error");
    }
  }

  function challengeFields(form, c, i) {
    const box = el("fieldset", { class: "challenge-fields" });
    box.append(el("legend", {}, `Challenge ${i + 1}`));
    for (const [field, label, kind] of FIELDS) {
      const id = `${form.dataset.date}-${i}-${field}`;
      const input = el(kind === "number" ? "input" : kind, { id, name: field, "data-field": field });
      if (kind === "number") Object.assign(input, { type: "number", min: 1, step: 1 });
      if (kind === "select") for (const t of TYPES) input.append(el("option", { value: t }, t.replace(/_/g, " ")));
      input.value = c[field] === undefined ? "" : c[field];
      const wrap = el("div", { class: `field ${kind}` });
      wrap.append(el("label", { for: id }, label), input, el("p", { class: "field-error", id: `${id}-error` }));
      box.append(wrap);
    }
    const remove = el("button", { type: "button", class: "remove" }, `Remove challenge ${i + 1}`);
    remove.addEventListener("click", () => (box.remove(), renumber(form)));
    box.append(remove);
    return box;
  }
  function renumber(form) {
    const list = $(".challenges", form);
    const current = readForm(form);
    list.textContent = "";
    current.forEach((c, i) => list.append(challengeFields(form, c, i)));
  }
  function readForm(form) {
    return Array.from(form.querySelectorAll(".challenge-fields"), (box) =>
      Object.fromEntries(FIELDS.map(([field, , kind]) => {
        const value = $(`[data-field="${field}"]`, box).value;
        return [field, kind === "number" ? (value === "" ? null : Number(value)) : value];
      })),
    );
  }

  function editor(day) {
    const form = $("#editor").content.firstElementChild.cloneNode(true);
    form.dataset.date = day.date;
    form.setAttribute("aria-label", `Edit the challenges of ${day.date}`);
    const item = el("li", { class: "day editing", "data-date": day.date });
    item.append(el("h3", {}, `Editing ${day.date}`), form);
    day.challenges.forEach((c, i) => $(".challenges", form).append(challengeFields(form, c, i)));
    $(".add", form).addEventListener("click", () => {
      const list = $(".challenges", form);
      list.append(challengeFields(form, { type: TYPES[0], target: 10, rewardXP: 20 }, list.children.length));
      $("input, select, textarea", list.lastElementChild).focus();
    });
    $(".cancel", form).addEventListener("click", () => {
      const back = dayItem(day);
      item.replaceWith(back);
      $(".edit", back).focus();
    });
    form.addEventListener("submit", (event) => (event.preventDefault(), saveDay(form, item)));
    return item;
  }

  /** PUT the set; a 400's details go next to their fields (`challenges.1.title`), the others above the form. */
  async function saveDay(form, item) {
    for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid"), node.removeAttribute("aria-describedby");
    for (const node of form.querySelectorAll(".field-error")) node.textContent = "";
    const formError = $(".form-error", form);
    formError.textContent = "Saving…";
    formError.setAttribute("data-state", "info");
    try {
      const set = await call("PUT", `/admin/challenges/${form.dataset.date}`, { challenges: readForm(form) });
      const saved = dayItem({ ...set, source: "curated" });
      item.replaceWith(saved);
      $(".edit", saved).focus();
      say("#notice", `Saved ${set.date}: it is served as curated from now on.`);
      void loadAudit(true);
    } catch (failure) {
      const general = [];
      for (const { path, message } of failure.details) {
        const match = /^challenges\.(\d+)\.(\w+)$/.exec(path || "");
        const input = match && form.querySelector(`[id="${form.dataset.date}-${match[1]}-${match[2]}"]`);
        if (!input) general.push(`${path}: ${message}`);
        else {
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", `${input.id}-error`);
          $(`[id="${input.id}-error"]`, form).textContent = message;
        }
      }
      formError.textContent = failure.message + (general.length ? ` ${general.join("; ")}` : "");
      formError.setAttribute("data-state", "error");
      const first = form.querySelector("[aria-invalid]");
      if (first) first.focus();
    }
  }

  // ---- hidden entries ----------------------------------------------------------------------------------------
  async function loadHidden() {
    try {
      const { hidden } = await call("GET", "/admin/hidden");
      const body = $("#hidden tbody");
      body.textContent = "";
      for (const entry of hidden) {
        const row = el("tr", { "data-id": entry.anonymousId });
        row.append(el("th", { scope: "row" }, entry.anonymousId), el("td", {}, entry.reason.replace(/-/g, " ") + (entry.note ? ` — ${entry.note}` : "")), el("td", {}, when(entry.hiddenAt)));
        const unhide = el("button", { type: "button", "aria-label": `Unhide ${entry.anonymousId}` }, "Unhide");
        unhide.addEventListener("click", () => setHidden(entry.anonymousId, null));
        const cell = el("td");
        cell.append(unhide);
        row.append(cell);
        body.append(row);
      }
      say("hidden", hidden.length ? "" : "No one is hidden.");
    } catch (failure) {
      say("hidden", missing(failure), "error");
    }
  }

  async function setHidden(anonymousId, body) {
    say("hide", body ? `Hiding ${anonymousId}…` : `Unhiding ${anonymousId}…`);
    try {
      await call(body ? "PUT" : "DELETE", `/admin/hidden/${encodeURIComponent(anonymousId)}`, body || undefined);
      say("hide", body ? `${anonymousId} is hidden from the global boards.` : `${anonymousId} is back on the boards at the next rebuild.`);
      if (body) $("#hide-form").reset();
      await Promise.all([loadHidden(), loadAudit(true)]);
    } catch (failure) {
      const details = failure.details.map((d) => `${d.path}: ${d.message}`).join("; ");
      say("hide", failure.status === 404 ? `No one called ${anonymousId} is stored (404).` : `${failure.message}${details ? ` ${details}` : ""}`, "error");
    }
  }

  // ---- the audit log -----------------------------------------------------------------------------------------
  async function loadAudit(fresh) {
    if (fresh) auditCursor = null;
    try {
      const page = await call("GET", `/admin/audit?limit=20${auditCursor ? `&before=${encodeURIComponent(auditCursor)}` : ""}`);
      const body = $("#audit tbody");
      if (fresh) body.textContent = "";
      for (const entry of page.entries) {
        const row = el("tr");
        row.append(el("td", {}, when(entry.at)), el("td", {}, entry.action), el("td", {}, entry.object || ""), el("td", {}, entry.detail || ""));
        body.append(row);
      }
      auditCursor = page.next || null;
      $("#audit-more").hidden = !auditCursor;
      say("audit", body.children.length ? "" : "Nothing yet.");
    } catch (failure) {
      say("audit", missing(failure), "error");
    }
  }

  // ---- wiring ------------------------------------------------------------------------------------------------
  $("#signin").addEventListener("submit", (event) => {
    event.preventDefault();
    const key = $("#key").value.trim();
    if (!key) return say("#signin-status", "Type the admin key first.", "error");
    void signIn(key);
  });
  $("#signout").addEventListener("click", () => signOut("Signed out: the key is forgotten in this tab."));
  $("#hide-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const anonymousId = form.anonymousId.value.trim().toLowerCase();
    if (!anonymousId) return say("hide", "Type the anonymous name shown on the board.", "error");
    void setHidden(anonymousId, { reason: form.reason.value, ...(form.note.value.trim() ? { note: form.note.value.trim() } : {}) });
  });
  $("#audit-more").addEventListener("click", () => loadAudit(false));
  if (sessionStorage.getItem(KEY)) void signIn(sessionStorage.getItem(KEY));
  else $("#key").focus();
})();
