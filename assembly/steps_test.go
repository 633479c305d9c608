package assembly_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/fabkit/fabkit/assembly"
	"github.com/fabkit/fabkit/model"
)

// TestCEBPressSteps: the CEB press is assembled in the steps it declares
// (drawer, frame, arms, hopper, final); with its steps taken away, by its
// part families in model order, then the final assembly. Either way every
// instance is placed once, every joint is made once, in the step that
// places its last part, and the steps' fasteners add up to the build's.
func TestCEBPressSteps(t *testing.T) {
	for _, c := range []struct {
		declared     bool
		names, frame string
	}{
		{true, "[drawer frame arms hopper final]", "frame"},
		{false, "[d parts a parts f parts h parts final assembly]", "f parts"},
	} {
		t.Run(c.names, func(t *testing.T) { testCEBPressSteps(t, c.declared, c.names, c.frame) })
	}
}

func testCEBPressSteps(t *testing.T, declared bool, want, frame string) {
	m, s := build(t, "ceb-press", "")
	if !declared {
		m.Assembly.Steps = nil
	}
	rep, err := assembly.Run(context.Background(), m, s, assembly.Options{})
	if err != nil {
		t.Fatal(err)
	}
	steps := assembly.Steps(m, rep)
	var names []string
	for _, st := range steps {
		names = append(names, st.Name)
	}
	if got := fmt.Sprint(names); got != want {
		t.Fatalf("steps %s, want %s", got, want)
	}
	placedIn := map[model.Ref]int{}
	for k, st := range steps {
		for _, r := range st.Parts {
			if _, dup := placedIn[r]; dup {
				t.Errorf("%v placed twice", r)
			}
			placedIn[r] = k
		}
	}
	for _, p := range m.Parts {
		for i := range p.Placements {
			if _, ok := placedIn[model.Ref{Part: p.ID, Instance: i}]; !ok {
				t.Errorf("%s#%d in no step", p.ID, i)
			}
		}
	}
	joints, bolts := 0, map[string]int{}
	for k, st := range steps {
		joints += len(st.Joints)
		for _, j := range st.Joints {
			last := 0
			for _, r := range j.Parts {
				last = max(last, placedIn[r])
			}
			if last != k {
				t.Errorf("joint %v made in step %d, its last part is placed in step %d", j.Parts, k+1, last+1)
			}
		}
		for _, f := range st.Fasteners {
			bolts[f.Item] += f.Qty
		}
		if st.Name == frame && len(st.Callouts()) == 0 {
			t.Error("the frame step has no callouts")
		}
	}
	if joints != len(rep.Joints) {
		t.Errorf("%d joints in the steps, %d in the report", joints, len(rep.Joints))
	}
	for _, f := range rep.Fasteners {
		if bolts[f.Item] != f.Qty {
			t.Errorf("%s: %d in the steps, %d in the report", f.Item, bolts[f.Item], f.Qty)
		}
	}
}
