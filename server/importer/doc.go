// Package importer reads inventory spreadsheets saved as CSV and brings
// their lines into the fleet. It recognises the columns, normalises the
// values (operating systems, dates, brands, spaces), and reports each
// line's faults with its line number in the file. It creates or updates
// sites, rooms and assets through the fleet's writers in one transaction.
// Communes are never created here: an administrator creates them first.
// The command line and the web app share it.
package importer
