package shop

import (
	"strings"
	"testing"
)

// TestPartInPart: part_in_part is on unless a shop turns it off, and it
// takes only true or false.
func TestPartInPart(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool // NoPartInPart
	}{{"", false}, {"  part_in_part: true\n", false}, {"  part_in_part: false\n", true}} {
		s, err := Parse("t.yaml", []byte(strings.Replace(base, "  rapid: 400ipm\n", "  rapid: 400ipm\n"+c.line, 1)))
		if err != nil {
			t.Fatalf("%q: %v", c.line, err)
		}
		if s.TorchTable.NoPartInPart != c.want {
			t.Errorf("%q: NoPartInPart = %v, want %v", c.line, s.TorchTable.NoPartInPart, c.want)
		}
	}
	_, err := Parse("t.yaml", []byte(strings.Replace(base, "  rapid: 400ipm\n", "  rapid: 400ipm\n  part_in_part: sometimes\n", 1)))
	if err == nil || !strings.Contains(err.Error(), `torch_table.part_in_part = "sometimes": expected true or false`) {
		t.Errorf("part_in_part: sometimes: err = %v", err)
	}
	if Default().TorchTable.NoPartInPart {
		t.Error("the default shop keeps parts out of cut-outs")
	}
}
