package pipeline

import (
	"context"
	"runtime"
	"sync"
)

// forEach runs job(i) for i in [0, n) on workers goroutines (all cores
// when 0). Jobs write their results into slots of their own, so the
// outcome does not depend on the number of workers. It stops handing out
// jobs once ctx is done and returns ctx's error then.
func forEach(ctx context.Context, workers, n int, job func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				job(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return ctx.Err()
}
