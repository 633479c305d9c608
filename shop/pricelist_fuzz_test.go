package shop

import (
	"bytes"
	"testing"
)

// FuzzPriceList feeds arbitrary CSV to the price-list reader and applies
// whatever it accepts to the default shop: the outcome is an error or a
// shop that still validates, never a panic.
func FuzzPriceList(f *testing.F) {
	for _, seed := range []string{
		"id,price\ncyl-5x16,1234.5\n",
		"id,price,length\nsq-4x4x1/4,300,20ft\n",
		"id;price\nbolt-1x3;2,5\n",
		"id,price\nno-such,3\n",
		"id,price\nplate-1/2,-1\n",
		"\xef\xbb\xbfID,Price,Description\nnut-1,1.7,nut\n",
		"id,price,width,length\nplate-1/2,700,48in,96in\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pl, err := ReadPriceList("fuzz.csv", bytes.NewReader(data))
		if err != nil {
			return
		}
		s := Default()
		if err := s.ApplyPrices(pl); err != nil {
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("prices accepted but the shop no longer validates: %v", err)
		}
	})
}
