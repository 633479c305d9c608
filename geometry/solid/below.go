package solid

import v3 "github.com/deadsy/sdfx/vec/v3"

// Below reports whether the solid's value at p is below t: the same answer
// as Evaluate(p) < t, found with less work, since the members of a union
// that cannot bring the value below t are skipped (a containment test asks
// only that).
func (c *Compiled) Below(p v3.Vec, t float64) bool { return c.eval(0, p, t) < t }
