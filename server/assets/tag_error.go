package assets

import (
	"errors"
	"strings"

	"parc/labels"
	"parc/server/apierr"
)

// TagError turns an error of labels.Parse into a 400 response that
// explains in the user's words what is wrong with the tag.
func TagError(err error, prefix string) error {
	var pe *labels.ParseError
	if !errors.As(err, &pe) {
		return err
	}

	input := apierr.Quote(strings.TrimSpace(pe.Input))
	example, _ := labels.NewAssetTag(prefix, 123)
	var e *apierr.Error
	switch pe.Reason {
	case labels.ReasonEmpty:
		e = apierr.BadRequest("invalid_tag", "tag_empty")
	case labels.ReasonLength:
		e = apierr.BadRequest("invalid_tag", "tag_length", input, len(example.String()), example.String())
	case labels.ReasonPrefix:
		e = apierr.BadRequest("invalid_tag", "tag_prefix", input, prefix)
	case labels.ReasonCharset:
		e = apierr.BadRequest("invalid_tag", "tag_charset", input)
	case labels.ReasonSerial:
		e = apierr.BadRequest("invalid_tag", "tag_serial", input)
	default:
		e = apierr.BadRequest("invalid_tag", "tag_check", input)
	}
	e.Cause = err
	return e
}
