// Package regress checks a build against golden values and explains what
// changed between two builds: Check compares a manifest with a golden one
// under a tolerance per quantity, Diff lists parts added, removed and
// resized with their stock and cost changes, and OverlaySVG draws old and
// new plate outlines over each other.
//
// The golden rule: a golden manifest is a manifest.json kept in a design's
// repository (manifest.WriteFile writes it in the build's own encoding). Check
// compares the measured geometry, counts, costs, times and the structure
// (parts, quantities, processes, stock, parameters, design version) and
// ignores what may change bytes without changing the machine: the fabkit
// version (reported, never a failure), the parameter digest and the text a
// parameter was given as (its value is compared), facet counts, placement
// coordinates, the cut list's raw JSON and the files section. File hashes
// change when a font, a renderer or a PDF library changes, so they are
// compared only with Tolerances.CompareFiles.
package regress
