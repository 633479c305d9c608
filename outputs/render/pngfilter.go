package render

import "encoding/binary"

// pickFilter returns the filter image/png chooses for a row of 3-byte
// pixels cur under prev: the least sum of the filtered bytes read as
// signed, the first in image/png's order of trial (up, Paeth, none, sub,
// average) among equals. Each sum stops once it can no longer win, and
// skips 8 bytes at a time where the filter gives zeros (runs of equal
// pixels, or of a row equal to the row above).
func pickFilter(cur, prev []byte) int {
	best, f := sumUp(cur, prev), ftUp
	for _, c := range [...]struct {
		filter int
		sum    func(cur, prev []byte, limit int) int
	}{{ftPaeth, sumPaeth}, {ftNone, sumNone}, {ftSub, sumSub}, {ftAverage, sumAverage}} {
		if s := c.sum(cur, prev, best); s < best {
			best, f = s, c.filter
		}
	}
	return f
}

// abs8 is the size of a filtered byte read as signed, as PNG encoders
// weigh it.
func abs8(d uint8) int {
	if d < 128 {
		return int(d)
	}
	return 256 - int(d)
}

// word is the 8 bytes of b from i.
func word(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i:]) }

func sumUp(cur, prev []byte) int {
	s, i := 0, 0
	for ; i+8 <= len(cur); i += 8 {
		if word(cur, i) == word(prev, i) {
			continue
		}
		for j := i; j < i+8; j++ {
			s += abs8(cur[j] - prev[j])
		}
	}
	for ; i < len(cur); i++ {
		s += abs8(cur[i] - prev[i])
	}
	return s
}

// The sums below return at least limit once they reach it.

func sumNone(cur, _ []byte, limit int) int {
	s, i := 0, 0
	for ; i+8 <= len(cur) && s < limit; i += 8 {
		switch word(cur, i) {
		case 0:
		case ^uint64(0):
			s += 8 // 0xff is -1
		default:
			for j := i; j < i+8; j++ {
				s += abs8(cur[j])
			}
		}
	}
	if s >= limit {
		return s
	}
	for ; i < len(cur); i++ {
		s += abs8(cur[i])
	}
	return s
}

func sumSub(cur, _ []byte, limit int) int {
	s := 0
	for i := 0; i < bpp && i < len(cur); i++ {
		s += abs8(cur[i])
	}
	i := bpp
	for ; i+8 <= len(cur) && s < limit; i += 8 {
		if word(cur, i) == word(cur, i-bpp) {
			continue
		}
		for j := i; j < i+8; j++ {
			s += abs8(cur[j] - cur[j-bpp])
		}
	}
	if s >= limit {
		return s
	}
	for ; i < len(cur); i++ {
		s += abs8(cur[i] - cur[i-bpp])
	}
	return s
}

func sumAverage(cur, prev []byte, limit int) int {
	s := 0
	for i := 0; i < bpp && i < len(cur); i++ {
		s += abs8(cur[i] - prev[i]/2)
	}
	i := bpp
	for ; i+8 <= len(cur) && s < limit; i += 8 {
		if c := word(cur, i); c == word(cur, i-bpp) && c == word(prev, i) {
			continue // the mean of two equal bytes is that byte
		}
		for j := i; j < i+8; j++ {
			s += abs8(cur[j] - average(cur[j-bpp], prev[j]))
		}
	}
	if s >= limit {
		return s
	}
	for ; i < len(cur); i++ {
		s += abs8(cur[i] - average(cur[i-bpp], prev[i]))
	}
	return s
}

func sumPaeth(cur, prev []byte, limit int) int {
	s := 0
	for i := 0; i < bpp && i < len(cur); i++ {
		s += abs8(cur[i] - prev[i])
	}
	i := bpp
	for ; i+8 <= len(cur) && s < limit; i += 8 {
		if paethZero(cur, prev, i) {
			continue
		}
		for j := i; j < i+8; j++ {
			s += abs8(cur[j] - paeth(cur[j-bpp], prev[j], prev[j-bpp]))
		}
	}
	if s >= limit {
		return s
	}
	for ; i < len(cur); i++ {
		s += abs8(cur[i] - paeth(cur[i-bpp], prev[i], prev[i-bpp]))
	}
	return s
}

// paethZero reports whether the Paeth filter gives 8 zeros from byte i:
// each byte equals the one above and its left neighbour the one above
// that (the predictor is then the byte above), or each equals its left
// neighbour and the byte above equals its left (the predictor is then the
// left neighbour).
func paethZero(cur, prev []byte, i int) bool {
	c, l, u, ul := word(cur, i), word(cur, i-bpp), word(prev, i), word(prev, i-bpp)
	return (c == u && l == ul) || (c == l && u == ul)
}

// average is the Average filter's predictor.
func average(left, up uint8) uint8 { return uint8((int(left) + int(up)) / 2) }

// paeth is the Paeth predictor of the PNG specification: of the left
// neighbour a, the byte above b and the one above-left c, the nearest to
// a+b-c, preferring a, then b.
func paeth(a, b, c uint8) uint8 {
	pc := int(c)
	pa := int(b) - pc
	pb := int(a) - pc
	pc = absInt(pa + pb)
	pa = absInt(pa)
	pb = absInt(pb)
	if pa <= pb && pa <= pc {
		return a
	} else if pb <= pc {
		return b
	}
	return c
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// applyFilter writes the row cur, filtered by f against prev, to out.
func applyFilter(f int, out, cur, prev []byte) {
	switch f {
	case ftNone:
		copy(out, cur)
	case ftUp:
		for i := range cur {
			out[i] = cur[i] - prev[i]
		}
	case ftSub:
		n := copy(out[:min(bpp, len(cur))], cur)
		for i := n; i < len(cur); i++ {
			out[i] = cur[i] - cur[i-bpp]
		}
	case ftAverage:
		i := 0
		for ; i < bpp && i < len(cur); i++ {
			out[i] = cur[i] - prev[i]/2
		}
		for ; i < len(cur); i++ {
			out[i] = cur[i] - average(cur[i-bpp], prev[i])
		}
	case ftPaeth:
		applyPaeth(out, cur, prev)
	}
}

// applyPaeth writes the Paeth-filtered row, 8 zeros at a time where
// paethZero says so.
func applyPaeth(out, cur, prev []byte) {
	i := 0
	for ; i < bpp && i < len(cur); i++ {
		out[i] = cur[i] - prev[i]
	}
	for ; i+8 <= len(cur); i += 8 {
		if paethZero(cur, prev, i) {
			binary.LittleEndian.PutUint64(out[i:], 0)
			continue
		}
		for j := i; j < i+8; j++ {
			out[j] = cur[j] - paeth(cur[j-bpp], prev[j], prev[j-bpp])
		}
	}
	for ; i < len(cur); i++ {
		out[i] = cur[i] - paeth(cur[i-bpp], prev[i], prev[i-bpp])
	}
}
