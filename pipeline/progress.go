package pipeline

import "sync"

// Progress is one report of a running build: the stage (design, geometry,
// cam, bom, then each output format's kind, verify, manifest), how far the
// whole build is from 0 to 1, and what the stage is doing. Fraction never
// goes down.
type Progress struct {
	Stage    string
	Fraction float64
	Message  string
}

// Report is how a stage says how far it is: fraction of the stage done,
// from 0 to 1, and a message. A nil Report is allowed and hears nothing.
// It may be called from several goroutines.
type Report func(fraction float64, message string)

func (r Report) report(fraction float64, message string) {
	if r != nil {
		r(fraction, message)
	}
}

// share of the whole build each stage takes, for Progress.Fraction; the
// output formats share what is left between bom and verify.
var stageShare = map[string]float64{"design": 0.05, "assembly": 0.03, "geometry": 0.3, "cam": 0.2, "bom": 0.05, "verify": 0.02, "manifest": 0.01}

// progress turns stage reports into Progress for Request.Progress.
type progress struct {
	mu     sync.Mutex
	fn     func(Progress)
	stage  string
	lo, hi float64 // the stage's span of the whole build
	last   float64
}

// start begins a stage that takes share of the build.
func (p *progress) start(stage string, share float64, message string) Report {
	if p.fn == nil {
		return nil
	}
	p.mu.Lock()
	p.stage, p.lo, p.hi = stage, p.hi, min(1, p.hi+share)
	if stage == "manifest" {
		p.hi = 1 // the last stage ends the build, whatever the shares add up to
	}
	p.mu.Unlock()
	rep := Report(func(fraction float64, message string) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.stage != stage {
			return // a late report from a stage that has ended
		}
		f := p.lo + (p.hi-p.lo)*min(max(fraction, 0), 1)
		p.last = max(p.last, f)
		p.fn(Progress{Stage: stage, Fraction: p.last, Message: message})
	})
	rep(0, message)
	return rep
}
