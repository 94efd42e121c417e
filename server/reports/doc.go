// Package reports computes what the committee and the communes follow
// over a year: today, the work time spent per commune against the
// allowance the committee granted it, with warnings at 80 % and 100 %.
// It reads the work orders and the communes, and writes nothing.
package reports
