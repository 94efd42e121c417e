// Package requests keeps the requests ("demandes d'intervention") that
// communes' correspondents send the service, and the comments on them.
// A request names a site, and may name an asset there; its category must
// fall within the service's charter for that site. Technicians move it
// from new to planned, in progress and done, or refuse it with a reason.
package requests
