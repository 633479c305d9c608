// Package cluster is the transport of a scaled-out `fabkit serve`: it keeps
// build jobs, build status, output files and posted shops in NATS
// JetStream, so that any number of API replicas and build workers share
// them and none holds state a client depends on.
//
// It knows nothing about builds: jobs, statuses and shops are opaque bytes
// keyed by the content-addressed build id (64 hex digits) or shop hash the
// service computes. What lives where:
//
//   - stream FABKIT_JOBS (work-queue retention, subject fabkit.jobs, file
//     storage): one message per build to run, de-duplicated by id within
//     the duplicate window, capped at MaxQueue messages (publishing beyond
//     it fails with ErrQueueFull); a message leaves the stream when a
//     worker acknowledges or terminates it, and is delivered at most
//     MaxAttempts+1 times (the last delivery is Final);
//   - key-value bucket fabkit-builds: the status of each build under its id,
//     and cancel requests under "cancel.ID";
//   - object store fabkit-files: every output file of a finished build,
//     named "ID/PATH", capped at MaxStoreBytes (oldest finished builds are
//     evicted to make room, see EvictFor);
//   - key-value bucket fabkit-shops: posted shop documents by hash, each at
//     most MaxShopBytes.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Names of the JetStream resources.
const (
	JobStream  = "FABKIT_JOBS"
	JobSubject = "fabkit.jobs"
	Consumer   = "fabkit-workers"
	StatusKV   = "fabkit-builds"
	FilesStore = "fabkit-files"
	ShopsKV    = "fabkit-shops"
	cancelKey  = "cancel."
	opTimeout  = 10 * time.Second

	// MaxAttempts is how many workers may take a job and end without a
	// word (killed, out of memory, their machine lost) or hand it back.
	// The consumer delivers a job once more after that, and the worker
	// that gets this last delivery (Job.Final) records the build failed
	// instead of building it.
	MaxAttempts = 5

	// errCodeStoreFailed is the server's JSStreamStoreFailedF: a stream
	// refused a message, e.g. "maximum messages exceeded" under DiscardNew.
	errCodeStoreFailed jetstream.ErrorCode = 10077
)

// Defaults for the zero values of Config.
const (
	DefaultMaxQueue      = 64
	DefaultAckWait       = 30 * time.Second
	DefaultMaxStoreBytes = 4 << 30 // 4 GiB
	DefaultMaxShopBytes  = 1 << 20
	DefaultDuplicates    = 10 * time.Minute
)

// Config says where NATS is and the limits that hold across the cluster.
// Every replica and worker should use the same limits: the first one to
// start creates the stream and buckets, later ones update them.
type Config struct {
	// URL is the NATS server URL, e.g. nats://127.0.0.1:4222 (a
	// comma-separated list names several servers of a NATS cluster).
	URL string
	// Name identifies this connection in the server's monitoring.
	Name string
	// MaxQueue caps the jobs in the stream (queued or being built).
	MaxQueue int64
	// AckWait is how long a job stays with a worker that stops reporting
	// progress before it is delivered to another.
	AckWait time.Duration
	// MaxStoreBytes caps the object store of output files.
	MaxStoreBytes int64
	// MaxShopBytes caps one posted shop document.
	MaxShopBytes int32
	// Replicas is the JetStream replica count of every stream (1 on a
	// single NATS server, 3 on a NATS cluster).
	Replicas int
	// Manage says this connection sets the limits: API replicas create or
	// update the stream and buckets with the limits above; workers
	// (Manage false) use what is there and create only what is missing.
	Manage bool
}

// Errors the callers branch on.
var (
	ErrQueueFull = errors.New("cluster: the build queue is full")
	ErrNotFound  = errors.New("cluster: not found")
	ErrExists    = errors.New("cluster: already exists")
	ErrChanged   = errors.New("cluster: changed since it was read")
	ErrStoreFull = errors.New("cluster: the file store is full")
)

// Cluster is a connection to the shared JetStream resources.
type Cluster struct {
	cfg        Config
	maxDeliver int // of the consumer in force
	nc         *nats.Conn
	js         jetstream.JetStream
	jobs       jetstream.Stream
	status     jetstream.KeyValue
	files      jetstream.ObjectStore
	shops      jetstream.KeyValue
}

// Open connects to NATS and creates or updates the stream, the consumer
// and the buckets. The connection reconnects by itself (forever) when the
// server restarts.
func Open(ctx context.Context, cfg Config) (*Cluster, error) {
	if cfg.URL == "" {
		return nil, errors.New("cluster: no NATS URL")
	}
	if cfg.MaxQueue <= 0 {
		cfg.MaxQueue = DefaultMaxQueue
	}
	if cfg.AckWait <= 0 {
		cfg.AckWait = DefaultAckWait
	}
	if cfg.MaxStoreBytes <= 0 {
		cfg.MaxStoreBytes = DefaultMaxStoreBytes
	}
	if cfg.MaxShopBytes <= 0 {
		cfg.MaxShopBytes = DefaultMaxShopBytes
	}
	if cfg.Replicas <= 0 {
		cfg.Replicas = 1
	}
	nc, err := nats.Connect(cfg.URL, nats.Name(cfg.Name), nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond),
		nats.RetryOnFailedConnect(false))
	if err != nil {
		return nil, fmt.Errorf("cluster: connecting to %s: %w", cfg.URL, err)
	}
	c := &Cluster{cfg: cfg, nc: nc}
	if err := c.setUp(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) setUp(ctx context.Context) error {
	var err error
	if c.js, err = jetstream.New(c.nc); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	c.jobs, err = c.js.Stream(ctx, JobStream)
	if c.cfg.Manage || errors.Is(err, jetstream.ErrStreamNotFound) {
		c.jobs, err = c.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
			Name: JobStream, Description: "fabkit build jobs", Subjects: []string{JobSubject},
			Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage, Replicas: c.cfg.Replicas,
			MaxMsgs: c.cfg.MaxQueue, Discard: jetstream.DiscardNew, Duplicates: DefaultDuplicates,
		})
	}
	if err != nil {
		return fmt.Errorf("cluster: stream %s: %w", JobStream, err)
	}
	cons, err := c.jobs.Consumer(ctx, Consumer)
	if c.cfg.Manage || errors.Is(err, jetstream.ErrConsumerNotFound) {
		cons, err = c.jobs.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
			Durable: Consumer, AckPolicy: jetstream.AckExplicitPolicy, AckWait: c.cfg.AckWait,
			MaxDeliver: MaxAttempts + 1, MaxAckPending: -1, DeliverPolicy: jetstream.DeliverAllPolicy,
		})
	}
	if err != nil {
		return fmt.Errorf("cluster: consumer %s: %w", Consumer, err)
	}
	c.maxDeliver = MaxAttempts + 1
	if info := cons.CachedInfo(); info != nil {
		if info.Config.AckWait > 0 {
			c.cfg.AckWait = info.Config.AckWait // the one in force, whoever set it
		}
		c.maxDeliver = info.Config.MaxDeliver // -1 or 0: no limit
	}
	c.status, err = c.js.KeyValue(ctx, StatusKV)
	if c.cfg.Manage || errors.Is(err, jetstream.ErrBucketNotFound) {
		c.status, err = c.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket: StatusKV, Description: "fabkit build status by id", History: 1,
			Storage: jetstream.FileStorage, Replicas: c.cfg.Replicas, MaxValueSize: 1 << 20,
		})
	}
	if err != nil {
		return fmt.Errorf("cluster: bucket %s: %w", StatusKV, err)
	}
	c.files, err = c.js.ObjectStore(ctx, FilesStore)
	if c.cfg.Manage || errors.Is(err, jetstream.ErrBucketNotFound) {
		c.files, err = c.js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
			Bucket: FilesStore, Description: "fabkit output files, ID/PATH", MaxBytes: c.cfg.MaxStoreBytes,
			Storage: jetstream.FileStorage, Replicas: c.cfg.Replicas,
		})
	}
	if err != nil {
		return fmt.Errorf("cluster: object store %s: %w", FilesStore, err)
	}
	if st, err := c.files.Status(ctx); err == nil {
		if info := st.(*jetstream.ObjectBucketStatus).StreamInfo(); info != nil && info.Config.MaxBytes > 0 {
			c.cfg.MaxStoreBytes = info.Config.MaxBytes
		}
	}
	c.shops, err = c.js.KeyValue(ctx, ShopsKV)
	if c.cfg.Manage || errors.Is(err, jetstream.ErrBucketNotFound) {
		c.shops, err = c.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket: ShopsKV, Description: "posted fabkit shop documents by hash", History: 1,
			Storage: jetstream.FileStorage, Replicas: c.cfg.Replicas, MaxValueSize: c.cfg.MaxShopBytes,
			MaxBytes: 1024 * int64(c.cfg.MaxShopBytes),
		})
	}
	if err != nil {
		return fmt.Errorf("cluster: bucket %s: %w", ShopsKV, err)
	}
	return nil
}

// Close drains and closes the connection.
func (c *Cluster) Close() {
	if c.nc != nil {
		c.nc.Close()
	}
}

// Connected reports whether the connection to NATS is up (for /healthz).
func (c *Cluster) Connected() bool { return c.nc.IsConnected() }

// Config returns the limits in force.
func (c *Cluster) Config() Config { return c.cfg }

// Queued returns the number of jobs in the stream: queued or being built.
func (c *Cluster) Queued(ctx context.Context) (uint64, error) {
	info, err := c.jobs.Info(ctx)
	if err != nil {
		return 0, err
	}
	return info.State.Msgs, nil
}

// Publish queues a job for build id. msgID de-duplicates it: two replicas
// publishing the same msgID within the duplicate window queue one job.
func (c *Cluster) Publish(ctx context.Context, msgID string, job []byte) error {
	_, err := c.js.Publish(ctx, JobSubject, job, jetstream.WithMsgID(msgID), jetstream.WithExpectStream(JobStream))
	if err != nil {
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) && apiErr.ErrorCode == errCodeStoreFailed && strings.Contains(apiErr.Description, "maximum messages") {
			return ErrQueueFull
		}
		return fmt.Errorf("cluster: publishing job: %w", err)
	}
	return nil
}

// Job is a job delivered to a worker. It stays with the worker until Ack,
// Term or Nak, as long as the worker calls InProgress more often than
// every AckWait; otherwise it is delivered again to a worker.
type Job struct {
	msg jetstream.Msg
	// Data is the job's bytes as published.
	Data []byte
	// Delivery counts the deliveries of this job, 1 on the first.
	Delivery uint64
	// Final says this is the last delivery the server makes: every
	// earlier worker that took the job ended without finishing it, and
	// none will get it after this one. The worker records the build
	// failed and terminates the job rather than build it, so that a job
	// whose builds keep killing their workers ends instead of staying
	// "running" for ever.
	Final bool
}

// InProgress tells the server the worker still holds the job.
func (j *Job) InProgress() error { return j.msg.InProgress() }

// Ack ends the job: it leaves the stream.
func (j *Job) Ack(ctx context.Context) error { return j.msg.DoubleAck(ctx) }

// Term ends a job that must not be delivered again (cancelled, invalid).
func (j *Job) Term() error { return j.msg.Term() }

// Nak hands the job back for another worker now.
func (j *Job) Nak() error { return j.msg.Nak() }

// Next waits up to wait for a job; it returns nil, nil when none came.
func (c *Cluster) Next(ctx context.Context, wait time.Duration) (*Job, error) {
	cons, err := c.jobs.Consumer(ctx, Consumer)
	if err != nil {
		return nil, fmt.Errorf("cluster: consumer: %w", err)
	}
	batch, err := cons.Fetch(1, jetstream.FetchMaxWait(wait))
	if err != nil {
		return nil, fmt.Errorf("cluster: fetching a job: %w", err)
	}
	for msg := range batch.Messages() {
		md, err := msg.Metadata()
		if err != nil {
			return nil, fmt.Errorf("cluster: job metadata: %w", err)
		}
		maxDeliver := c.maxDeliver
		if info := cons.CachedInfo(); info != nil {
			maxDeliver = info.Config.MaxDeliver // as it is now, whoever set it
		}
		final := maxDeliver > 1 && md.NumDelivered >= uint64(maxDeliver)
		return &Job{msg: msg, Data: msg.Data(), Delivery: md.NumDelivered, Final: final}, nil
	}
	if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("cluster: fetching a job: %w", err)
	}
	return nil, nil
}

// Status returns the status bytes of build id and their revision.
func (c *Cluster) Status(ctx context.Context, id string) ([]byte, uint64, error) {
	e, err := c.status.Get(ctx, id)
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
		return nil, 0, ErrNotFound
	}
	if err != nil {
		return nil, 0, fmt.Errorf("cluster: status of %s: %w", id, err)
	}
	return e.Value(), e.Revision(), nil
}

// CreateStatus stores the first status of build id; ErrExists when the id
// already has one (another replica got there first).
func (c *Cluster) CreateStatus(ctx context.Context, id string, st []byte) (uint64, error) {
	rev, err := c.status.Create(ctx, id, st)
	if errors.Is(err, jetstream.ErrKeyExists) {
		return 0, ErrExists
	}
	if err != nil {
		return 0, fmt.Errorf("cluster: status of %s: %w", id, err)
	}
	return rev, nil
}

// UpdateStatus replaces the status of build id if it is still at revision
// rev; ErrChanged when someone else wrote it since.
func (c *Cluster) UpdateStatus(ctx context.Context, id string, st []byte, rev uint64) (uint64, error) {
	rev, err := c.status.Update(ctx, id, st, rev)
	var apiErr *jetstream.APIError
	if errors.Is(err, jetstream.ErrKeyExists) || (errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence) {
		return 0, ErrChanged
	}
	if err != nil {
		return 0, fmt.Errorf("cluster: status of %s: %w", id, err)
	}
	return rev, nil
}

// PutStatus stores the status of build id whatever it was.
func (c *Cluster) PutStatus(ctx context.Context, id string, st []byte) error {
	if _, err := c.status.Put(ctx, id, st); err != nil {
		return fmt.Errorf("cluster: status of %s: %w", id, err)
	}
	return nil
}

// DeleteStatus forgets build id.
func (c *Cluster) DeleteStatus(ctx context.Context, id string) error {
	if err := c.status.Delete(ctx, id); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("cluster: status of %s: %w", id, err)
	}
	return nil
}

// RequestCancel asks the worker holding build id (or the next to take it)
// to stop.
func (c *Cluster) RequestCancel(ctx context.Context, id string) error {
	if _, err := c.status.Put(ctx, cancelKey+id, []byte("cancel")); err != nil {
		return fmt.Errorf("cluster: cancelling %s: %w", id, err)
	}
	return nil
}

// CancelRequested reports whether build id was asked to stop.
func (c *Cluster) CancelRequested(ctx context.Context, id string) bool {
	_, err := c.status.Get(ctx, cancelKey+id)
	return err == nil
}

// ClearCancel forgets a cancel request (a retried build starts afresh).
func (c *Cluster) ClearCancel(ctx context.Context, id string) error {
	if err := c.status.Delete(ctx, cancelKey+id); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("cluster: cancel of %s: %w", id, err)
	}
	return nil
}

// Shop returns a posted shop document by its hash.
func (c *Cluster) Shop(ctx context.Context, hash string) ([]byte, error) {
	e, err := c.shops.Get(ctx, hash)
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("cluster: shop %s: %w", hash, err)
	}
	return e.Value(), nil
}

// PutShop stores a shop document under its hash.
func (c *Cluster) PutShop(ctx context.Context, hash string, doc []byte) error {
	if len(doc) > int(c.cfg.MaxShopBytes) {
		return fmt.Errorf("cluster: shop document of %d bytes is over the cluster's cap of %d", len(doc), c.cfg.MaxShopBytes)
	}
	if _, err := c.shops.Put(ctx, hash, doc); err != nil {
		return fmt.Errorf("cluster: storing shop %s: %w", hash, err)
	}
	return nil
}

// opContext bounds one request to the server.
func opContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, opTimeout)
}
