package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/fabkit/fabkit/internal/strictjson"
	"github.com/fabkit/fabkit/params"
	"github.com/fabkit/fabkit/shop"
)

// apiError is the body of every error response:
//
//	{"error": {"field": "params.brick_length", "message": "brick_length = 99ft: out of range 8in..24in"}}
//
// Field names the request field at fault ("" when none does); Details lists
// further problems when there are several.
type apiError struct {
	Status  int        `json:"-"`
	Field   string     `json:"field,omitempty"`
	Message string     `json:"message"`
	Details []apiError `json:"details,omitempty"`
}

func (e *apiError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// writeError sends e as JSON with its status.
func writeError(w http.ResponseWriter, e *apiError) {
	if e.Status == 0 {
		e.Status = http.StatusBadRequest
	}
	writeJSON(w, e.Status, map[string]*apiError{"error": e})
}

// writeJSON sends v as indented JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":{"message":"encoding the response failed"}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}

func badRequest(field, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Field: field, Message: fmt.Sprintf(format, args...)}
}

func notFound(field, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusNotFound, Field: field, Message: fmt.Sprintf(format, args...)}
}

// bodyError turns an error from reading or decoding a JSON body into an
// apiError naming the field: 413 for an oversized body, 400 otherwise.
func bodyError(err error) *apiError {
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	var syntax *json.SyntaxError
	var strict *strictjson.Error
	switch {
	case errors.As(err, &tooBig):
		return &apiError{Status: http.StatusRequestEntityTooLarge, Field: "body", Message: fmt.Sprintf("request body larger than %d bytes", tooBig.Limit)}
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return badRequest(field, "expected %s, got JSON %s", typeErr.Type, typeErr.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("body", "not valid JSON: unexpected end of input")
	case errors.As(err, &syntax):
		return badRequest("body", "not valid JSON at byte %d: %v", syntax.Offset, err)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return badRequest(name, "unknown field %q", name)
	case errors.As(err, &strict):
		field := strict.Field
		if field == "" {
			field = "body"
		}
		return badRequest(field, "%s", strict.Reason)
	case errors.Is(err, errEmptyBody):
		return badRequest("body", "empty request body; expected a JSON object")
	}
	return badRequest("body", "%v", err)
}

var errEmptyBody = errors.New("empty body")

// paramError names the parameter a params error is about, as
// "params.NAME" (or "preset"), with the message the CLI would print minus
// the source tag.
func paramError(err error) *apiError {
	var pe *params.Error
	var ue *params.UnknownError
	var pre *params.UnknownPresetError
	switch {
	case errors.As(err, &pe):
		c := *pe
		c.Source = ""
		return badRequest("params."+c.Param, "%s", c.Error())
	case errors.As(err, &ue):
		c := *ue
		c.Source = ""
		return badRequest("params."+c.Name, "%s", c.Error())
	case errors.As(err, &pre):
		return badRequest("preset", "%s", pre.Error())
	}
	return badRequest("params", "%v", err)
}

// reportError lists the errors of failed cross-parameter checks, each
// naming its first parameter.
func reportError(r *params.Report) *apiError {
	var list []apiError
	for _, is := range r.Issues {
		if is.Severity != params.SeverityError {
			continue
		}
		field := "params"
		if len(is.Params) > 0 {
			field = "params." + is.Params[0]
		}
		list = append(list, apiError{Field: field, Message: strings.Join(is.Params, ", ") + ": " + is.Message})
	}
	if len(list) == 0 {
		return nil
	}
	e := &apiError{Status: http.StatusBadRequest, Field: list[0].Field, Message: list[0].Message}
	if len(list) > 1 {
		e.Details = list[1:]
	}
	return e
}

// shopError names the field of a shop document at fault, as "shop.PATH".
func shopError(err error) *apiError {
	var fes shop.FieldErrors
	var fe *shop.FieldError
	field := func(f *shop.FieldError) string {
		if f.Field == "" {
			return "shop"
		}
		return "shop." + f.Field
	}
	switch {
	case errors.As(err, &fes) && len(fes) > 0:
		e := &apiError{Status: http.StatusBadRequest, Field: field(fes[0]), Message: fes[0].Error()}
		for _, f := range fes[1:] {
			e.Details = append(e.Details, apiError{Field: field(f), Message: f.Error()})
		}
		return e
	case errors.As(err, &fe):
		return badRequest(field(fe), "%s", fe.Error())
	}
	return badRequest("shop", "%v", err)
}
