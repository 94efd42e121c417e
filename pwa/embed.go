// Package pwa embeds the web app's static files in the binary. The server
// fills the build's version into the entry points (index.html, sw.js,
// manifest.webmanifest) and serves app/ under /app/<version>/.
package pwa

import "embed"

// Files holds the entry points and the app/ folder.
//
//go:embed index.html sw.js manifest.webmanifest app
var Files embed.FS
