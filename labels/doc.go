// Package labels defines the tags printed on asset and location labels.
//
// A tag is a prefix of 1 to 3 letters (DefaultPrefix unless configured), a
// zero-padded serial and one check character computed with ISO/IEC 7064
// MOD 37,36 over everything before it. An asset tag looks like BE000123 plus
// the check character. A location tag, for a site or a room, puts "L" after
// the prefix and has a 5-digit serial, so both kinds have the same length for
// a given prefix.
//
// This package holds the tag scheme: building, formatting and parsing tags.
// Sheet templates and PDF and ZPL rendering of labels will belong here too.
// It does no I/O and imports nothing from the server, so reserving serials,
// storing tags and turning parse errors into messages for users happen in
// the server's domain packages.
package labels
