// Package tags is the registry of printed asset and location tags: batches
// that reserve serials, the state of each tag (unassigned, assigned to an
// asset, void) and reprints. Rendering labels belongs to the labels
// package; this package decides which tags a batch prints.
package tags
