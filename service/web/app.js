// The fabkit web page: a form generated from the design's parameter schema,
// a live preview, builds through the JSON API, a summary of the manifest
// and download links. Plain JavaScript, no build step.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { schema: null, build: null, previewTimer: 0, pollTimer: 0, viewer: null, dev: null, scene: null, previewAbort: null, picked: "" };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

async function getJSON(url, opts) {
  const r = await fetch(url, opts);
  const body = await r.json().catch(() => ({}));
  return { status: r.status, body };
}

function showError(err) {
  $("error").textContent = err ? (err.field ? err.field + ": " : "") + err.message : "";
  document.querySelectorAll(".field.invalid").forEach((f) => f.classList.remove("invalid"));
  document.querySelectorAll(".field .err").forEach((e) => (e.textContent = ""));
  if (err && err.field && err.field.startsWith("params.")) {
    const name = err.field.slice(7);
    const f = document.querySelector(`.field[data-name="${CSS.escape(name)}"]`);
    if (f) { f.classList.add("invalid"); f.querySelector(".err").textContent = err.message; }
  }
}

// markStale says the results shown (summary, 3D view, downloads) no
// longer match the inputs or the code, and why; a new build's results
// clear it. Results are never shown as current when they are not.
function markStale(reason) {
  if (!state.build) return; // nothing shown yet
  $("output").classList.add("stale");
  $("stale").textContent = reason;
  $("stale").classList.remove("hidden");
}

function clearStale() {
  $("output").classList.remove("stale");
  $("stale").textContent = "";
  $("stale").classList.add("hidden");
}

async function loadDesigns(prefer) {
  const [{ body: designs }, { body: shops }] = await Promise.all([getJSON("/api/designs"), getJSON("/api/shops")]);
  const sel = $("design");
  sel.replaceChildren(...designs.map((d) => el("option", { value: d.name, text: `${d.name} (v${d.version})` })));
  fillShops(shops);
  const want = new URLSearchParams(location.hash.slice(1)).get("design") || prefer;
  if (want && designs.some((d) => d.name === want)) sel.value = want;
  await loadSchema();
}

function fillShops(shops, select) {
  state.shops = shops;
  const sel = $("shop");
  sel.replaceChildren(...shops.map((s) => el("option", { value: s.id, text: `${s.name} (${s.units}, ${s.currency})${s.builtin ? "" : " — uploaded"}` })));
  const def = shops.find((s) => s.default);
  if (select) sel.value = select; else if (def) sel.value = def.id;
}

// effective returns the value a parameter has without user edits: the
// preset's when it sets one, else the default.
function effective(p) {
  const preset = state.schema.presets.find((x) => x.name === $("preset").value);
  if (preset && preset.values[p.name] !== undefined) return preset.values[p.name];
  return p.default_text;
}

// loadSchema builds the form from the design's schema. With keep (a
// reload of the same design after its code changed) the preset and the
// values the user edited stay; every other field takes the new default.
async function loadSchema(keep) {
  const name = $("design").value;
  const { status, body } = await getJSON("/api/designs/" + encodeURIComponent(name));
  if (status !== 200) { showError(body.error); return; }
  const edited = {}, preset = $("preset").value;
  if (keep && state.schema && state.schema.design === body.design) {
    for (const p of state.schema.params) {
      if ($("p-" + p.name).closest(".field").classList.contains("changed")) edited[p.name] = valueOf(p);
    }
  }
  state.schema = body;
  $("design-summary").textContent = body.summary || "";
  $("preset").replaceChildren(el("option", { value: "", text: "(defaults)" }),
    ...body.presets.map((p) => el("option", { value: p.name, text: p.name })));
  if (keep && body.presets.some((p) => p.name === preset)) $("preset").value = preset;
  const form = $("params");
  form.replaceChildren();
  const groups = new Map();
  for (const p of body.params) {
    const g = p.group || "Parameters";
    if (!groups.has(g)) { const fs = el("fieldset", {}, el("legend", { text: g })); groups.set(g, fs); form.append(fs); }
    groups.get(g).append(field(p));
  }
  resetValues();
  for (const p of body.params) {
    if (!(p.name in edited)) continue;
    const input = $("p-" + p.name);
    if (p.kind === "bool") input.checked = edited[p.name] === "true"; else input.value = edited[p.name];
    markChanged(input.closest(".field"), p);
  }
  if ($("units").value === "mm") showUnits();
}

function field(p) {
  const id = "p-" + p.name;
  let input;
  if (p.kind === "bool") {
    input = el("input", { type: "checkbox", id, name: p.name });
  } else if (p.kind === "choice") {
    input = el("select", { id, name: p.name }, ...p.choices.map((c) => el("option", { value: c, text: c })));
  } else {
    input = el("input", { type: "text", id, name: p.name, inputmode: p.kind === "count" ? "numeric" : "text", placeholder: p.default_text });
  }
  input.title = `${p.help} Range: ${p.range}`;
  const unit = p.kind === "length" ? `${p.unit} · ${p.range}` : (p.unit ? `${p.unit} · ` : "") + p.range;
  const f = el("div", { class: "field", "data-name": p.name, "data-kind": p.kind },
    el("label", { for: id, text: p.name }), input, el("span", { class: "unit", text: unit }),
    el("p", { class: "help", text: p.help }), el("p", { class: "err" }));
  input.addEventListener(p.kind === "bool" || p.kind === "choice" ? "change" : "input", () => { markChanged(f, p); inputsChanged(); });
  return f;
}

function valueOf(p) {
  const input = $("p-" + p.name);
  if (p.kind === "bool") return String(input.checked);
  if (input.dataset.shown !== undefined && input.value === input.dataset.shown) return input.dataset.exact;
  return input.value.trim();
}

function markChanged(f, p) {
  f.classList.toggle("changed", !same(p, valueOf(p), String(effective(p))));
}

// Lengths: the page shows them in the shop's units or in mm (the Units
// toggle); the service reads any unit, so a value is sent as typed.
const perUnit = { mm: 1, cm: 10, m: 1000, in: 25.4, '"': 25.4, ft: 304.8 };

// parseLen reads "12in", "3-1/2in", "1/4in", "20ft", "254mm" or a bare
// number in unit, as mm; NaN when it cannot.
function parseLen(text, unit) {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)?(?:(?:^|[- ])?(\d+)\/(\d+))?\s*(mm|cm|m|in|ft|")?\s*$/.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined)) return NaN;
  let v = m[1] !== undefined ? Number(m[1]) : 0;
  if (m[2] !== undefined) v += Number(m[2]) / Number(m[3]);
  return v * (perUnit[m[4] || unit] || NaN);
}

function fmtMM(mm) { return String(+mm.toFixed(3)) + "mm"; }

// fmtIn writes inches as a shop does: fractions to 1/16, else decimals.
function fmtIn(mm) {
  const v = mm / 25.4, n = Math.round(v * 16);
  if (Math.abs(v * 16 - n) > 1e-6) return String(+v.toFixed(4)) + "in";
  const whole = Math.floor(n / 16);
  let num = n % 16, den = 16;
  while (num && num % 2 === 0) { num /= 2; den /= 2; }
  if (!num) return whole + "in";
  return (whole ? whole + "-" : "") + num + "/" + den + "in";
}

function shopMetric() {
  const s = (state.shops || []).find((x) => x.id === $("shop").value);
  return !!s && s.units === "metric";
}

// shown writes a length for the Units toggle; other values stay.
function shown(p, text) {
  if (p.kind !== "length") return text;
  const mm = parseLen(text, p.unit);
  if (isNaN(mm)) return text;
  if ($("units").value === "mm") return fmtMM(mm);
  return shopMetric() ? fmtMM(mm) : fmtIn(mm);
}

// same reports whether two values of p are equal: lengths by value in mm.
function same(p, a, b) {
  if (p.kind === "length") {
    const x = parseLen(a, p.unit), y = parseLen(b, p.unit);
    if (!isNaN(x) && !isNaN(y)) return Math.abs(x - y) < 1e-6;
  }
  return a === b;
}

function unitText(p) {
  if (p.kind !== "length") return (p.unit ? `${p.unit} · ` : "") + p.range;
  if ($("units").value === "mm" || shopMetric()) return `mm · ${fmtMM(p.min)}..${fmtMM(p.max)}`;
  return `in · ${fmtIn(p.min)}..${fmtIn(p.max)}`;
}

// showUnits rewrites every length field in the chosen units.
function showUnits() {
  if (!state.schema) return;
  for (const p of state.schema.params) {
    if (p.kind !== "length") continue;
    const input = $("p-" + p.name), exact = valueOf(p);
    input.value = shown(p, exact);
    // A conversion may round (300mm is 11.811in to 4 places): the value
    // as typed is what is sent while the field shows its conversion.
    input.dataset.exact = exact;
    input.dataset.shown = input.value;
    input.placeholder = shown(p, p.default_text);
    input.closest(".field").querySelector(".unit").textContent = unitText(p);
  }
}

function resetValues() {
  for (const p of state.schema.params) {
    const input = $("p-" + p.name), v = String(effective(p));
    delete input.dataset.shown;
    if (p.kind === "bool") input.checked = v === "true"; else input.value = $("units").value === "mm" ? shown(p, v) : v;
    markChanged(input.closest(".field"), p);
  }
  const preset = state.schema.presets.find((x) => x.name === $("preset").value);
  $("preset-help").textContent = preset ? preset.help || "" : "";
  $("preset-shop").textContent = "";
  // A preset meant for a shop (the metric brick wants metric plate) selects it, and says so.
  if (preset && preset.shop && [...$("shop").options].some((o) => o.value === preset.shop)) {
    if ($("shop").value !== preset.shop) {
      $("shop").value = preset.shop;
      $("preset-shop").textContent = `Preset ${preset.name} is meant for the ${preset.shop} shop: the shop was switched to it.`;
    } else {
      $("preset-shop").textContent = `Preset ${preset.name} is meant for the ${preset.shop} shop.`;
    }
  }
  schedulePreview();
}

// inputs is the request body: only parameters that differ from the
// preset or default are sent, so equal inputs give equal build ids.
function inputs() {
  const params = {};
  for (const p of state.schema.params) {
    const v = valueOf(p);
    if (v !== "" && !same(p, v, String(effective(p)))) params[p.name] = v;
  }
  return { design: state.schema.design, preset: $("preset").value, params, shop: $("shop").value };
}

// inputsChanged follows an edit of the design's inputs: the results no
// longer match them, and the preview follows.
function inputsChanged() {
  markStale("Inputs changed since this build: the results below are out of date. Build to update them.");
  schedulePreview();
}

function schedulePreview() {
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(updatePreview, 350);
}

// updatePreview asks for the preview of the current inputs (a newer
// edit cancels an older request): one drawing per part and the assembly
// mesh for the 3D view, before any build.
async function updatePreview() {
  const req = inputs();
  const q = new URLSearchParams();
  if (req.preset) q.set("preset", req.preset);
  if (req.shop) q.set("shop", req.shop);
  for (const [k, v] of Object.entries(req.params)) q.set(k, v);
  if (state.previewAbort) state.previewAbort.abort();
  const abort = (state.previewAbort = new AbortController());
  const url = `/api/designs/${encodeURIComponent(req.design)}/preview.json?${q}`;
  const t0 = performance.now();
  $("preview").classList.add("loading");
  let r;
  try { r = await fetch(url, { signal: abort.signal }); } catch { return; } // superseded
  if (!r.ok) { const b = await r.json().catch(() => ({})); $("preview").classList.remove("loading"); showError(b.error); return; }
  const doc = await r.json();
  if (abort.signal.aborted) return;
  showError(null);
  $("preview").classList.remove("loading");
  $("preview").dataset.ms = String(Math.round(performance.now() - t0));
  await showScene(doc, abort.signal);
}

// showScene shows a preview: the parts' drawings and the 3D view.
async function showScene(doc, signal) {
  const same = state.scene && state.scene.build === doc.build;
  state.scene = doc;
  $("preview").dataset.build = doc.build;
  const drawn = doc.parts.filter((p) => p.drawing);
  $("preview").replaceChildren(...drawn.map((p) => {
    const a = el("a", { class: "part-tile", href: p.drawing, target: "_blank", rel: "noopener", "data-part": p.id, title: `${p.id}: ${p.name} (open the drawing)` },
      el("img", { src: p.drawing, alt: `Drawing of ${p.id}`, loading: "lazy" }), el("span", { text: `${p.id} ×${p.qty}` }));
    a.addEventListener("click", () => pick(p.id));
    return a;
  }));
  $("preview-caption").textContent = `Parts: ${drawn.length} drawings, one per part (click to open it)`;
  markPicked();
  if (same || !doc.mesh) {
    if (!doc.mesh) $("viewer-caption").textContent = "Nothing meshed for these inputs.";
    return;
  }
  const r = await fetch(doc.mesh, { signal }).catch(() => null);
  if (!r || !r.ok || signal.aborted) return;
  const buf = await r.arrayBuffer();
  if (signal.aborted) return;
  const n = state.viewer.load(buf, doc.parts);
  $("viewer-caption").textContent = `Assembly: ${n} triangles (drag to turn, wheel to zoom, double-click to frame, click a part to pick it)`;
  $("viewer").dataset.triangles = String(n);
  $("viewer").dataset.build = doc.build;
  markPicked();
}

// pick selects a part everywhere it shows: the 3D view, its drawing and
// its row of the parts list; "" clears the pick.
function pick(id) {
  state.picked = id || "";
  state.viewer.select(state.picked);
  markPicked();
}

function markPicked() {
  const id = state.picked;
  document.querySelectorAll(".picked").forEach((e) => e.classList.remove("picked"));
  const note = $("picked");
  if (!id) { note.textContent = ""; return; }
  const p = state.scene && state.scene.parts.find((x) => x.id === id);
  note.textContent = p ? `Picked ${p.id}: ${p.name} ×${p.qty} (${p.process.replace("_", " ")})` : `Picked ${id}`;
  for (const e of document.querySelectorAll(`[data-part="${CSS.escape(id)}"]`)) e.classList.add("picked");
}

async function build() {
  showError(null);
  $("build").disabled = true;
  $("status").textContent = "Submitting…";
  try {
    const { status, body } = await getJSON("/api/builds", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(inputs()) });
    if (status >= 400) {
      showError(body.error);
      $("status").textContent = "";
      markStale("The last build was refused: the results below are from an earlier build.");
      return;
    }
    await poll(body.id, body);
  } finally {
    $("build").disabled = false;
  }
}

async function poll(id, st) {
  for (;;) {
    if (st.status === "done") { $("status").textContent = `Built ${id.slice(0, 12)}${st.cached ? " (from cache)" : ""}.`; show(st); return; }
    if (st.status === "failed") {
      $("status").textContent = "Build failed.";
      showError(st.error);
      markStale("The last build failed: the results below are from an earlier build.");
      return;
    }
    $("status").textContent = `Build ${st.status}${st.stage ? ": " + st.stage : ""}…`;
    await new Promise((r) => setTimeout(r, 300));
    const r = await getJSON("/api/builds/" + id);
    if (r.status !== 200) { showError(r.body.error); return; }
    st = r.body;
  }
}

function money(x, cur) {
  try { return new Intl.NumberFormat(undefined, { style: "currency", currency: cur }).format(x); } catch { return x.toFixed(2) + " " + cur; }
}

function table(head, rows) {
  return el("table", {}, el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { text: h })))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", typeof c === "number" ? { class: "num", text: String(c) } : { text: c }))))));
}

function show(st) {
  state.build = st;
  clearStale();
  const m = st.manifest || {};
  const sum = $("summary");
  sum.replaceChildren(el("h2", { text: "Summary" }));
  if (m.summary && m.summary.length) sum.append(table(["Figure", "Value"], m.summary.map((f) => [f.label, f.text])));
  if (m.cost) {
    const c = m.cost;
    sum.append(el("h3", { text: "Cost" }), table(["Material", "Hardware", "Labour", "Machine", "Total", "Mass"],
      [[money(c.material, c.currency), money(c.hardware, c.currency), money(c.labour, c.currency), money(c.machine, c.currency), money(c.total, c.currency), c.mass_kg + " kg"]]));
  }
  if (m.stock && m.stock.length) {
    sum.append(el("h3", { text: "Cut list: stock to buy" }), table(["Kind", "Stock", "Size", "Qty", "Unit price", "Used for"],
      m.stock.map((s) => [s.kind, s.id, s.size, s.qty, s.unit_price, (s.use || []).join(", ")])));
  }
  if (m.parts && m.parts.length) {
    sum.append(el("h3", { text: "Parts" }), partsTable(m.parts, st.files || []));
  }
  if (m.warnings && m.warnings.length) sum.append(el("h3", { text: "Warnings" }), el("ul", {}, ...m.warnings.map((w) => el("li", { text: `${w.params.join(", ")}: ${w.message}` }))));
  $("files").replaceChildren(...fileGroups(st.files || []).map(([g, fs]) =>
    el("section", { class: "file-group", "data-group": g.id },
      el("h3", { text: `${g.title} (${fs.length})` }),
      el("ul", {}, ...fs.map((f) => el("li", {}, el("a", { href: f.url + "?download=1", download: f.path.split("/").pop(), "data-path": f.path, text: f.path }), ` (${f.kind}, ${f.bytes} B)`))))));
  const b = $("bundle");
  b.href = st.bundle;
  b.setAttribute("download", "");
  b.classList.remove("hidden");
  markPicked();
}

// The download groups, by file kind, in the order a workshop uses them.
const groups = [
  { id: "packet", title: "Fabrication packet (PDF)", kinds: ["pdf"] },
  { id: "gcode", title: "G-code", kinds: ["gcode"] },
  { id: "dxf", title: "DXF", kinds: ["dxf"] },
  { id: "drawings", title: "Drawings (SVG, PNG)", kinds: ["svg", "png"] },
  { id: "meshes", title: "Meshes (STL, 3MF)", kinds: ["stl", "3mf"] },
  { id: "bom", title: "BOM and cut lists (XLSX, CSV)", kinds: ["xlsx", "csv"] },
];

// fileGroups sorts the files into the groups (the rest under Other),
// leaving out empty groups.
function fileGroups(files) {
  const out = groups.map((g) => [g, []]);
  const other = [{ id: "other", title: "Other" }, []];
  for (const f of files) {
    const hit = out.find(([g]) => g.kinds.includes(f.kind));
    (hit ? hit[1] : other[1]).push(f);
  }
  return [...out, other].filter(([, fs]) => fs.length);
}

// partsTable is the parts list; a row whose part has a drawing opens it.
function partsTable(parts, files) {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const t = table(["Id", "Name", "Qty", "Process", "Stock", "Mass kg"],
    parts.map((p) => [p.id, p.name, p.qty, p.process, p.stock || "", p.mass_kg]));
  t.querySelectorAll("tbody tr").forEach((tr, i) => {
    const p = parts[i], f = byPath.get(`sheets/${p.id}.svg`);
    tr.dataset.part = p.id;
    tr.addEventListener("click", () => pick(p.id));
    if (!f) return;
    tr.classList.add("part-row");
    tr.title = `Open the drawing of ${p.id}`;
    const a = el("a", { href: f.url, target: "_blank", rel: "noopener", class: "drawing", text: p.id });
    tr.cells[0].replaceChildren(a);
    tr.addEventListener("click", (e) => { if (e.target !== a) a.click(); });
  });
  return t;
}

// fabkit dev: the page follows the live design loop. /dev/status answers
// only under fabkit dev; its events say when the design's command is being
// rebuilt, when a new generation is live (the page then reloads the schema
// and rebuilds by itself) and when a compile or build failed (shown with
// file:line over the last good results, marked stale).
async function startDev() {
  let r;
  try { r = await fetch("/dev/status"); } catch { return null; }
  if (!r.ok) return null;
  const st = await r.json().catch(() => null);
  if (!st || typeof st.generation !== "number") return null;
  document.body.dataset.dev = "1";
  $("dev").classList.remove("hidden");
  state.dev = st;
  showDev(st);
  const es = new EventSource("/dev/events");
  es.addEventListener("status", (e) => onDev(JSON.parse(e.data)));
  es.addEventListener("error", () => { $("dev-state").textContent = "Lost fabkit dev; reconnecting…"; });
  return st;
}

function onDev(st) {
  const prev = state.dev;
  state.dev = st;
  showDev(st);
  if (st.state === "ok") {
    if (!state.schema || !prev || prev.live !== st.live) devReload(st);
    return;
  }
  if (st.state === "error") {
    const what = st.stage === "compile" ? "Compile error" : st.stage === "build" ? "The design's build failed" : "The design's command did not start";
    markStale(`${what}: the results below are from the last good build${st.live ? " (generation " + st.live + ")" : ""}, before the change.`);
  } else {
    markStale(`${(st.changed || []).join(", ") || "The code"} changed: rebuilding; the results below are from before the change.`);
  }
}

// devReload follows a new live generation: the new schema (defaults may
// have changed; edited values stay), the preview, and the results: the
// loop's build when the inputs are the defaults, else a build of them.
async function devReload(st) {
  if (!state.schema) await loadDesigns(st.design);
  else await loadSchema(true);
  schedulePreview();
  const req = inputs(), def = (state.shops || []).find((s) => s.default);
  if (st.build_id && req.design === st.design && !req.preset && !Object.keys(req.params).length && def && req.shop === def.id) {
    // The inputs are the loop's own (the defaults): show its build, the
    // one that just went live, rather than build them again.
    const r = await getJSON("/api/builds/" + st.build_id);
    if (r.status === 200) await poll(st.build_id, r.body); else await build();
  } else {
    await build();
  }
  document.body.dataset.live = String(st.live);
}

function showDev(st) {
  const bar = $("dev");
  bar.classList.remove("dev-ok", "dev-busy", "dev-error");
  const secs = (ms) => (ms / 1000).toFixed(1) + " s";
  let head = "", detail = "";
  switch (st.state) {
    case "compiling": head = "Compiling…"; detail = st.changed ? "changed: " + st.changed.join(", ") : ""; bar.classList.add("dev-busy"); break;
    case "starting": head = "Starting the new command…"; bar.classList.add("dev-busy"); break;
    case "building": head = `Building ${st.design}…`; bar.classList.add("dev-busy"); break;
    case "ok":
      head = `Live: ${st.design}`;
      detail = `generation ${st.live}, rebuilt in ${secs(st.total_ms)} (compile ${secs(st.compile_ms)}, build ${secs(st.build_ms)}). Save a file to rebuild.`;
      bar.classList.add("dev-ok");
      break;
    default:
      head = st.stage === "compile" ? "Compile error" : st.stage === "build" ? "Build failed" : "Start failed";
      detail = st.live ? `the page shows generation ${st.live}, the last good one` : "no good build yet";
      bar.classList.add("dev-error");
  }
  $("dev-state").textContent = head;
  $("dev-detail").textContent = detail;
  const items = st.state === "error" ? (st.errors && st.errors.length ? st.errors.map((e) => ({
    text: `${e.file}:${e.line}${e.col ? ":" + e.col : ""}: ${e.message}`, file: e.file, line: e.line,
  })) : [{ text: st.message || st.output || "" }]) : [];
  $("dev-errors").replaceChildren(...items.map((e) => {
    const li = el("li", { text: e.text });
    if (e.file) { li.dataset.file = e.file; li.dataset.line = String(e.line); }
    return li;
  }));
}

async function postShop() {
  const doc = $("shop-doc").value;
  const { status, body } = await getJSON("/api/shops", { method: "POST", headers: { "Content-Type": "application/yaml" }, body: doc });
  if (status !== 201) { $("shop-msg").textContent = body.error ? `${body.error.field || ""}: ${body.error.message}` : "failed"; return; }
  $("shop-msg").textContent = `Added ${body.name}.`;
  fillShops((await getJSON("/api/shops")).body, body.id);
  schedulePreview();
}

window.addEventListener("DOMContentLoaded", () => {
  state.viewer = new window.STLViewer($("viewer"));
  state.viewer.onPick = pick;
  $("design").addEventListener("change", () => { location.hash = "design=" + $("design").value; loadSchema(); });
  $("preset").addEventListener("change", () => { resetValues(); markStale("Preset changed since this build: the results below are out of date. Build to update them."); });
  $("shop").addEventListener("change", () => { showUnits(); inputsChanged(); });
  $("units").addEventListener("change", showUnits);
  $("reset").addEventListener("click", () => { $("preset").value = ""; resetValues(); });
  $("build").addEventListener("click", build);
  $("shop-post").addEventListener("click", postShop);
  // Under fabkit dev before the first good build there is no API yet: the
  // first "ok" event loads the designs.
  startDev().then((dev) => (dev && !dev.live ? null : loadDesigns(dev && dev.design))).then(() => document.body.dataset.ready = "1");
});
