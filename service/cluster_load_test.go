package service

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/service/cluster"
)

// pressBOM is a distinct, quick build of the shipped CEB press: its BOM
// for bricks 10in + i/4 in long.
func pressBOM(i int) string {
	return fmt.Sprintf(`{"design":"ceb-press","params":{"brick_length":"%gin"},"formats":["bom"]}`, 10+float64(i)/4)
}

// realWorkers runs n in-process build slots serving the shipped designs.
func (tc *testCluster) realWorkers(name string, n int) (stop func()) {
	tc.t.Helper()
	s, err := New(Config{CacheDir: tc.t.TempDir(), Designs: designs.All, Cluster: tc.conn(), BuildTimeout: 5 * time.Minute})
	if err != nil {
		tc.t.Fatal(err)
	}
	return tc.startWork(s, name, n)
}

func TestClusterLoadLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("40 builds")
	}
	tc := newTestCluster(t, cluster.Config{MaxQueue: 8, AckWait: 5 * time.Second})
	a, b := tc.realReplica(), tc.realReplica()
	tc.realWorkers("w1", 1)
	tc.realWorkers("w2", 1)
	type result struct {
		code int
		id   string
	}
	results := make([]result, 40)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := a
			if i%2 == 1 {
				r = b
			}
			code, data, _ := r.do("POST", "/api/builds", pressBOM(i))
			results[i].code = code
			if code == http.StatusAccepted || code == http.StatusOK {
				results[i].id = decodeStatus(t, data).ID
			} else if code != http.StatusTooManyRequests {
				t.Errorf("build %d: %d %s", i, code, data)
			}
		}()
		time.Sleep(25 * time.Millisecond) // a steady stream, not one burst
	}
	wg.Wait()
	accepted, refused := 0, 0
	for i, r := range results {
		if r.id == "" {
			refused++
			continue
		}
		accepted++
		if st := a.waitLong(r.id, 5*time.Minute, nil); st.Status != StatusDone {
			t.Errorf("build %d: %+v", i, st)
		}
	}
	t.Logf("40 builds: %d accepted and done, %d refused with 429 (queue cap 8)", accepted, refused)
	if refused == 0 || accepted < 8 {
		t.Errorf("%d accepted, %d refused: the queue cap of 8 did not act as it should", accepted, refused)
	}
	n, _ := tc.conn().Queued(t.Context())
	if n != 0 {
		t.Errorf("%d jobs left in the stream after every build ended", n)
	}
}

// BenchmarkClusterThroughput reports CEB press BOM builds per minute through a
// replica with 1 and 2 in-process workers (each of a single build slot).
func BenchmarkClusterThroughput(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			tc := newTestCluster(b, cluster.Config{MaxQueue: 1000, AckWait: 30 * time.Second})
			a := tc.realReplica()
			for w := range workers {
				tc.realWorkers(fmt.Sprintf("w%d", w), 1)
			}
			const perOp = 8
			b.ResetTimer()
			start := time.Now()
			for op := 0; op < b.N; op++ {
				var ids []string
				for i := range perOp {
					code, data, _ := a.do("POST", "/api/builds", pressBOM(op*perOp+i))
					if code != http.StatusAccepted {
						b.Fatalf("%d %s", code, data)
					}
					ids = append(ids, decodeStatus(tc.t, data).ID)
				}
				for _, id := range ids {
					if st := a.waitLong(id, 10*time.Minute, nil); st.Status != StatusDone {
						b.Fatalf("%+v", st)
					}
				}
			}
			b.ReportMetric(float64(b.N*perOp)/time.Since(start).Minutes(), "builds/min")
		})
	}
}
