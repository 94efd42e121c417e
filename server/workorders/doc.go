// Package workorders keeps the work orders ("fiches d'intervention"):
// what a technician did at a site, for a request or on the spot, on which
// assets, with the checklist of actions done, the travel time and the
// work time. Work time comes from append-only time entries: timer events
// with the device's time, corrections and manual entries. A work order
// that starts or ends moves its request along through the requests
// package. Signatures, photos and the PDF belong to other packages.
package workorders
