// A small STL viewer on a 2D canvas: binary or ASCII STL, flat shading,
// painter's algorithm, the whole model framed, drag to turn, wheel to
// zoom, double-click for the first view framed again, click to pick a part (when the page gave the
// triangles of each part). No WebGL needed, so it also runs in headless
// browsers without a GPU.
"use strict";

class STLViewer {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.tris = null; // Float32Array, 9 numbers per triangle
    this.owner = null; // Int32Array: the part index of each triangle, -1 for none
    this.parts = []; // ids, by part index
    this.selected = -1;
    this.onPick = null; // called with the picked part's id, or "" for none
    this.home();
    this.pending = false;
    let drag = null;
    canvas.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, moved: 0 }; canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener("pointerup", (e) => {
      const click = drag && drag.moved < 4;
      drag = null;
      if (click && this.owner) {
        const id = this.pickAt(e.clientX, e.clientY);
        this.select(id);
        if (this.onPick) this.onPick(id);
      }
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!drag) return;
      drag.moved += Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y);
      this.yaw += (e.clientX - drag.x) * 0.01;
      this.pitch = Math.max(-1.55, Math.min(1.55, this.pitch + (e.clientY - drag.y) * 0.01));
      drag.x = e.clientX; drag.y = e.clientY;
      this.draw();
    });
    canvas.addEventListener("wheel", (e) => {
      e.preventDefault();
      this.zoom = Math.max(0.2, Math.min(20, this.zoom * Math.exp(-e.deltaY * 0.001)));
      this.draw();
    }, { passive: false });
    canvas.addEventListener("dblclick", () => { this.home(); this.draw(); });
  }

  // home is the first view: three-quarter, the whole model in frame.
  home() {
    this.yaw = -0.6;
    this.pitch = 0.5;
    this.zoom = 1;
    this.needFit = true;
  }

  // parse reads binary STL, falling back to ASCII.
  static parse(buf) {
    const dv = new DataView(buf);
    if (buf.byteLength >= 84) {
      const n = dv.getUint32(80, true);
      if (84 + n * 50 === buf.byteLength) {
        const out = new Float32Array(n * 9);
        for (let i = 0; i < n; i++) {
          const o = 84 + i * 50 + 12; // skip the normal
          for (let k = 0; k < 9; k++) out[i * 9 + k] = dv.getFloat32(o + k * 4, true);
        }
        return out;
      }
    }
    const text = new TextDecoder().decode(buf);
    const nums = [];
    const re = /vertex\s+(\S+)\s+(\S+)\s+(\S+)/g;
    let m;
    while ((m = re.exec(text))) nums.push(+m[1], +m[2], +m[3]);
    return new Float32Array(nums);
  }

  // load shows a mesh; parts, when given, are [{id, triangles: [[first,
  // count], ...]}] for picking. It returns the number of triangles.
  load(buf, parts) {
    this.tris = STLViewer.parse(buf);
    let lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < this.tris.length; i += 3) {
      for (let k = 0; k < 3; k++) { lo[k] = Math.min(lo[k], this.tris[i + k]); hi[k] = Math.max(hi[k], this.tris[i + k]); }
    }
    this.center = [0, 1, 2].map((k) => (lo[k] + hi[k]) / 2);
    this.needFit = true;
    const n = this.tris.length / 9;
    this.owner = null;
    this.parts = [];
    const sel = this.selected >= 0 ? this.selectedId : "";
    this.selected = -1;
    if (parts && parts.some((p) => p.triangles && p.triangles.length)) {
      this.owner = new Int32Array(n).fill(-1);
      parts.forEach((p, i) => {
        this.parts.push(p.id);
        for (const [first, count] of p.triangles || []) this.owner.fill(i, first, Math.min(n, first + count));
      });
    }
    if (sel) this.select(sel);
    this.draw();
    return n;
  }

  // select highlights a part by id ("" or an unknown id: none).
  select(id) {
    this.selected = this.parts.indexOf(id);
    this.selectedId = this.selected >= 0 ? id : "";
    this.canvas.dataset.selected = this.selectedId;
    this.draw();
  }

  // pickAt is the id of the part drawn at a point of the window (client
  // coordinates), "" when none: the nearest triangle under it.
  pickAt(clientX, clientY) {
    if (!this.owner || !this.view) return "";
    const r = this.canvas.getBoundingClientRect();
    const x = (clientX - r.left) * this.canvas.width / r.width, y = (clientY - r.top) * this.canvas.height / r.height;
    const { pts, order, scale } = this.view;
    const w2 = this.canvas.width / 2, h2 = this.canvas.height / 2;
    for (let k = order.length - 1; k >= 0; k--) { // drawn last is nearest
      const t = order[k], o = t * 9;
      const ax = w2 + pts[o] * scale, ay = h2 - pts[o + 1] * scale;
      const bx = w2 + pts[o + 3] * scale, by = h2 - pts[o + 4] * scale;
      const cx = w2 + pts[o + 6] * scale, cy = h2 - pts[o + 7] * scale;
      const d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by);
      const d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy);
      const d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay);
      if ((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0)) continue;
      const i = this.owner[t];
      return i >= 0 ? this.parts[i] : "";
    }
    return "";
  }

  // pointOf is a point of the window (client coordinates) where the part
  // shows, or null: for tests and for the page to point at a part.
  pointOf(id) {
    const i = this.parts.indexOf(id);
    if (i < 0 || !this.view) return null;
    const r = this.canvas.getBoundingClientRect();
    const { pts, order, scale } = this.view;
    const w2 = this.canvas.width / 2, h2 = this.canvas.height / 2;
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k];
      if (this.owner[t] !== i) continue;
      const o = t * 9;
      const x = w2 + (pts[o] + pts[o + 3] + pts[o + 6]) / 3 * scale, y = h2 - (pts[o + 1] + pts[o + 4] + pts[o + 7]) / 3 * scale;
      // Whole pixels, with the part around them too: a click lands there.
      const cx = Math.round(r.left + x * r.width / this.canvas.width), cy = Math.round(r.top + y * r.height / this.canvas.height);
      if ([[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]].every(([dx, dy]) => this.pickAt(cx + dx, cy + dy) === id)) return { x: cx, y: cy };
    }
    return null;
  }

  // frame is the model's drawn extent on the canvas, in canvas pixels.
  frame() {
    if (!this.view) return null;
    const { pts, scale } = this.view;
    const w2 = this.canvas.width / 2, h2 = this.canvas.height / 2;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < pts.length; i += 3) {
      const x = w2 + pts[i] * scale, y = h2 - pts[i + 1] * scale;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
    return { left: x0, right: x1, top: y0, bottom: y1, width: this.canvas.width, height: this.canvas.height };
  }

  draw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.render(); });
  }

  render() {
    const { ctx, canvas, tris } = this;
    ctx.fillStyle = "#eef1f5";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (!tris || tris.length === 0) return;
    // View: turn about Z (yaw), then tilt (pitch); screen x right, y up, depth toward the viewer.
    const cy = Math.cos(this.yaw), sy = Math.sin(this.yaw), cp = Math.cos(this.pitch), sp = Math.sin(this.pitch);
    const [mx, my, mz] = this.center;
    const n = tris.length / 9;
    const pts = new Float32Array(n * 9);
    for (let i = 0; i < n * 3; i++) {
      const x = tris[i * 3] - mx, y = tris[i * 3 + 1] - my, z = tris[i * 3 + 2] - mz;
      const x1 = cy * x - sy * y, y1 = sy * x + cy * y;
      pts[i * 3] = x1;                 // screen x
      pts[i * 3 + 1] = cp * z - sp * y1; // screen y (up)
      pts[i * 3 + 2] = sp * z + cp * y1; // depth (larger is farther)
    }
    if (this.needFit) {
      // Frame the model as it is turned: its drawn extent fills the canvas
      // but for a margin, centred (dragging keeps that scale).
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (let i = 0; i < n * 3; i++) {
        x0 = Math.min(x0, pts[i * 3]); x1 = Math.max(x1, pts[i * 3]);
        y0 = Math.min(y0, pts[i * 3 + 1]); y1 = Math.max(y1, pts[i * 3 + 1]);
      }
      this.fitScale = 0.92 * Math.min(canvas.width / Math.max(x1 - x0, 1e-6), canvas.height / Math.max(y1 - y0, 1e-6));
      this.offset = [(x0 + x1) / 2, (y0 + y1) / 2];
      this.needFit = false;
    }
    const [ox, oy] = this.offset;
    for (let i = 0; i < n * 3; i++) { pts[i * 3] -= ox; pts[i * 3 + 1] -= oy; }
    const scale = this.fitScale * this.zoom;
    const order = [], shade = new Float32Array(n);
    for (let t = 0; t < n; t++) {
      const o = t * 9;
      const ax = pts[o + 3] - pts[o], ay = pts[o + 4] - pts[o + 1], az = pts[o + 5] - pts[o + 2];
      const bx = pts[o + 6] - pts[o], by = pts[o + 7] - pts[o + 1], bz = pts[o + 8] - pts[o + 2];
      let nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
      const len = Math.hypot(nx, ny, nz);
      if (len === 0) continue;
      nx /= len; ny /= len; nz /= len;
      if (nz > 0) continue; // facing away (depth grows away from the viewer)
      shade[t] = 0.35 + 0.65 * Math.max(0, -nz * 0.8 + ny * 0.3 - nx * 0.2);
      order.push(t);
    }
    order.sort((a, b) => (pts[b * 9 + 2] + pts[b * 9 + 5] + pts[b * 9 + 8]) - (pts[a * 9 + 2] + pts[a * 9 + 5] + pts[a * 9 + 8]));
    this.view = { pts, order, scale };
    const w2 = canvas.width / 2, h2 = canvas.height / 2;
    const owner = this.owner, sel = this.selected;
    for (const t of order) {
      const o = t * 9, s = shade[t];
      ctx.fillStyle = owner && sel >= 0 && owner[t] === sel
        ? `rgb(${Math.round(150 * s + 90)},${Math.round(90 * s + 40)},${Math.round(20 * s + 10)})`
        : `rgb(${Math.round(70 * s + 40)},${Math.round(110 * s + 40)},${Math.round(160 * s + 50)})`;
      ctx.beginPath();
      ctx.moveTo(w2 + pts[o] * scale, h2 - pts[o + 1] * scale);
      ctx.lineTo(w2 + pts[o + 3] * scale, h2 - pts[o + 4] * scale);
      ctx.lineTo(w2 + pts[o + 6] * scale, h2 - pts[o + 7] * scale);
      ctx.closePath();
      ctx.fill();
      ctx.strokeStyle = ctx.fillStyle; // hide hairline gaps between facets
      ctx.stroke();
    }
  }
}
window.STLViewer = STLViewer;
