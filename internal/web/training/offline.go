package training

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// A phone that has opened a lesson keeps every page of it, so that a
// lesson started on a break can be finished where there is no signal. The
// service worker serves the kept pages when the network fails, and the
// quiz result waits on the phone until it can be sent (offline.js). Both
// scripts are files of their own: the CSP allows no inline script.

//go:embed static
var static embed.FS

// serveScript sends one of the section's scripts. They change with a
// release, so the browser checks for a newer one every time.
func serveScript(w http.ResponseWriter, name string) {
	data, err := static.ReadFile("static/" + name)
	if err != nil {
		http.Error(w, "Not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(data)
}

func (h *Pages) serviceWorker(w http.ResponseWriter, r *http.Request) { serveScript(w, "sw.js") }

func (h *Pages) offlineScript(w http.ResponseWriter, r *http.Request) { serveScript(w, "offline.js") }

// manifest makes Vigil installable on a phone's home screen, opening at
// My training.
func (h *Pages) manifest(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"name": "Vigil", "short_name": "Vigil", "description": "Cyber security lessons and reporting for NHS staff",
		"start_url": "/training", "scope": "/", "display": "standalone", "background_color": "#f0f4f5", "theme_color": "#005eb8",
		"icons": []map[string]string{{"src": web.AssetURL("images/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}},
	})
}

// offlinePages lists what a phone keeps to finish a lesson offline: its
// screens, each question, the feedback on each answer, and what they need.
func (h *Pages) offlinePages(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	l, ok := h.lesson(w, r, sc)
	if !ok {
		return
	}
	pages := []string{"/training/offline.js", lessonPath(l)}
	for _, name := range []string{"nhsuk-frontend.min.css", "app.css", "app.js", "nhsuk-frontend.min.js", "images/favicon.svg"} {
		pages = append(pages, web.AssetURL(name))
	}
	for n := range l.Screens {
		pages = append(pages, lessonPath(l)+"/screens/"+strconv.Itoa(n+1))
	}
	for n, q := range l.Quiz {
		pages = append(pages, quizPath(l, n+1))
		for c := range q.Options {
			pages = append(pages, fmt.Sprintf("%s/feedback?choice=%d", quizPath(l, n+1), c))
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"cache": "vigil-lesson-" + l.ID, "pages": pages})
}
