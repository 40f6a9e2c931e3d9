// Package web is ducha's internal web application and JSON API: pages for
// the supervision office, leaders and unit reporters, server-side sessions,
// CSRF protection and per-route permissions. Handlers are thin: they read
// the request, call package supervise, and render a template or JSON.
//
// Templates and static files are embedded, so the binary is one file.
package web
