// Package drawing draws fabrication sheets with tdewolff/canvas: a
// dimensioned drawing per part (plates with their holes, bars with one side
// view per drilled face), 1:1 marking templates tiled over pages with check
// bars, nesting diagrams per sheet and cutting diagrams per bar. Every
// drawing is a *canvas.Canvas in millimetres that callers render to SVG or
// PDF; part drawings also list the dimensions they show, so tests and tools
// can check them against the geometry.
package drawing
