package assembly

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/fabkit/fabkit/model"
)

// Step is one step of the assembly instructions: the instances it adds,
// the joints it completes, and the fasteners those use.
type Step struct {
	Name      string
	Parts     []model.Ref
	Joints    []Joint
	Fasteners []FastenerLine
}

// numbered matches OSE-style part ids: a letter family and a number.
var numbered = regexp.MustCompile(`^([a-z]+)[0-9]+$`)

// Steps orders the assembly into steps. A design's declared steps come
// first; otherwise parts with OSE-style ids (f4, d10) are grouped by their
// letter, in the order the model lists them, and every other placed part
// (bars, pins, bought items) goes in the final step. Each joint belongs to
// the step that places the last of its parts.
func Steps(m *model.Model, rep *Report) []Step {
	stepOf := map[string]int{}
	var names []string
	for i, s := range m.Assembly.Steps {
		names = append(names, s.Name)
		for _, id := range s.Parts {
			stepOf[id] = i
		}
	}
	if len(m.Assembly.Steps) == 0 {
		family := map[string]int{}
		for _, p := range m.Parts {
			if g := numbered.FindStringSubmatch(p.ID); g != nil && len(p.Placements) > 0 {
				if _, ok := family[g[1]]; !ok {
					family[g[1]] = len(names)
					names = append(names, fmt.Sprintf("%s parts", g[1]))
				}
				stepOf[p.ID] = family[g[1]]
			}
		}
	}
	final := len(names)
	names = append(names, "final assembly")
	steps := make([]Step, len(names))
	for i, n := range names {
		steps[i].Name = n
	}
	for _, p := range m.Parts {
		k, ok := stepOf[p.ID]
		if !ok {
			k = final
		}
		for i := range p.Placements {
			steps[k].Parts = append(steps[k].Parts, model.Ref{Part: p.ID, Instance: i})
		}
	}
	if rep != nil {
		for _, j := range rep.Joints {
			k := 0
			for _, r := range j.Parts {
				s, ok := stepOf[r.Part]
				if !ok {
					s = final
				}
				k = max(k, s)
			}
			steps[k].Joints = append(steps[k].Joints, j)
		}
		for i := range steps {
			steps[i].Fasteners = Lines(steps[i].Joints)
		}
	}
	var out []Step
	for _, s := range steps {
		if len(s.Parts) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// Callouts describes a step's joints as people read them: one line per
// kind of joint, e.g. "bolt f14 to f4 with 2 x bolt-1x2-1/2".
func (s Step) Callouts() []string {
	var out []string
	for _, j := range s.Joints {
		var ids []string
		seen := map[string]bool{}
		for _, r := range j.Parts {
			if !seen[r.Part] {
				seen[r.Part] = true
				ids = append(ids, r.Part)
			}
		}
		if j.Kind != model.Pinned && j.Kind != model.Sliding {
			sort.Strings(ids) // the same joint reads the same whichever instance comes first
		}
		what := strings.Join(ids, " + ")
		switch j.Kind {
		case model.Bolted:
			item := "a bolt"
			if j.Fastener != nil {
				item = j.Fastener.Item
			}
			out = append(out, fmt.Sprintf("bolt %s: %d x %s, %.0f mm grip", what, j.Count, item, j.GripMM))
		case model.TabSlot:
			out = append(out, fmt.Sprintf("weld %s: %d tab(s) in slot(s)", what, j.Count))
		case model.Pinned, model.Sliding:
			out = append(out, fmt.Sprintf("%s %s", j.Kind, what))
		case model.Welded:
			if j.Weld != "" {
				what += ": " + j.Weld
			}
			out = append(out, fmt.Sprintf("weld %s", what))
		}
	}
	sort.Strings(out)
	// Merge equal lines (the same joint between other instances).
	var merged []string
	count := map[string]int{}
	for _, l := range out {
		if count[l] == 0 {
			merged = append(merged, l)
		}
		count[l]++
	}
	for i, l := range merged {
		if n := count[l]; n > 1 {
			merged[i] = fmt.Sprintf("%s (x%d)", l, n)
		}
	}
	return merged
}
