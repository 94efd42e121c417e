// Package export writes the fleet, the work orders and their time
// entries as CSV files that spreadsheet programs open: UTF-8 with a byte
// order mark, ',' or ';' between fields. The assets file has the columns
// that server/importer reads back, so an export imports as it is.
package export
