package api

import (
	"maps"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// openAPI serves the OpenAPI 3.1 document, built from the same route table
// as the mux so the two cannot drift apart.
func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) {
	_ = writeJSON(w, http.StatusOK, h.Document())
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// Document returns the OpenAPI document.
func (h *Handler) Document() map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range h.routes {
		op := map[string]any{
			"summary":     rt.Summary,
			"operationId": operationID(rt),
			"responses":   responses(rt),
		}
		if rt.Permission != "" {
			op["description"] = "Needs the permission (token scope) `" + string(rt.Permission) + "`."
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if rt.Paged {
			params = append(params,
				map[string]any{"name": "cursor", "in": "query", "schema": map[string]any{"type": "string"}, "description": "next_cursor from the previous page"},
				map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": MaxLimit, "default": DefaultLimit}})
		}
		for _, q := range rt.Query {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "required": q.Required, "schema": map[string]any{"type": q.Type}, "description": q.Description})
		}
		if params != nil {
			op["parameters"] = params
		}
		multipart, isMultipart := multipartSchema(rt.Request)
		switch {
		case rt.Request == "":
		case rt.Request == "csv":
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"text/csv": map[string]any{"schema": map[string]any{"type": "string"}}}}
		case isMultipart:
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{"schema": ref(multipart)}}}
		default:
			op["requestBody"] = map[string]any{"required": true, "content": jsonContent(rt.Request)}
		}
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		paths[rt.Path][strings.ToLower(rt.Method)] = op
	}
	paths["/api/v1/openapi.json"] = map[string]any{"get": map[string]any{
		"summary": "This document", "operationId": "getOpenAPI", "security": []any{},
		"responses": map[string]any{"200": map[string]any{"description": "OpenAPI 3.1 document", "content": map[string]any{"application/json": map[string]any{}}}},
	}}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Vigil API",
			"version":     h.Version,
			"description": "Cyber security as patient safety. Every operation acts on the caller's own organisation only.",
		},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "An API token created by an org admin."},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": h.SessionCookie},
			},
			"schemas": schemas(),
		},
	}
}

func operationID(rt route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.Method))
	for _, part := range strings.FieldsFunc(strings.TrimPrefix(rt.Path, "/api/v1/"), func(r rune) bool { return r == '/' || r == '.' }) {
		part = strings.Trim(part, "{}")
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func jsonContent(schema string) map[string]any {
	if c := careMapContent(schema); c != nil {
		return c
	}
	return map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/" + schema}}}
}

func responses(rt route) map[string]any {
	status := rt.Status
	if status == 0 {
		status = http.StatusOK
	}
	ok := map[string]any{"description": http.StatusText(status)}
	switch rt.Response {
	case "":
	case "csv":
		ok["content"] = map[string]any{"text/csv": map[string]any{"schema": map[string]any{"type": "string"}}}
	default:
		ok["content"] = jsonContent(rt.Response)
	}
	problem := map[string]any{"description": "A problem (RFC 9457)", "content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
	out := map[string]any{strconv.Itoa(status): ok, "401": problem, "default": problem}
	if rt.Permission != "" {
		out["403"] = problem
	}
	if rt.Request != "" {
		out["422"] = problem
	}
	if strings.Contains(rt.Path, "{") {
		out["404"] = problem
	}
	return out
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// components name every body the routes refer to, with the Go type whose JSON
// form it is; the schemas are generated from those types.
func components() map[string]any {
	all := map[string]any{
		"Problem":          problem{},
		"Me":               meJSON{},
		"Organisation":     orgJSON{},
		"OrganisationList": list[orgJSON]{},
		"User":             userJSON{},
		"UserPage":         page[userJSON]{},
		"PersonDetails":    personJSON{},
		"PasswordReset":    passwordResetJSON{},
		"ImportResult":     importResultJSON{},
		"Team":             teamJSON{},
		"TeamList":         list[teamJSON]{},
		"NewTeam":          newTeamJSON{},
		"Site":             siteJSON{},
		"SiteList":         list[siteJSON]{},
		"NewSite":          newSiteJSON{},
		"TokenList":        list[tokenJSON]{},
		"NewToken":         newTokenJSON{},
		"CreatedToken":     tokenJSON{},
		"AuditPage":        page[auditJSON]{},
	}
	maps.Copy(all, reportComponents())
	maps.Copy(all, careMapComponents())
	maps.Copy(all, nationalComponents())
	maps.Copy(all, safetyComponents())
	maps.Copy(all, trainingComponents())
	maps.Copy(all, lrsComponents())
	maps.Copy(all, buddyContactComponents())
	maps.Copy(all, alertComponents())
	maps.Copy(all, incidentComponents())
	maps.Copy(all, notifyComponents())
	maps.Copy(all, incidentReviewComponents())
	maps.Copy(all, vulnComponents())
	maps.Copy(all, bulletinComponents())
	return all
}

func schemas() map[string]any {
	out := map[string]any{}
	for name, v := range components() {
		out[name] = schemaFor(v)
	}
	return out
}
