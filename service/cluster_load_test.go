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

// cubeBOM is a distinct small build of the shipped Power Cube: its BOM
// (7 files, under a second of CPU) for a reservoir of 3 + i/100 gallons
// (1,300 distinct builds, then they repeat).
func cubeBOM(i int) string {
	return fmt.Sprintf(`{"design":"power-cube","params":{"reservoir_volume":"%.2fgal"},"formats":["bom"]}`, 3+float64(i%1300)/100)
}

// BenchmarkClusterThroughput reports builds per minute through one API
// replica and an embedded JetStream server with 1 and 2 in-process workers
// of one build slot each. The builds are small (the Power Cube's BOM, see
// cubeBOM), so the figure is mostly the queue's and the workers' own cost
// per build: publish, fetch, status writes, storing the files, the
// replica's copy and check of them. Each iteration posts 12 distinct
// builds at once and waits for all of them. cpu-s/build is the CPU time of
// the whole cluster (all of it runs in the test process) per build: on a
// machine shared with other work it is the steadier of the two figures.
func BenchmarkClusterThroughput(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			tc := newTestCluster(b, cluster.Config{MaxQueue: 1000, AckWait: 30 * time.Second})
			a := tc.realReplica()
			for w := range workers {
				tc.realWorkers(fmt.Sprintf("w%d", w), 1)
			}
			const perOp = 12
			// One build first, so that no worker pays for a cold start in
			// the figure.
			if st := a.build(cubeBOM(1299)); st.Status != StatusDone {
				b.Fatalf("warm-up build: status %s, error %+v", st.Status, st.Error)
			}
			b.ResetTimer()
			start, cpu := time.Now(), processCPU()
			for op := 0; op < b.N; op++ {
				var ids []string
				for i := range perOp {
					code, data, _ := a.do("POST", "/api/builds", cubeBOM(op*perOp+i))
					if code != http.StatusAccepted {
						b.Fatalf("%d %s", code, data)
					}
					ids = append(ids, decodeStatus(b, data).ID)
				}
				for _, id := range ids {
					if st := a.waitLong(id, 5*time.Minute, nil); st.Status != StatusDone {
						b.Fatalf("status %s, error %+v", st.Status, st.Error)
					}
				}
			}
			b.StopTimer()
			builds := float64(b.N * perOp)
			b.ReportMetric(builds/time.Since(start).Minutes(), "builds/min")
			if used := processCPU() - cpu; used > 0 {
				b.ReportMetric(used.Seconds()/builds, "cpu-s/build")
			}
		})
	}
}
