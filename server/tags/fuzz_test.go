package tags

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"parc/labels"
	"parc/server/apierr"
	"parc/server/settings"
)

// FuzzParseTags checks the --tags list reader: it never panics, fails
// only with the parser's typed errors or a 422 naming "tags", and the
// tags it reads read back the same when written out again.
func FuzzParseTags(f *testing.F) {
	f.Fuzz(func(t *testing.T, prefix, list string) {
		got, err := ParseTags(prefix, list)
		if err != nil {
			checkTagsError(t, prefix, list, err)
			return
		}

		if len(got) == 0 {
			t.Fatalf("ParseTags(%q, %q) returned no tag and no error", prefix, list)
		}
		if parts := len(strings.Split(list, ",")); len(got) > parts {
			t.Fatalf("ParseTags(%q, %q) returned %d tags from %d parts", prefix, list, len(got), parts)
		}
		texts := make([]string, len(got))
		for i, tag := range got {
			texts[i] = tag.String()
			again, err := labels.ParseAnyPrefix(prefix, tag.String())
			if err != nil || again != tag {
				t.Fatalf("tag %q of ParseTags(%q, %q) reads back as %#v, %v, want %#v", tag, prefix, list, again, err, tag)
			}
		}
		joined := strings.Join(texts, ",")
		again, err := ParseTags(prefix, joined)
		if err != nil || len(again) != len(got) {
			t.Fatalf("ParseTags(%q, %q) = %v, %v, want the %d tags of %q", prefix, joined, again, err, len(got), list)
		}
	})
}

// checkTagsError fails t unless err is one that ParseTags documents.
func checkTagsError(t *testing.T, prefix, list string, err error) {
	t.Helper()

	var parseErr *labels.ParseError
	var prefixErr *labels.PrefixError
	var apiErr *apierr.Error
	switch {
	case errors.As(err, &parseErr):
		if !strings.Contains(list, parseErr.Input) {
			t.Fatalf("ParseTags(%q, %q) names input %q, which the list does not contain", prefix, list, parseErr.Input)
		}
	case errors.As(err, &prefixErr):
		if prefixErr.Prefix != prefix {
			t.Fatalf("ParseTags(%q, %q) names prefix %q", prefix, list, prefixErr.Prefix)
		}
	case errors.As(err, &apiErr):
		if apiErr.Status != http.StatusUnprocessableEntity || apiErr.Fields["tags"].Key == "" {
			t.Fatalf("ParseTags(%q, %q) error %v, want a 422 naming tags", prefix, list, apiErr)
		}
		if !onlySpaceParts(list) {
			t.Fatalf("ParseTags(%q, %q) reports an empty list for a list with text", prefix, list)
		}
	default:
		t.Fatalf("ParseTags(%q, %q) error %v (%T), want a *labels.ParseError, *labels.PrefixError or *apierr.Error", prefix, list, err, err)
	}
}

func onlySpaceParts(list string) bool {
	for _, part := range strings.Split(list, ",") {
		if strings.TrimSpace(part) != "" {
			return false
		}
	}
	return true
}

// FuzzPrintOptions checks the options of a label batch as the body of
// POST /api/v1/labels sets them: a body that options accepts always
// renders one label, and a body it rejects gets a 422 naming one field.
func FuzzPrintOptions(f *testing.F) {
	conf := settings.Defaults()
	conf.BaseURL = "https://parc.example.org"
	tag, err := labels.NewAssetTag(labels.DefaultPrefix, 123)
	if err != nil {
		f.Fatalf("tag of the labels: %v", err)
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		var req PrintRequest
		if json.Unmarshal(body, &req) != nil {
			return // the handler returns 400 before options runs
		}
		tmpl, opts, err := options(conf, req)
		if err != nil {
			var apiErr *apierr.Error
			if !errors.As(err, &apiErr) || apiErr.Status != http.StatusUnprocessableEntity || len(apiErr.Fields) != 1 {
				t.Fatalf("options(%s) error %v (%T), want a 422 naming one field", body, err, err)
			}
			return
		}

		if opts.Skip < 0 || opts.Skip >= tmpl.PerPage() {
			t.Fatalf("options(%s) accepted skip %d for %s with %d positions", body, opts.Skip, tmpl.ID, tmpl.PerPage())
		}
		var buf bytes.Buffer
		if err := render(&buf, tmpl, labelsOf(conf, []labels.Tag{tag}), opts, tmpl.Format); err != nil {
			t.Fatalf("options(%s) accepted options that do not render: %v", body, err)
		}
		if buf.Len() == 0 {
			t.Fatalf("options(%s) rendered nothing", body)
		}
	})
}
