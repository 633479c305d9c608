package drawing

// fitRow returns the ordinates of a row that fit along span page mm at
// pitch: all of them when they fit; otherwise only those of holes, slots,
// cut-outs and the datum (keep, part coordinates), leaving the outline's
// corners to the 1:1 template and the DXF. A long plate with many joint
// reliefs along an edge (OSE's 78in arm rails) has more corners than a
// page row can label; its holes still get their ordinates.
func fitRow(ords []ordinate, keep []float64, span, pitch float64) []ordinate {
	if len(ords) < 2 || float64(len(ords)-1)*pitch <= span {
		return ords
	}
	var out []ordinate
	for _, o := range ords {
		for _, k := range keep {
			if abs(o.at-k) < 1e-6 {
				out = append(out, o)
				break
			}
		}
	}
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// xRowEnd is how far right of the part (right edge x1) the X ordinates may
// be pushed: 6 mm, unless the overall height of a part height h is too
// short to hold its text ht wide, which then stands upwards past the top
// arrow at x1 + dimOff (linearDim): the ordinates' jog lines stop short of
// that text.
func xRowEnd(x1, h, ht, dimOff, th float64) float64 {
	if h > ht+2*3 {
		return x1 + 6
	}
	return min(x1+6, x1+dimOff-th/2-0.5)
}
