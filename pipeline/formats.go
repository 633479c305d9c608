package pipeline

// The built-in output formats, one file each (format_*.go), registered in
// the order they write: a part's files are listed in the manifest in this
// order. A new format is one new file with its Format value and one line
// here (or a RegisterFormat call from another package's init).
func init() {
	for _, f := range []Format{stlFormat, dxfFormat, gcodeFormat, sheetsFormat, bomFormat} {
		RegisterFormat(f)
	}
}
