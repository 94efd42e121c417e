// Package workorderpdf renders the PDF of a work order, the « bon
// d'intervention » that the person present signs: A4, in French or
// English, with the signature on the first page. It takes the texts ready
// to print and reads no database; server/workorders gathers them.
package workorderpdf
