package cluster

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// objectName is where file path of build id lives in the object store.
func objectName(id, path string) string { return id + "/" + path }

// PutFile stores one output file of build id. When the store is full it
// evicts the builds finished longest ago (never keep) and tries again.
func (c *Cluster) PutFile(ctx context.Context, id, path string, data []byte) error {
	for attempt := 0; ; attempt++ {
		_, err := c.files.PutBytes(ctx, objectName(id, path), data)
		if err == nil {
			return nil
		}
		if !isStoreFull(err) || attempt >= 3 {
			if isStoreFull(err) {
				return fmt.Errorf("%w: %s of build %s (%d bytes) does not fit in %d bytes", ErrStoreFull, path, id, len(data), c.cfg.MaxStoreBytes)
			}
			return fmt.Errorf("cluster: storing %s of build %s: %w", path, id, err)
		}
		if _, err := c.EvictFor(ctx, int64(len(data)), id); err != nil {
			return err
		}
	}
}

// isStoreFull reports a put refused for the store's byte cap.
func isStoreFull(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && strings.Contains(apiErr.Description, "maximum bytes") ||
		err != nil && strings.Contains(err.Error(), "maximum bytes")
}

// File returns one output file of build id.
func (c *Cluster) File(ctx context.Context, id, path string) ([]byte, error) {
	data, err := c.files.GetBytes(ctx, objectName(id, path))
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("cluster: reading %s of build %s: %w", path, id, err)
	}
	return data, nil
}

// storedBuild is one build's files in the object store.
type storedBuild struct {
	id    string
	names []string
	bytes int64
	last  time.Time
}

// builds lists the builds in the object store, finished longest ago first.
func (c *Cluster) builds(ctx context.Context) ([]*storedBuild, error) {
	list, err := c.files.List(ctx)
	if errors.Is(err, jetstream.ErrNoObjectsFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cluster: listing stored files: %w", err)
	}
	byID := map[string]*storedBuild{}
	for _, o := range list {
		id, _, ok := strings.Cut(o.Name, "/")
		if !ok {
			continue
		}
		b := byID[id]
		if b == nil {
			b = &storedBuild{id: id}
			byID[id] = b
		}
		b.names = append(b.names, o.Name)
		b.bytes += int64(o.Size)
		if o.ModTime.After(b.last) {
			b.last = o.ModTime
		}
	}
	out := make([]*storedBuild, 0, len(byID))
	for _, b := range byID {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].last.Equal(out[j].last) {
			return out[i].last.Before(out[j].last)
		}
		return out[i].id < out[j].id
	})
	return out, nil
}

// EvictFor makes room for need more bytes in the object store by deleting
// whole builds, the one finished longest ago first, never keep; their
// status is deleted with them, so they read as unknown and a new request
// builds them again. It returns the ids evicted.
func (c *Cluster) EvictFor(ctx context.Context, need int64, keep string) ([]string, error) {
	st, err := c.files.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("cluster: file store status: %w", err)
	}
	used := int64(st.Size())
	list, err := c.builds(ctx)
	if err != nil {
		return nil, err
	}
	var evicted []string
	for _, b := range list {
		if used+need <= c.cfg.MaxStoreBytes*9/10 { // leave headroom: chunks and metadata count too
			break
		}
		if b.id == keep {
			continue
		}
		if err := c.DeleteBuild(ctx, b.id, b.names); err != nil {
			return evicted, err
		}
		used -= b.bytes
		evicted = append(evicted, b.id)
	}
	return evicted, nil
}

// DeleteBuild removes a build's status and the named files of it.
func (c *Cluster) DeleteBuild(ctx context.Context, id string, names []string) error {
	if err := c.DeleteStatus(ctx, id); err != nil {
		return err
	}
	for _, n := range names {
		if err := c.files.Delete(ctx, n); err != nil && !errors.Is(err, jetstream.ErrObjectNotFound) {
			return fmt.Errorf("cluster: evicting %s: %w", n, err)
		}
	}
	return nil
}
