// Package gcode writes toolpath plans and drilling jobs as G-code for a
// machine's dialect, and hole tables for manual drilling. A dialect is data
// (a Dialect record of words, formats and capabilities looked up by id), so
// the writers have no per-controller branches: adding a controller means
// adding a record.
package gcode

import (
	"fmt"
	"sort"
	"strings"
)

// Dialect is what the writers need to know about one controller's G-code.
type Dialect struct {
	ID   string // lookup id, e.g. "linuxcnc"
	Name string // human name

	Preamble  []string // lines after the units word, e.g. "G17 G90 G94 G40"
	Blend     string   // path blending with a tolerance, e.g. "G64 P%s"; empty when the controller has none
	Postamble []string // lines before the program end
	End       string   // program end word, e.g. "M2"

	TorchOn  string // starts the torch, e.g. "M3 $0 S1"
	TorchOff string // stops it, e.g. "M5 $0"
	THCOff   string // disables torch height control (small holes); empty when the controller has none
	THCOn    string // re-enables it
	TorchZ   bool   // move Z to pierce and cut heights in the program

	// Height sensing before a pierce: Probe feeds down until the switch
	// trips (format with Z and feed), ProbeSet makes that point Z = the
	// switch travel below zero (format with Z), ProbeClear undoes it at the
	// end. Empty Probe: the controller cannot probe.
	Probe, ProbeSet, ProbeClear string

	SpindleOn  string // format with the rpm, e.g. "M3 S%d"
	SpindleOff string // e.g. "M5"
	Pause      string // optional stop for a manual drill change, e.g. "M0"

	Dwell      string  // format with the time, e.g. "G4 P%s"
	DwellScale float64 // dwell units per second: 1 for seconds, 1000 for milliseconds

	CannedDrill bool   // G81 and G83 cycles exist; otherwise drilling is expanded into G0/G1
	CannedMode  string // words before a cycle, e.g. "G99" (retract to the R plane)
	CancelCycle string // e.g. "G80"

	MaxLine      int // longest line the controller accepts, 0 for no limit
	DecimalsMM   int // digits after the point for millimetres
	DecimalsInch int // and for inches

	CommentOpen, CommentClose string // e.g. "(" and ")"
}

var dialects = map[string]Dialect{
	"linuxcnc": {
		ID:   "linuxcnc",
		Name: "LinuxCNC rs274ngc with QtPlasmaC conventions",
		// G64 P blends within 0.05 mm; G40/G49: no cutter or tool-length
		// compensation (the kerf is in the path).
		Preamble: []string{"G17 G90 G94 G40 G49"},
		Blend:    "G64 P%s",
		End:      "M2",
		TorchOn:  "M3 $0 S1",
		TorchOff: "M5 $0",
		THCOff:   "M62 P2",
		THCOn:    "M63 P2",
		TorchZ:   true,
		// Probe, then touch off: G10 L20 sets the work offset so that
		// here is Z = -switch travel, as QtPlasmaC's probe does.
		Probe:       "G38.2 Z%s F%s",
		ProbeSet:    "G10 L20 P0 Z%s",
		SpindleOn:   "M3 S%d",
		SpindleOff:  "M5",
		Pause:       "M0",
		Dwell:       "G4 P%s",
		DwellScale:  1,
		CannedDrill: true,
		CannedMode:  "G99",
		CancelCycle: "G80",
		MaxLine:     255,
		DecimalsMM:  3, DecimalsInch: 4,
		CommentOpen: "(", CommentClose: ")",
	},
	"grbl": {
		ID:         "grbl",
		Name:       "GRBL 1.1",
		Preamble:   []string{"G17 G90 G94 G40"},
		End:        "M2",
		TorchOn:    "M3 S1000",
		TorchOff:   "M5",
		TorchZ:     true,
		Probe:      "G38.2 Z%s F%s",
		ProbeSet:   "G92 Z%s",
		ProbeClear: "G92.1",
		SpindleOn:  "M3 S%d",
		SpindleOff: "M5",
		Pause:      "M0",
		Dwell:      "G4 P%s",
		DwellScale: 1,
		MaxLine:    80,
		DecimalsMM: 3, DecimalsInch: 4,
		CommentOpen: "(", CommentClose: ")",
	},
}

// blendTolerance is the G64 P path tolerance, mm.
const blendTolerance = 0.05

// Lookup returns the dialect with the given id.
func Lookup(id string) (Dialect, error) {
	d, ok := dialects[strings.ToLower(strings.TrimSpace(id))]
	if !ok {
		return Dialect{}, fmt.Errorf("gcode: unknown dialect %q (known: %s)", id, strings.Join(Dialects(), ", "))
	}
	return d, nil
}

// Dialects lists the known dialect ids, sorted.
func Dialects() []string {
	ids := make([]string, 0, len(dialects))
	for id := range dialects {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
