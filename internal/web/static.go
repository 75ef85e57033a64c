package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// static holds app.css and app.js, which are ours, and the NHS.UK
// frontend's built CSS, JavaScript and images, which the build copies in from
// the pinned npm package (they are not committed).
//
//go:embed static
var static embed.FS

// asset is one static file, ready to serve.
type asset struct {
	body    []byte
	gzipped []byte // nil when compressing does not pay (images)
	version string // a fingerprint of the content, for the address pages use
	ctype   string
}

// compressible are the text types worth sending gzipped.
var compressible = map[string]bool{".css": true, ".js": true, ".svg": true, ".json": true, ".txt": true, ".map": true}

// Long and short cache lifetimes: an address with the content's fingerprint
// never changes its content, so browsers may keep it for a year; anything
// else may change with the next release.
const (
	cacheFingerprinted = "public, max-age=31536000, immutable"
	cacheOther         = "public, max-age=3600"
)

// assets reads and compresses the embedded files once, on first use.
var assets = sync.OnceValue(func() map[string]*asset {
	files := map[string]*asset{}
	_ = fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		a := &asset{body: body, version: hex.EncodeToString(sum[:6]), ctype: mime.TypeByExtension(path.Ext(p))}
		if compressible[path.Ext(p)] {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			_, _ = zw.Write(body)
			_ = zw.Close()
			a.gzipped = buf.Bytes()
		}
		files[strings.TrimPrefix(p, "static/")] = a
		return nil
	})
	return files
})

// AssetURL is the address pages use for a static file: with its fingerprint,
// so a new release is fetched at once and an old one can be cached for long.
func AssetURL(name string) string {
	if a, ok := assets()[name]; ok {
		return "/assets/" + name + "?v=" + a.version
	}
	return "/assets/" + name
}

// serveAsset serves a static file, gzipped when the browser takes it.
func serveAsset(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/assets/")
	a, ok := assets()[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", cacheOther)
	if v := r.URL.Query().Get("v"); v == a.version {
		hd.Set("Cache-Control", cacheFingerprinted)
	}
	if a.ctype != "" {
		hd.Set("Content-Type", a.ctype)
	}
	body, etag := a.body, `"`+a.version+`"`
	if a.gzipped != nil {
		hd.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			body, etag = a.gzipped, `"`+a.version+`-gz"`
			hd.Set("Content-Encoding", "gzip")
		}
	}
	hd.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reads Accept-Encoding, honouring an explicit "gzip;q=0".
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			return strings.ReplaceAll(params, " ", "") != "q=0"
		}
	}
	return false
}

// HasFrontend reports whether the build copied the NHS.UK frontend in.
func HasFrontend() bool {
	_, err := fs.Stat(static, "static/nhsuk-frontend.min.css")
	return err == nil
}
