package i18n

// Required returns the message of a missing required field name: the
// catalogue's "field_required_<name>" entry, which explains what to send,
// or else a message that names the field.
func Required(name string) Message {
	if _, ok := catalogue["field_required_"+name]; ok {
		return Msg("field_required_" + name)
	}
	return Msg("field_required_named", name)
}
