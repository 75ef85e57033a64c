package web

import (
	"embed"
	"io/fs"
	"net/http"
)

// static holds app.css, which is ours, and the NHS.UK frontend's built CSS,
// JavaScript and images, which the build copies in from the pinned npm
// package (they are not committed).
//
//go:embed static
var static embed.FS

func staticFiles() http.Handler {
	sub, _ := fs.Sub(static, "static")
	files := http.StripPrefix("/assets/", http.FileServer(http.FS(sub)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}

// HasFrontend reports whether the build copied the NHS.UK frontend in.
func HasFrontend() bool {
	_, err := fs.Stat(static, "static/nhsuk-frontend.min.css")
	return err == nil
}
