package model

// JointKind is how two or more part instances are joined.
type JointKind string

// The joint kinds a design can declare, and the assembly check infers.
const (
	Bolted  JointKind = "bolted"   // a bolt through coaxial holes, with washers and a nut
	Pinned  JointKind = "pinned"   // a pin, rod or shaft through coaxial holes
	Welded  JointKind = "welded"   // a weld along an edge or face
	TabSlot JointKind = "tab_slot" // a tab of one plate in a slot of another
	Sliding JointKind = "sliding"  // a rod sliding in a bushing
)

// Ref names one instance of a part: Instance indexes Part.Placements.
type Ref struct {
	Part     string `json:"part"`
	Instance int    `json:"instance"`
}

// Joint is a joint a design declares. The assembly check matches it to the
// holes, tabs and contacts it finds; what it finds and nobody declared it
// infers and reports.
type Joint struct {
	Kind  JointKind
	Parts []Ref // the instances joined; for a bolt or pin, in stack order
	// At is a point of the joint in the assembly frame: on the axis of a
	// bolt, pin or rod, on the seam of a weld, in the slot of a tab.
	At [3]float64
	// Axis is the bolt, pin or rod direction (bolted, pinned, sliding).
	Axis [3]float64
	// Fastener is the bolt a bolted joint uses; nil lets the check choose
	// one from the shop's fastener catalogue.
	Fastener *Fastener
	// Weld describes a welded joint, e.g. "fillet both sides, full length".
	Weld string
}

// Fastener is a bolt with its nut and washers.
type Fastener struct {
	Diameter float64 // nominal bolt diameter, mm
	Length   float64 // under-head length, mm
	Item     string  // shop item id of the bolt, e.g. "bolt-1x3"
	Washers  int     // washers per bolt; 0 means 2 (under head and nut)
}

// OpenHole declares a hole that stays open on purpose: an access, drain or
// weight-saving hole, a window. Hole indexes Plate.Shape.Holes or Bar.Holes.
type OpenHole struct {
	Part   string
	Hole   int
	Reason string // e.g. "access", "drain", "weight", "window"
}

// Assembly is what a design declares about how its parts go together: the
// joints it knows, the holes meant to stay open, and the clearance its tabs
// have in their slots on each side.
type Assembly struct {
	Joints []Joint
	Open   []OpenHole
	// TabClearance is the gap between a tab and its slot on each side,
	// in mm; 0 means undeclared (the check then reports the common one).
	TabClearance float64
	// SlotClearance is the tab clearance of the slots of a part (by part
	// id) where it is not TabClearance: a design whose source cuts some
	// plates' slots with another gap. It applies only with TabClearance.
	SlotClearance map[string]float64
	// Known lists findings of the assembly check (by their key, e.g.
	// "holes:a1#0/hole16") that the design knows of and accepts for now:
	// they do not fail the build and stay in the manifest as findings.
	Known []string
	// Steps, when set, is the order of assembly: each step names the
	// parts (all their instances) it adds. Parts in no step come last.
	Steps []Step
}

// Step is one step of assembly: a subassembly or the final assembly.
type Step struct {
	Name  string   // e.g. "frame"
	Parts []string // part ids
}

// IsOpen reports whether hole i of part id is declared open, and why.
func (a Assembly) IsOpen(id string, i int) (string, bool) {
	for _, o := range a.Open {
		if o.Part == id && o.Hole == i {
			return o.Reason, true
		}
	}
	return "", false
}
