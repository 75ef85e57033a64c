package apptest

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// contract holds the app's published OpenAPI document, so that every JSON
// answer a test receives from /api/v1 is checked against it: a handler that
// writes something the document does not describe fails the test that
// called it, whatever that test was about.
type contract struct {
	once    sync.Once
	err     error
	doc     map[string]any
	schemas *jsonschema.Compiler
	cache   map[string]*jsonschema.Schema
	mu      sync.Mutex
}

const documentURL = "vigil:openapi.json"

func (c *contract) load(a *App) error {
	c.once.Do(func() {
		res, err := http.Get(a.URL + "/api/v1/openapi.json")
		if err != nil {
			c.err = err
			return
		}
		defer res.Body.Close()
		doc, err := jsonschema.UnmarshalJSON(res.Body)
		if err != nil {
			c.err = fmt.Errorf("read the OpenAPI document: %w", err)
			return
		}
		c.doc, _ = doc.(map[string]any)
		c.schemas = jsonschema.NewCompiler()
		if c.err = c.schemas.AddResource(documentURL, doc); c.err != nil {
			return
		}
		c.cache = map[string]*jsonschema.Schema{}
	})
	return c.err
}

// check validates one answer from the API; answers that are not JSON, and
// paths the document does not know, are left to the test itself.
func (c *contract) check(t testing.TB, a *App, method, path string, res Response) {
	t.Helper()
	mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if (mt != "application/json" && mt != "application/problem+json") || !strings.HasPrefix(path, "/api/v1/") {
		return
	}
	if err := c.load(a); err != nil {
		t.Fatalf("contract: %v", err)
	}
	template, ok := c.operation(method, path)
	pointer := documentURL + "#/components/schemas/Problem" // the answer to a path no operation has
	switch {
	case ok:
		if pointer, ok = c.response(template, strings.ToLower(method), res.StatusCode, mt); !ok {
			t.Errorf("contract: %s %s answered %d %s, which the document does not list", method, template, res.StatusCode, mt)
			return
		}
		if pointer == "" {
			return // documented without a schema: the document itself
		}
	case mt != "application/problem+json":
		t.Errorf("contract: %s %s answered JSON but is not in the OpenAPI document", method, path)
		return
	}
	schema, err := c.compile(pointer)
	if err != nil {
		t.Fatalf("contract: compile %s: %v", pointer, err)
	}
	body, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Errorf("contract: %s %s answered JSON that does not parse: %v", method, path, err)
		return
	}
	if err := schema.Validate(body); err != nil {
		t.Errorf("contract: %s %s answered %d with a body the document does not describe:\n%v", method, template, res.StatusCode, err)
	}
}

// operation finds the documented path template that a concrete path matches;
// like the mux, a literal segment beats a {parameter}.
func (c *contract) operation(method, path string) (string, bool) {
	path, _, _ = strings.Cut(path, "?")
	paths, _ := c.doc["paths"].(map[string]any)
	best, bestParams := "", -1
	for template, ops := range paths {
		if _, ok := ops.(map[string]any)[strings.ToLower(method)]; !ok || !matches(template, path) {
			continue
		}
		if params := strings.Count(template, "{"); bestParams < 0 || params < bestParams {
			best, bestParams = template, params
		}
	}
	return best, bestParams >= 0
}

func matches(template, path string) bool {
	want, got := strings.Split(template, "/"), strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if !strings.HasPrefix(want[i], "{") && want[i] != got[i] {
			return false
		}
	}
	return true
}

// response is the JSON pointer to the schema of one documented answer.
func (c *contract) response(template, method string, status int, mediaType string) (string, bool) {
	responses := c.doc["paths"].(map[string]any)[template].(map[string]any)[method].(map[string]any)["responses"].(map[string]any)
	code := strconv.Itoa(status)
	if _, ok := responses[code]; !ok {
		code = "default"
	}
	r, ok := responses[code].(map[string]any)
	if !ok {
		return "", false
	}
	content, _ := r["content"].(map[string]any)
	media, ok := content[mediaType].(map[string]any)
	if !ok {
		return "", false
	}
	if _, ok := media["schema"]; !ok {
		return "", true
	}
	escaped := strings.NewReplacer("~", "~0", "/", "~1").Replace(template)
	return fmt.Sprintf("%s#/paths/%s/%s/responses/%s/content/%s/schema", documentURL, escaped, method, code,
		strings.NewReplacer("~", "~0", "/", "~1").Replace(mediaType)), true
}

func (c *contract) compile(pointer string) (*jsonschema.Schema, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.cache[pointer]; ok {
		return s, nil
	}
	s, err := c.schemas.Compile(pointer)
	if err == nil {
		c.cache[pointer] = s
	}
	return s, err
}
