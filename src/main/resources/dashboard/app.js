// The dashboard page: a live run from Server-Sent Events, and finished runs from the JSON API.
"use strict";
const state = { runs: [], shown: null, follow: true, members: null, eventIds: [], connected: false };
window.edgetune = state; // read by the browser test

const $ = s => document.querySelector(s);
const f4 = v => v === null || v === undefined ? "" : Number(v).toFixed(4);
const f3 = v => v === null || v === undefined ? "" : Number(v).toFixed(3);
const esc = s => String(s).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

function duration(s) {
  if (!Number.isFinite(s)) return "–";
  s = Math.max(0, Math.round(s));
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
  return (h ? h + " h " : "") + (h || m ? m + " min " : "") + r + " s";
}

/**
 * Q_k(t+1) = max(Q_k(t) + E_k(t) − Ē, −C) per device, from each round's energies (EnergyQueues);
 * C is the policy's banked credit (0 for policies without credit).
 */
function queues(records, budget, credit) {
  const k = records.length ? records[0].energy_j.length : 0;
  let q = new Array(k).fill(0);
  return records.map(r => {
    q = q.map((v, i) => Math.max(v + r.energy_j[i] - budget, -credit));
    return q.slice();
  });
}

/** Everything shown about one run, live or finished. */
function renderRun(container, meta, records, summary, live) {
  const T = meta.rounds, K = meta.devices, budget = meta.energy_budget_j;
  const t = records.length;
  const last = records[t - 1];
  const wall = last ? last.wall_seconds : 0;
  const played = t - (meta.resumed_rounds || 0);
  const eta = played > 0 ? wall / played * (T - t) : NaN;
  const elapsed = summary ? summary.wall_seconds : live && meta.started_epoch_ms ? (Date.now() - meta.started_epoch_ms) / 1000 : wall;
  container.innerHTML = `
    <div class="progress">
      <strong>${esc(meta.task || meta.id || "")}</strong> — policy ${esc(meta.policy)}, seed ${esc(meta.seed)}, ${K} devices
      <div class="bar"><div style="width:${T ? 100 * t / T : 0}%"></div></div>
      <span id="progress-text">round ${t} of ${T}</span> · elapsed <span id="elapsed">${duration(elapsed)}</span>
      · ${summary ? "finished" : live ? "ETA <span id=\"eta\">" + duration(eta) + "</span>" : "not finished"}
      ${summary ? ` · final accuracy <span id="final-accuracy">${f4(summary.final_accuracy)}</span>, F1 ${f4(summary.final_f1)}` : ""}
    </div>
    <div class="grid">
      <div class="card"><h3>Test accuracy and F1</h3><div id="c-acc"></div></div>
      <div class="card"><h3>Average energy per round per device, against the budget Ē</h3><div id="c-energy"></div></div>
      <div class="card"><h3>Virtual energy queue Q_k per device (now)</h3><div id="c-queue"></div></div>
      <div class="card"><h3>Devices scheduled per round N_t</h3><div id="c-n"></div></div>
      <div class="card"><h3>Bandwidth shares of the scheduled devices per round</h3><div id="c-shares"></div></div>
      <div class="card"><h3>Faults and retries</h3><div id="c-faults"></div></div>
      <div class="card"><h3>Round latency</h3><div id="c-latency"></div>
        <p class="note">metrics.jsonl carries each round's modelled latency (the wireless model's, of the slowest scheduled device) and its wall time; the split into upload, encoder, download and aggregation is not recorded per round yet.</p></div>
    </div>
    <div class="rounds-box"><table id="rounds-table"><thead><tr><th>round</th><th>N_t</th><th>accuracy</th><th>F1</th><th>energy J</th><th>latency s</th><th>train loss</th><th>faults</th></tr></thead><tbody></tbody></table></div>`;
  const evals = records.filter(r => r.accuracy !== undefined && r.accuracy !== null);
  // Every chart over rounds spans the whole run, 1 to T, so they line up and show what is to come.
  const rounds = { xLabel: "round", xMin: 1, xMax: Math.max(T, t), integerX: true };
  Charts.line($("#c-acc"), [
    { name: "accuracy", points: evals.map(r => [r.round + 1, r.accuracy]) },
    { name: "F1", points: evals.map(r => [r.round + 1, r.f1]) }], { ...rounds, yLabel: "score", yMin: 0, yMax: 1 });
  const totals = new Array(K).fill(0);
  records.forEach(r => r.energy_j.forEach((e, k) => totals[k] += e));
  const devices = [...Array(K).keys()].map(String);
  Charts.bars($("#c-energy"), devices, [{ name: "average J per round", values: totals.map(e => t ? e / t : 0) }],
    { xLabel: "device", yLabel: "J", hline: budget !== undefined ? { y: budget, name: "budget Ē" } : null });
  const q = budget !== undefined ? queues(records, budget, meta.energy_credit_j || 0) : [];
  state.queueCheck = q.map((qs, i) => ({ round: records[i].round, mean: qs.reduce((a, b) => a + b, 0) / qs.length, max: Math.max(...qs) }));
  Charts.bars($("#c-queue"), devices, [{ name: "Q_k (J)", values: q.length ? q[q.length - 1] : [] }], { xLabel: "device", yLabel: "J" });
  Charts.line($("#c-n"), [{ name: "N_t", points: records.map(r => [r.round + 1, r.n_scheduled]) }], { ...rounds, yLabel: "devices", yMin: 0 });
  Charts.stacked($("#c-shares"), records.map(r => ({ x: r.round + 1, parts: r.scheduled.map((k, i) => ({ key: k, value: r.shares[i] })) })),
    { ...rounds, yLabel: "share of B", keyName: "device ", yMax: 1 });
  const marks = [];
  records.forEach(r => {
    (r.faults || []).forEach(f => marks.push({ x: r.round + 1, kind: f.split(/[ :(]/)[0], label: f }));
    if (r.retries) marks.push({ x: r.round + 1, kind: "retry", label: r.retries + " retries" });
    if (r.dropped && r.dropped.length) marks.push({ x: r.round + 1, kind: "dropped", label: "devices " + r.dropped.join(", ") });
  });
  Charts.timeline($("#c-faults"), marks, T);
  const wallPerRound = records.map((r, i) => [r.round + 1, r.wall_seconds - (i ? records[i - 1].wall_seconds : 0)]);
  Charts.line($("#c-latency"), [
    { name: "modelled latency (s)", points: records.map(r => [r.round + 1, r.round_latency_s]) },
    { name: "wall time (s)", points: wallPerRound }], { ...rounds, yLabel: "s", yMin: 0 });
  const rows = records.map(r => `<tr data-round="${r.round}"><td class="c-round">${r.round + 1}</td><td class="c-n">${r.n_scheduled}</td>`
    + `<td class="c-acc">${f4(r.accuracy)}</td><td class="c-f1">${f4(r.f1)}</td><td class="c-energy">${f4(r.round_energy_j)}</td>`
    + `<td class="c-latency">${f3(r.round_latency_s)}</td><td class="c-loss">${f4(r.train_loss)}</td><td>${esc((r.faults || []).join("; "))}</td></tr>`);
  container.querySelector("#rounds-table tbody").innerHTML = rows.reverse().join("");
}

// ---- live run ----------------------------------------------------------------------------------

// A replay brings many events at once: draw once per burst, not once per event.
let pending = false;
function scheduleRender() {
  if (pending) return;
  pending = true;
  setTimeout(() => { pending = false; renderLive(); }, 50);
}

function renderLive() {
  const switcher = $("#live-runs");
  switcher.innerHTML = state.runs.length > 1
    ? `<div class="runs-switch">${state.runs.map((r, i) => `<button type="button" data-run="${i}">${esc(r.meta.task)}${r.summary ? " ✓" : ""}</button>`).join("")}</div>` : "";
  switcher.querySelectorAll("button").forEach(b => b.onclick = () => { state.shown = +b.dataset.run; state.follow = state.shown === state.runs.length - 1; renderLive(); });
  const run = state.runs[state.shown];
  if (!run) { $("#live-run").innerHTML = "<p>Waiting for the run to start…</p>"; return; }
  renderRun($("#live-run"), run.meta, run.records, run.summary, true);
  if (state.members) {
    $("#members-panel").hidden = false;
    $("#members-table tbody").innerHTML = state.members.map(m => `<tr><td>${esc(m.address)}</td><td>${esc(m.roles.join(", "))}</td><td>${esc(m.status)}</td><td>${m.reachable ? "yes" : "NO"}</td></tr>`).join("");
  }
}

function connect() {
  const source = new EventSource("api/events");
  const seen = e => state.eventIds.push(Number(e.lastEventId));
  source.onopen = () => { state.connected = true; status("live"); };
  source.onerror = () => { state.connected = false; status("disconnected (the run may have ended); reconnecting…"); };
  source.addEventListener("run", e => {
    seen(e);
    const meta = JSON.parse(e.data);
    state.runs[meta.run] = { meta, records: [], summary: null };
    if (state.follow) state.shown = meta.run;
    scheduleRender();
  });
  source.addEventListener("round", e => {
    seen(e);
    const r = JSON.parse(e.data);
    state.runs[r.run].records.push(r);
    scheduleRender();
  });
  source.addEventListener("finished", e => {
    seen(e);
    const f = JSON.parse(e.data);
    state.runs[f.run].summary = f.summary;
    scheduleRender();
  });
  source.addEventListener("members", e => { seen(e); state.members = JSON.parse(e.data); scheduleRender(); });
}

// ---- finished runs -----------------------------------------------------------------------------

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

function metaOf(run) {
  const s = run.summary || {};
  return { id: run.id, task: run.id, policy: s.policy, seed: s.seed, rounds: s.rounds || run.records.length,
    devices: s.devices || (run.records[0] ? run.records[0].energy_j.length : 0), energy_budget_j: s.energy_budget_j,
    energy_credit_j: s.energy_credit_j };
}

async function loadRuns() {
  const list = await getJson("api/runs");
  $("#runs-root").textContent = list.root;
  $("#runs-table tbody").innerHTML = list.runs.map(r => {
    const s = r.summary;
    return `<tr data-id="${esc(r.id)}"><td><input type="checkbox" value="${esc(r.id)}"></td><td><a href="#" data-open="${esc(r.id)}">${esc(r.id)}</a>${r.finished ? "" : " (unfinished)"}</td>`
      + `<td>${esc(s.policy ?? "")}</td><td>${esc(s.seed ?? "")}</td><td>${esc(s.rounds ?? "")}</td><td>${f4(s.final_accuracy)}</td><td>${f4(s.final_f1)}</td>`
      + `<td>${f3(s.max_energy_ratio)}</td><td>${f3(s.mean_scheduled)}</td><td>${s.wall_seconds !== undefined ? Math.round(s.wall_seconds) : ""}</td></tr>`;
  }).join("");
  document.querySelectorAll("[data-open]").forEach(a => a.onclick = ev => { ev.preventDefault(); openRun(a.dataset.open); });
  $("#experiments-list").innerHTML = list.experiments.length
    ? list.experiments.map(x => `<li><a href="#" data-experiment="${esc(x.id)}">${esc(x.id)}</a></li>`).join("") : "<li class=\"note\">none</li>";
  document.querySelectorAll("[data-experiment]").forEach(a => a.onclick = ev => { ev.preventDefault(); openExperiment(a.dataset.experiment); });
}

async function openRun(id) {
  const run = await getJson("api/run?id=" + encodeURIComponent(id));
  const detail = $("#browse-detail");
  detail.innerHTML = `<h2>Run ${esc(id)}</h2><div id="browse-run"></div><h2>config.conf</h2><pre>${esc(run.config || "(none)")}</pre>`;
  renderRun($("#browse-run"), metaOf(run), run.records, run.summary, false);
}

async function compare(ids) {
  document.querySelectorAll("#runs-table input").forEach(box => box.checked = ids.includes(box.value));
  const runs = await Promise.all(ids.map(id => getJson("api/run?id=" + encodeURIComponent(id))));
  const detail = $("#browse-detail");
  detail.innerHTML = `<h2 id="compare-title">Comparison of ${runs.length} runs</h2>
    <table id="compare-table"><thead><tr><th>run</th><th>policy</th><th>seed</th><th>rounds</th><th>final accuracy</th><th>final F1</th><th>max energy ratio</th><th>mean N_t</th><th>rounds to 90%</th><th>mean latency s</th><th>wall s</th></tr></thead><tbody>
    ${runs.map(r => { const s = r.summary || {}; return `<tr data-id="${esc(r.id)}"><td>${esc(r.id)}</td><td>${esc(s.policy ?? "")}</td><td>${esc(s.seed ?? "")}</td><td class="c-rounds">${r.records.length}</td>`
      + `<td class="c-acc">${f4(s.final_accuracy)}</td><td class="c-f1">${f4(s.final_f1)}</td><td>${f3(s.max_energy_ratio)}</td><td>${f3(s.mean_scheduled)}</td><td>${esc(s.rounds_to_90 ?? "–")}</td>`
      + `<td>${f3(s.mean_round_latency_s)}</td><td>${s.wall_seconds !== undefined ? Math.round(s.wall_seconds) : ""}</td></tr>`; }).join("")}
    </tbody></table>
    <div class="grid" style="margin-top:1em">
      <div class="card"><h3>Test accuracy</h3><div id="cmp-acc"></div></div>
      <div class="card"><h3>F1</h3><div id="cmp-f1"></div></div>
      <div class="card"><h3>Devices scheduled per round N_t</h3><div id="cmp-n"></div></div>
      <div class="card"><h3>Largest virtual queue max Q_k</h3><div id="cmp-q"></div></div>
    </div>`;
  const evals = r => r.records.filter(x => x.accuracy !== undefined && x.accuracy !== null);
  const axis = { xLabel: "round", xMin: 1, xMax: Math.max(...runs.map(r => r.records.length)), integerX: true };
  Charts.line($("#cmp-acc"), runs.map(r => ({ name: r.id, points: evals(r).map(x => [x.round + 1, x.accuracy]) })), { ...axis, yLabel: "accuracy", yMin: 0, yMax: 1 });
  Charts.line($("#cmp-f1"), runs.map(r => ({ name: r.id, points: evals(r).map(x => [x.round + 1, x.f1]) })), { ...axis, yLabel: "F1", yMin: 0, yMax: 1 });
  Charts.line($("#cmp-n"), runs.map(r => ({ name: r.id, points: r.records.map(x => [x.round + 1, x.n_scheduled]) })), { ...axis, yLabel: "devices", yMin: 0 });
  Charts.line($("#cmp-q"), runs.map(r => ({ name: r.id, points: r.records.map(x => [x.round + 1, x.max_backlog_j]) })), { ...axis, yLabel: "J", yMin: 0 });
}

function parseCsv(text) {
  return text.trim().split("\n").map(line => {
    const cells = []; let cur = "", quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) { if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c; }
      else if (c === '"') quoted = true; else if (c === ",") { cells.push(cur); cur = ""; } else cur += c;
    }
    cells.push(cur);
    return cells;
  });
}

async function openExperiment(id) {
  const x = await getJson("api/experiment?id=" + encodeURIComponent(id));
  const file = name => `api/file?dir=${encodeURIComponent(id)}&name=${encodeURIComponent(name)}`;
  const detail = $("#browse-detail");
  detail.innerHTML = `<h2>Experiment ${esc(id)}</h2>${x.report ? `<p><a href="${file("report.html")}" target="_blank">report.html</a></p>` : ""}
    ${x.figures.map(f => `<figure><img src="${file(f)}" alt="${esc(f)}"><figcaption>${esc(f)}</figcaption></figure>`).join("")}
    <div id="experiment-tables"></div><h2>suite.conf</h2><pre>${esc(x.suite || "")}</pre>`;
  for (const t of x.tables) {
    const rows = parseCsv(await (await fetch(file(t))).text());
    const div = document.createElement("div");
    div.innerHTML = `<h3>${esc(t)}</h3><table><thead><tr>${rows[0].map(h => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>`
      + rows.slice(1).map(r => `<tr>${r.map(c => `<td>${esc(c)}</td>`).join("")}</tr>`).join("") + "</tbody></table>";
    $("#experiment-tables").appendChild(div);
  }
}

// ---- page --------------------------------------------------------------------------------------

function status(text) { $("#status").textContent = text; }

function show(view) {
  document.querySelectorAll("main > section").forEach(s => s.hidden = s.id !== view);
  document.querySelectorAll("#tabs button").forEach(b => b.classList.toggle("active", b.dataset.view === view));
}

async function start() {
  const mode = await getJson("api/mode");
  const tabs = [];
  if (mode.live) tabs.push(["live-view", "Live run"]);
  if (mode.runs) tabs.push(["runs-view", "Finished runs"]);
  $("#tabs").innerHTML = tabs.map(([v, n]) => `<button type="button" data-view="${v}">${n}</button>`).join("");
  document.querySelectorAll("#tabs button").forEach(b => b.onclick = () => show(b.dataset.view));
  show(tabs[0][0]);
  if (mode.live) {
    connect();
    setInterval(() => { const run = state.runs[state.shown]; if (run && !run.summary && state.connected) { const e = $("#elapsed"); if (e) e.textContent = duration((Date.now() - run.meta.started_epoch_ms) / 1000); } }, 1000);
  }
  if (mode.runs) {
    status("read-only");
    $("#compare-button").onclick = () => {
      const ids = [...document.querySelectorAll("#runs-table input:checked")].map(i => i.value);
      if (ids.length < 2) { alert("Tick two or more runs to compare."); return; }
      compare(ids).catch(e => status(e.message));
    };
    await loadRuns();
    // Links that open a view directly: #run=ID, #compare=ID,ID,...
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash.startsWith("run=")) { show("runs-view"); await openRun(hash.slice(4)); }
    if (hash.startsWith("compare=")) { show("runs-view"); await compare(hash.slice(8).split(",")); }
  }
}

start().catch(e => status(e.message));
