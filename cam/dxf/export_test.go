package dxf

// SamplePart is the internal tests' part for the external tests: it has
// every kind of entity the writer draws (a rounded outline, round holes to
// cut and to drill, a slot, a square cut-out and an etch line).
func SamplePart() Part { return testPart() }
