// The console's page: every value shown is set as text (textContent), never parsed as HTML, so a
// payload or header holding markup renders as the characters it is. State-changing calls carry
// the session's CSRF token; every error shown is the server's problem detail.
"use strict";
(function () {
  const $ = id => document.getElementById(id);
  let csrfToken = null;
  let parkedOffset = 0;
  let parkedFilter = {};
  let plannedSelection = null;
  let jobTimer = null;
  const PAGE = 50;

  function text(parent, tag, value, className) {
    const element = document.createElement(tag);
    element.textContent = value === undefined || value === null ? "" : String(value);
    if (className) element.className = className;
    parent.appendChild(element);
    return element;
  }

  function row(tbody, cells) {
    const tr = document.createElement("tr");
    cells.forEach(cell => text(tr, "td", cell));
    tbody.appendChild(tr);
    return tr;
  }

  function clear(tbody) {
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
  }

  async function call(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
    const answer = response.status === 204 ? {} : await response.json();
    if (!response.ok) {
      if (response.status === 401) showSignIn();
      const error = new Error(answer.detail || ("HTTP " + response.status));
      error.status = response.status;
      throw error;
    }
    return answer;
  }

  function failed(error, where) {
    (where || $("error")).textContent = error.message;
  }

  function showSignIn() {
    $("app").hidden = true;
    $("sign-in").hidden = false;
    $("sign-out").hidden = true;
    $("who").textContent = "";
  }

  function showApp(session) {
    csrfToken = session.csrfToken || null;
    $("sign-in").hidden = true;
    $("app").hidden = false;
    $("sign-out").hidden = !session.signInRequired;
    $("who").textContent = "signed in as " + session.user + "; dedup window " + session.dedupWindowHours + " h";
    refreshOverview();
    loadParked();
    loadUnrouted();
    loadAudit();
  }

  async function start() {
    const session = await call("GET", "/api/session");
    if (session.user) showApp(session); else showSignIn();
  }

  $("sign-in").addEventListener("submit", async event => {
    event.preventDefault();
    const form = new FormData(event.target);
    try {
      const session = await call("POST", "/api/session", { name: form.get("name"), password: form.get("password") });
      $("sign-in-error").textContent = "";
      showApp({ ...session, signInRequired: true, dedupWindowHours: (await call("GET", "/api/session")).dedupWindowHours });
    } catch (error) {
      failed(error, $("sign-in-error"));
    }
  });

  $("sign-out").addEventListener("click", async () => {
    await call("POST", "/api/session/end");
    csrfToken = null;
    showSignIn();
  });

  // Overview, refreshed every 2 s; a source that failed keeps its last values, marked stale.
  let chart = null;
  async function refreshOverview() {
    try {
      const overview = await call("GET", "/api/overview");
      $("error").textContent = "";
      $("overview-at").textContent = "as of " + overview.at;
      renderRelay(overview.relay);
      renderServices(overview.services);
      renderQueues(overview.queues);
      renderChart(overview.history);
    } catch (error) {
      failed(error);
    }
    if (!$("app").hidden) setTimeout(refreshOverview, 2000);
  }

  function staleNote(reading, element) {
    element.textContent = reading.error
      ? "STALE: " + reading.error + (reading.at ? " (last read " + reading.at + ")" : " (never read)")
      : "";
  }

  function renderRelay(reading) {
    staleNote(reading, $("relay-stale"));
    const tbody = $("relay").tBodies[0];
    clear(tbody);
    const relay = reading.value;
    if (!relay) return;
    row(tbody, ["relay", relay.relayName]);
    row(tbody, ["lease", relay.lease]);
    row(tbody, ["server binlog", relay.serverPosition]);
    row(tbody, ["stored position", relay.storedPosition]);
    row(tbody, ["lag", relay.lag]);
  }

  function renderServices(services) {
    const tbody = $("services").tBodies[0];
    clear(tbody);
    services.forEach(service => {
      const tr = row(tbody, [service.name, service.status === 200 ? "ready" : service.status === 0 ? "no answer" : "not ready: " + service.state, service.reason]);
      tr.children[1].className = service.status === 200 ? "up" : "down";
    });
  }

  function renderQueues(reading) {
    staleNote(reading, $("queues-stale"));
    const tbody = $("queues").tBodies[0];
    clear(tbody);
    (reading.value || []).forEach(queue => {
      const tr = row(tbody, [queue.queue, queue.depth === null || queue.depth === undefined ? "(not declared)" : queue.depth, queue.perSecond.toFixed(1)]);
      tr.children[1].className = tr.children[2].className = "num";
    });
  }

  function renderChart(history) {
    const names = Object.keys(history.depths);
    if (history.seconds.length < 2 || typeof uPlot === "undefined") return;
    const data = [history.seconds].concat(names.map(name => history.depths[name]));
    if (chart && chart.series.length === names.length + 1) {
      chart.setData(data);
      return;
    }
    if (chart) chart.destroy();
    chart = new uPlot({
      title: "Ready messages per queue, last minutes",
      width: Math.min(document.body.clientWidth - 40, 1000),
      height: 240,
      series: [{}].concat(names.map((name, i) => ({ label: name, stroke: ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"][i % 7] }))),
    }, data, $("depths"));
  }

  // Parked messages: filtered, paged; a click shows one message; requeue after a dry run.
  $("parked-filter").addEventListener("submit", event => {
    event.preventDefault();
    const form = new FormData(event.target);
    parkedFilter = {};
    ["type", "error", "aggregate", "olderThanMinutes"].forEach(name => {
      const value = String(form.get(name) || "").trim();
      if (value) parkedFilter[name] = value;
    });
    parkedOffset = 0;
    loadParked();
  });
  $("parked-prev").addEventListener("click", () => { parkedOffset = Math.max(0, parkedOffset - PAGE); loadParked(); });
  $("parked-next").addEventListener("click", () => { parkedOffset += PAGE; loadParked(); });

  async function loadParked() {
    const query = new URLSearchParams({ ...parkedFilter, offset: parkedOffset, limit: PAGE });
    try {
      const listing = await call("GET", "/api/parked?" + query);
      $("parked-summary").textContent = listing.depth + " parked, " + listing.matched + " matching; showing "
        + (listing.page.length ? (parkedOffset + 1) + "-" + (parkedOffset + listing.page.length) : "none");
      const tbody = $("parked-list").tBodies[0];
      clear(tbody);
      listing.page.forEach(message => {
        const tr = document.createElement("tr");
        tr.className = "clickable";
        const select = document.createElement("td");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.value = message.id;
        box.addEventListener("click", event => event.stopPropagation());
        select.appendChild(box);
        tr.appendChild(select);
        [message.id, message.type, message.aggregateId, message.createdAt, message.attempt, message.lastError]
          .forEach(cell => text(tr, "td", cell));
        tr.addEventListener("click", () => showParked(message.id));
        tbody.appendChild(tr);
      });
      $("parked-next").disabled = parkedOffset + listing.page.length >= listing.matched;
      $("parked-prev").disabled = parkedOffset === 0;
    } catch (error) {
      failed(error);
    }
  }

  async function showParked(id) {
    try {
      const message = await call("GET", "/api/parked/" + encodeURIComponent(id));
      $("parked-detail").hidden = false;
      $("detail-id").textContent = message.id;
      const tbody = $("detail-headers").tBodies[0];
      clear(tbody);
      row(tbody, ["type", message.type]);
      row(tbody, ["routed as", message.routingKey]);
      Object.keys(message.headers).forEach(name => row(tbody, [name, message.headers[name]]));
      $("detail-body").textContent = message.body;
    } catch (error) {
      failed(error);
    }
  }

  function selectedIds() {
    return Array.from($("parked-list").querySelectorAll("input[type=checkbox]:checked")).map(box => box.value);
  }

  async function planRequeue(selection) {
    plannedSelection = selection;
    try {
      const plan = await call("POST", "/api/parked/requeue", { ...selection, dryRun: true });
      $("requeue-plan").hidden = false;
      $("plan-summary").textContent = "Would requeue " + plan.matched + " message(s): " + plan.ids.join(", ");
      $("plan-refusal").textContent = plan.refused ? "Refused: " + plan.refusal : "";
      $("plan-force-label").hidden = !plan.refused;
      $("plan-force").checked = false;
      $("requeue-run").disabled = plan.matched === 0;
    } catch (error) {
      failed(error);
    }
  }

  $("requeue-plan-selected").addEventListener("click", () => {
    const ids = selectedIds();
    if (ids.length === 0) { $("error").textContent = "Select messages first"; return; }
    planRequeue({ ids });
  });
  $("requeue-plan-filter").addEventListener("click", () => {
    const filter = { ...parkedFilter };
    if (filter.olderThanMinutes) filter.olderThanMinutes = Number(filter.olderThanMinutes);
    planRequeue({ filter });
  });

  $("requeue-run").addEventListener("click", async () => {
    if (!plannedSelection) return;
    try {
      const job = await call("POST", "/api/parked/requeue", { ...plannedSelection, dryRun: false, force: $("plan-force").checked });
      $("requeue-plan").hidden = true;
      followJob(job.id);
    } catch (error) {
      failed(error);
    }
  });

  function followJob(id) {
    $("requeue-job").hidden = false;
    clearTimeout(jobTimer);
    const poll = async () => {
      try {
        const job = await call("GET", "/api/jobs/" + id);
        $("job-summary").textContent = "Requeue #" + job.id + " (" + job.selection + "): " + job.state + "; moved "
          + job.moved + " of " + job.matched + " matching" + (job.detail ? "; " + job.detail : "");
        $("job-stop").disabled = job.state !== "running";
        if (job.state === "running") {
          jobTimer = setTimeout(poll, 500);
        } else {
          loadParked();
          loadAudit();
        }
      } catch (error) {
        failed(error);
      }
    };
    $("job-stop").onclick = () => call("POST", "/api/jobs/" + id + "/stop").catch(failed);
    poll();
  }

  // Unrouted events.
  async function loadUnrouted() {
    try {
      const listing = await call("GET", "/api/unrouted?limit=100");
      $("unrouted-summary").textContent = listing.depth + " unrouted";
      const tbody = $("unrouted-list").tBodies[0];
      clear(tbody);
      listing.first.forEach(event => row(tbody, [event.id, event.type, event.routingKey]));
    } catch (error) {
      failed(error);
    }
  }

  async function requeueUnrouted(dryRun) {
    const type = new FormData($("unrouted-form")).get("type");
    try {
      const done = await call("POST", "/api/unrouted/requeue", { type, dryRun });
      const unroutable = Object.keys(done.stillUnroutable);
      $("unrouted-result").textContent = (dryRun ? "Would publish " : "Published ") + Object.values(done.published).reduce((a, b) => a + b, 0)
        + " of " + done.depth + (unroutable.length ? "; still unroutable (bind a queue first): " + unroutable.join(", ") : "");
      loadUnrouted();
      loadAudit();
    } catch (error) {
      failed(error);
    }
  }
  $("unrouted-plan").addEventListener("click", () => requeueUnrouted(true));
  $("unrouted-run").addEventListener("click", () => requeueUnrouted(false));

  // Republish by outbox ids or a time range.
  function republishRequest(dryRun) {
    const form = new FormData($("republish-form"));
    const ids = String(form.get("ids") || "").split(/\s+/).filter(id => id);
    const request = { dryRun, force: $("republish-force").checked };
    if (ids.length) request.ids = ids;
    else { request.from = form.get("from") || null; request.to = form.get("to") || null; request.type = form.get("type") || null; }
    return request;
  }

  async function republish(dryRun) {
    try {
      const done = await call("POST", "/api/republish", republishRequest(dryRun));
      $("republish-result").textContent = (dryRun ? "Would republish " + done.matched : "Republished " + done.published)
        + " outbox row(s)" + (done.missing.length ? "; not in the outbox: " + done.missing.join(", ") : "");
      $("republish-refusal").textContent = done.refused ? "Refused: " + done.refusal : "";
      $("republish-force-label").hidden = !(done.refused || $("republish-force").checked);
      loadAudit();
    } catch (error) {
      $("republish-refusal").textContent = error.message;
      if (error.status === 409) $("republish-force-label").hidden = false;
    }
  }
  $("republish-plan").addEventListener("click", () => republish(true));
  $("republish-run").addEventListener("click", () => republish(false));

  // The audit log.
  async function loadAudit() {
    try {
      const entries = await call("GET", "/api/audit?limit=100");
      const tbody = $("audit-list").tBodies[0];
      clear(tbody);
      entries.forEach(entry => row(tbody, [entry.id, entry.startedAt, entry.operator, entry.via, entry.action, entry.selection,
        entry.forced ? "forced" : "", entry.outcome, entry.matched, entry.moved, entry.detail]));
    } catch (error) {
      failed(error);
    }
  }

  start().catch(failed);
})();
