// Package pwa embeds the web app's static files in the binary.
package pwa

import "embed"

// Files holds the static files served from "/".
//
//go:embed index.html home.js home.css favicon.svg
var Files embed.FS
