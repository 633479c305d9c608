package manifest

import "github.com/fabkit/fabkit/assembly"

// Assembly is the assembly check's section: the joints found or declared
// (kind, parts, instances, fastener), the fasteners with their lengths, the
// checks run with their counts, and every finding. Checked is false when
// the build ran with --no-assembly-check; the section then says only that.
type Assembly struct {
	Checked bool `json:"checked"`
	*assembly.Report
}
