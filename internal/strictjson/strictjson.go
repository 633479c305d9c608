// Package strictjson decodes JSON documents that people write (parameter
// files, API request bodies) strictly: a key given twice in one object,
// data after the document, nesting deeper than MaxDepth and documents
// larger than the caller's cap are refused with an *Error naming the field,
// where encoding/json would silently keep the last key or stop reading.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/internal/excerpt"
)

// MaxDepth bounds how deeply objects and arrays may nest.
const MaxDepth = 64

// Error is a problem with one field of a JSON document. Field is a path such
// as "params.brick_length" or "formats[2]" ("" for the document as a whole);
// Offset is the byte offset where it was found.
type Error struct {
	Field  string
	Offset int64
	Reason string
}

// Error reads "field: reason", or the reason alone for the whole document.
func (e *Error) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// ErrEmpty is returned for a document with nothing but white space.
var ErrEmpty = errors.New("empty document")

// TooLargeError is returned by ReadFile for a file over its cap.
type TooLargeError struct {
	Name  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than %d bytes", e.Name, e.Limit)
}

// ReadFile reads at most limit bytes of the named file and refuses a larger
// one without reading further (so /dev/zero stops at once).
func ReadFile(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Name: name, Limit: limit}
	}
	return data, nil
}

// Options adjust Decode.
type Options struct {
	// UseNumber decodes numbers into interface values as json.Number.
	UseNumber bool
	// DisallowUnknownFields refuses object keys that match no struct field.
	DisallowUnknownFields bool
}

// Decode checks data with Check, then decodes it into v.
func Decode(data []byte, v any, o Options) error {
	if err := Check(data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if o.UseNumber {
		dec.UseNumber()
	}
	if o.DisallowUnknownFields {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			return &Error{Field: te.Field, Offset: te.Offset, Reason: fmt.Sprintf("expected %s, got JSON %s", te.Type, te.Value)}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
			return &Error{Field: excerpt.Text(name), Offset: dec.InputOffset(), Reason: "unknown field"}
		}
		return &Error{Offset: dec.InputOffset(), Reason: err.Error()}
	}
	return nil
}

// Check reports the first problem of a JSON document: a syntax error, a
// duplicate key (naming it and where it first appeared), nesting deeper
// than MaxDepth, or data after the document. It returns ErrEmpty for an
// empty document.
func Check(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		object bool
		keys   map[string]int64 // key -> offset of its first use
		index  int              // next array index
		path   string           // path of this object or array
		key    string           // the key whose value comes next
		want   bool             // an object expects a key next
	}
	var stack []*frame
	// child returns the path of the value about to be read.
	child := func() string {
		if len(stack) == 0 {
			return ""
		}
		f := stack[len(stack)-1]
		if f.object {
			return join(f.path, f.key)
		}
		return f.path + "[" + strconv.Itoa(f.index) + "]"
	}
	// done marks the end of one value in the enclosing frame.
	done := func() {
		if len(stack) == 0 {
			return
		}
		f := stack[len(stack)-1]
		if f.object {
			f.want = true
		} else {
			f.index++
		}
	}
	started := false
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			if !started {
				return ErrEmpty
			}
			if len(stack) > 0 {
				return &Error{Field: stack[len(stack)-1].path, Offset: off, Reason: "not valid JSON: unexpected end of input"}
			}
			return nil
		}
		if err != nil && started && len(stack) == 0 {
			return &Error{Offset: off, Reason: "unexpected data after the JSON document"}
		}
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				off = se.Offset
			}
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = errors.New("unexpected end of input")
			}
			return &Error{Field: child(), Offset: off, Reason: "not valid JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
		}
		if started && len(stack) == 0 {
			return &Error{Offset: off, Reason: "unexpected data after the JSON document"}
		}
		started = true
		if len(stack) > 0 {
			if f := stack[len(stack)-1]; f.object && f.want {
				if d, ok := tok.(json.Delim); ok && d == '}' {
					stack = stack[:len(stack)-1]
					done()
					continue
				}
				k := tok.(string) // the decoder only yields strings as keys
				if first, dup := f.keys[k]; dup {
					return &Error{Field: join(f.path, excerpt.Text(k)), Offset: off,
						Reason: fmt.Sprintf("duplicate key (first at byte %d)", first)}
				}
				f.keys[k] = off
				f.key, f.want = excerpt.Text(k), false
				continue
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(stack) >= MaxDepth {
				return &Error{Field: child(), Offset: off, Reason: fmt.Sprintf("nested deeper than %d levels", MaxDepth)}
			}
			object := tok == json.Delim('{')
			f := &frame{object: object, path: child(), want: object}
			if object {
				f.keys = map[string]int64{}
			}
			stack = append(stack, f)
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
			done()
		default:
			done()
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
