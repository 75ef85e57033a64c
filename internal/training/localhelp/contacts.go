package localhelp

import (
	"context"
	"fmt"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Contacts are the organisation's contacts for lessons and answers: its
// name and service desk from its settings, and the local contacts set here.
func (h *Help) Contacts(ctx context.Context, scope vigil.Scope) (prose.Contacts, error) {
	o, err := h.orgs.Organisation(ctx, scope, scope.OrgID)
	if err != nil {
		return prose.Contacts{}, err
	}
	c := prose.Contacts{Organisation: o.Name, ServiceDeskPhone: o.Settings.ServiceDeskPhone, ServiceDeskEmail: o.Settings.ServiceDeskEmail}
	rows, err := h.db.Query(ctx, `SELECT name, value FROM help_contacts WHERE org_id = $1`, scope.OrgID)
	if err != nil {
		return prose.Contacts{}, fmt.Errorf("read local contacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return prose.Contacts{}, fmt.Errorf("read local contact: %w", err)
		}
		c.Set(name, value) // a contact Vigil no longer knows is left out
	}
	return c, rows.Err()
}

// SetContacts replaces the organisation's local contacts with values, by
// placeholder name; an empty value clears one. Every value is checked
// first, and the error names each field that is wrong.
func (h *Help) SetContacts(ctx context.Context, scope vigil.Scope, values map[string]string) error {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return err
	}
	fields := map[string]string{}
	for _, l := range prose.Locals() {
		if msg := prose.CheckLocal(l, values[l.Name]); msg != "" {
			fields[l.Name] = msg
		}
	}
	if len(fields) > 0 {
		return vigil.InvalidFields("There is a problem with the contacts.", fields)
	}
	before, err := h.Contacts(ctx, scope)
	if err != nil {
		return err
	}
	return h.db.Tx(ctx, func(tx *store.Tx) error {
		was, now := map[string]string{}, map[string]string{}
		var after prose.Contacts
		for _, l := range prose.Locals() {
			after.Set(l.Name, values[l.Name])
			v := after.Get(l.Name)
			was[l.Name], now[l.Name] = before.Get(l.Name), v
			if _, err := tx.Exec(ctx, `DELETE FROM help_contacts WHERE org_id = $1 AND name = $2`, scope.OrgID, l.Name); err != nil {
				return fmt.Errorf("clear local contact: %w", err)
			}
			if v == "" {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO help_contacts (org_id, name, value, updated_at) VALUES ($1, $2, $3, $4)`,
				scope.OrgID, l.Name, v, h.clock().UTC()); err != nil {
				return fmt.Errorf("save local contact: %w", err)
			}
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "help-contacts", EntityID: scope.OrgID,
			Summary: "Changed the local contacts that lessons and quick answers name", Before: was, After: now})
	})
}
