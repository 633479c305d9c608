// A small STL viewer on a 2D canvas: binary or ASCII STL, flat shading,
// painter's algorithm, drag to turn, wheel to zoom. No WebGL needed, so it
// also runs in headless browsers without a GPU.
"use strict";

class STLViewer {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.tris = null; // Float32Array, 9 numbers per triangle
    this.yaw = -0.6;
    this.pitch = 0.5;
    this.zoom = 1;
    this.pending = false;
    let drag = null;
    canvas.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY }; canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener("pointerup", () => { drag = null; });
    canvas.addEventListener("pointermove", (e) => {
      if (!drag) return;
      this.yaw += (e.clientX - drag.x) * 0.01;
      this.pitch = Math.max(-1.55, Math.min(1.55, this.pitch + (e.clientY - drag.y) * 0.01));
      drag = { x: e.clientX, y: e.clientY };
      this.draw();
    });
    canvas.addEventListener("wheel", (e) => {
      e.preventDefault();
      this.zoom = Math.max(0.2, Math.min(20, this.zoom * Math.exp(-e.deltaY * 0.001)));
      this.draw();
    }, { passive: false });
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

  load(buf) {
    this.tris = STLViewer.parse(buf);
    let lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < this.tris.length; i += 3) {
      for (let k = 0; k < 3; k++) { lo[k] = Math.min(lo[k], this.tris[i + k]); hi[k] = Math.max(hi[k], this.tris[i + k]); }
    }
    this.center = [0, 1, 2].map((k) => (lo[k] + hi[k]) / 2);
    this.radius = Math.max(1e-6, Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) / 2);
    this.draw();
    return this.tris.length / 9;
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
    const scale = (Math.min(canvas.width, canvas.height) / 2 / this.radius) * 0.9 * this.zoom;
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
    const w2 = canvas.width / 2, h2 = canvas.height / 2;
    for (const t of order) {
      const o = t * 9, s = shade[t];
      ctx.fillStyle = `rgb(${Math.round(70 * s + 40)},${Math.round(110 * s + 40)},${Math.round(160 * s + 50)})`;
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
