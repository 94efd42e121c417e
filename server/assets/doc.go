// Package assets is the fleet: communes, their sites and rooms, and the
// assets (PCs, printers, routers...) in them. It owns their bun models,
// their queries, their writes and the HTTP handlers that read and change
// them. Users, requests and work orders live in their own packages.
package assets
