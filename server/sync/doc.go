// Package sync lets devices that work without signal exchange changes
// with the server: a push applies a device's queued operations, each
// exactly once, and a pull sends the changes a device may see after its
// cursor.
//
// Every write to a record a device may hold calls Record inside its
// transaction, after Lock. Record gives the write the next number of one
// change sequence and files which fields it changed and who changed
// them. RecordWrite does this for a record of one commune and adds the
// write's audit entry. Domain packages own their records: they implement
// Entity for the records devices may push, and Loader for those they may
// pull.
package sync
