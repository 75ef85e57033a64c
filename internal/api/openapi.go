package api

import (
	"maps"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
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

func str() map[string]any { return map[string]any{"type": "string"} }
func strEnum(values ...string) map[string]any {
	return map[string]any{"type": "string", "enum": values}
}
func arrayOf(item map[string]any) map[string]any {
	return map[string]any{"type": "array", "items": item}
}
func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
func object(required []string, props map[string]any) map[string]any {
	o := map[string]any{"type": "object", "properties": props}
	if required != nil {
		o["required"] = required
	}
	return o
}
func list(item string) map[string]any {
	return object([]string{"items"}, map[string]any{"items": arrayOf(ref(item))})
}
func pageOf(item string) map[string]any {
	return object([]string{"items"}, map[string]any{"items": arrayOf(ref(item)), "next_cursor": str()})
}

func schemas() map[string]any {
	var roles, perms, jobRoles, orgTypes []string
	for _, r := range vigil.Roles {
		roles = append(roles, string(r))
	}
	for _, p := range vigil.Permissions {
		perms = append(perms, string(p))
	}
	for _, j := range org.JobRoles {
		jobRoles = append(jobRoles, string(j))
	}
	for _, t := range org.Types {
		orgTypes = append(orgTypes, string(t))
	}
	dateTime := map[string]any{"type": "string", "format": "date-time"}
	all := map[string]any{
		"Problem": object([]string{"type", "title", "status"}, map[string]any{
			"type": str(), "title": str(), "status": map[string]any{"type": "integer"}, "detail": str(), "instance": str(),
			"errors": map[string]any{"type": "object", "additionalProperties": str(), "description": "field or place → what is wrong"},
		}),
		"Me": object([]string{"organisation", "name", "roles", "permissions"}, map[string]any{
			"organisation": ref("Organisation"), "user_id": str(), "token_id": str(), "name": str(), "email": str(),
			"roles": arrayOf(strEnum(roles...)), "permissions": arrayOf(strEnum(perms...)),
		}),
		"Organisation": object([]string{"id", "code", "name", "type"}, map[string]any{
			"id": str(), "code": str(), "name": str(), "type": strEnum(orgTypes...),
			"settings": object(nil, map[string]any{"service_desk_phone": str(), "service_desk_email": str(),
				"email_domains": arrayOf(str()), "anonymous_reporting": map[string]any{"type": "boolean"}}),
		}),
		"OrganisationList": list("Organisation"),
		"User": object([]string{"id", "email", "name", "job_role", "roles"}, map[string]any{
			"id": str(), "email": str(), "name": str(), "job_role": strEnum(jobRoles...), "team_id": str(), "team": str(),
			"roles": arrayOf(strEnum(roles...)), "has_password": map[string]any{"type": "boolean"},
			"disabled": map[string]any{"type": "boolean"}, "created_at": dateTime,
		}),
		"UserPage": pageOf("User"),
		"PersonDetails": object([]string{"email", "name", "job_role"}, map[string]any{
			"email": str(), "name": str(), "job_role": strEnum(jobRoles...), "team_id": str(),
			"roles": arrayOf(strEnum(roles...)), "password": map[string]any{"type": "string", "minLength": auth.MinPasswordLength},
			"disabled": map[string]any{"type": "boolean"},
		}),
		"PasswordReset": object([]string{"password"}, map[string]any{"password": map[string]any{"type": "string", "minLength": auth.MinPasswordLength}}),
		"ImportResult": object([]string{"added", "updated", "teams_created"}, map[string]any{
			"added": map[string]any{"type": "integer"}, "updated": map[string]any{"type": "integer"}, "teams_created": arrayOf(str()),
		}),
		"Team":     object([]string{"id", "name", "kind"}, map[string]any{"id": str(), "name": str(), "kind": str(), "site_id": str(), "members": map[string]any{"type": "integer"}}),
		"TeamList": list("Team"),
		"NewTeam":  object([]string{"name"}, map[string]any{"name": str(), "kind": str(), "site_id": str()}),
		"Site":     object([]string{"id", "name"}, map[string]any{"id": str(), "name": str()}),
		"SiteList": list("Site"),
		"NewSite":  object([]string{"name"}, map[string]any{"name": str()}),
		"Token": object([]string{"id", "name", "scopes", "created_at"}, map[string]any{
			"id": str(), "name": str(), "scopes": arrayOf(strEnum(perms...)), "created_by": str(),
			"created_at": dateTime, "last_used_at": dateTime, "revoked_at": dateTime,
		}),
		"TokenList":    list("Token"),
		"NewToken":     object([]string{"name"}, map[string]any{"name": str(), "scopes": arrayOf(strEnum(perms...))}),
		"CreatedToken": map[string]any{"allOf": []any{ref("Token"), object([]string{"secret"}, map[string]any{"secret": str()})}},
		"AuditEvent": object([]string{"id", "at", "actor", "action", "entity_type", "summary"}, map[string]any{
			"id": str(), "at": dateTime, "actor_id": str(), "actor": str(), "action": str(), "entity_type": str(),
			"entity_id": str(), "summary": str(), "before": str(), "after": str(),
		}),
		"AuditPage": pageOf("AuditEvent"),
	}
	maps.Copy(all, reportSchemas())
	maps.Copy(all, careMapSchemas())
	return all
}
