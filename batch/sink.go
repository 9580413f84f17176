package batch

// asyncSink hands outcomes to the caller's sink on a goroutine of its
// own, in order and in slices, so that writing the results file
// overlaps with deciding the next rows. For plan of a large sheet that
// writing is a quarter of the work, and the machine has a second core.
type asyncSink struct {
	sink  func(Outcome) error
	batch []Outcome
	ch    chan []Outcome
	free  chan []Outcome // batches the sink is done with, for reuse
	done  chan struct{}
	err   error // the sink's first error; read only after done
}

// sinkBatch is how many outcomes travel together; sinkDepth how many
// batches may wait, which bounds the memory the writer may lag by.
const (
	sinkBatch = 256
	sinkDepth = 8
)

func newAsyncSink(sink func(Outcome) error) *asyncSink {
	a := &asyncSink{
		sink:  sink,
		batch: make([]Outcome, 0, sinkBatch),
		ch:    make(chan []Outcome, sinkDepth),
		free:  make(chan []Outcome, sinkDepth+1),
		done:  make(chan struct{}),
	}
	go a.loop()
	return a
}

// put queues one outcome. Only one goroutine may call it at a time.
func (a *asyncSink) put(o Outcome) {
	a.batch = append(a.batch, o)
	if len(a.batch) == sinkBatch {
		a.ch <- a.batch
		select {
		case a.batch = <-a.free:
		default:
			a.batch = make([]Outcome, 0, sinkBatch)
		}
	}
}

// close hands over what is left, waits for the sink to finish and
// returns its first error. After an error the sink is not called again.
func (a *asyncSink) close() error {
	if len(a.batch) > 0 {
		a.ch <- a.batch
	}
	close(a.ch)
	<-a.done
	return a.err
}

func (a *asyncSink) loop() {
	defer close(a.done)
	for batch := range a.ch {
		for _, o := range batch {
			if a.err == nil {
				a.err = a.sink(o)
			}
		}
		clear(batch) // drop references to the rows' strings
		select {
		case a.free <- batch[:0]:
		default:
		}
	}
}
