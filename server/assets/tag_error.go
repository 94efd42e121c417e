package assets

import (
	"errors"
	"net/http"
	"strings"

	"parc/labels"
	"parc/server/apierr"
	"parc/server/i18n"
)

// TagError turns an error of labels.Parse into a 400 response that
// explains in the user's words what is wrong with the tag.
func TagError(err error, prefix string) error {
	m, ok := tagMessage(err, prefix)
	if !ok {
		return err
	}
	return &apierr.Error{Status: http.StatusBadRequest, Code: "invalid_tag", Message: m, Cause: err}
}

// tagMessage returns the message that explains an error of labels.Parse,
// and false for any other error.
func tagMessage(err error, prefix string) (i18n.Message, bool) {
	var pe *labels.ParseError
	if !errors.As(err, &pe) {
		return i18n.Message{}, false
	}

	input := apierr.Quote(strings.TrimSpace(pe.Input))
	example, _ := labels.NewAssetTag(prefix, 123)
	switch pe.Reason {
	case labels.ReasonEmpty:
		return i18n.Msg("tag_empty"), true
	case labels.ReasonLength:
		return i18n.Msg("tag_length", input, len(example.String()), example.String()), true
	case labels.ReasonPrefix:
		return i18n.Msg("tag_prefix", input, prefix), true
	case labels.ReasonCharset:
		return i18n.Msg("tag_charset", input), true
	case labels.ReasonSerial:
		return i18n.Msg("tag_serial", input), true
	default:
		return i18n.Msg("tag_check", input), true
	}
}

// TagFault returns the fault of text as an asset tag under prefix: a
// malformed tag or a location tag. It returns false for a well-formed
// asset tag, whose other faults (taken, retired) need the database.
func TagFault(prefix, text string) (i18n.Message, bool) {
	tag, err := labels.ParseAnyPrefix(prefix, text)
	if err != nil {
		return tagMessage(err, prefix)
	}
	if tag.Kind == labels.LocationTag {
		return i18n.Msg("fleet_tag_location", tag.String()), true
	}
	return i18n.Message{}, false
}
