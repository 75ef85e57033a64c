package findings

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
)

// Inventory is an SBOM or asset list an organisation uploaded.
type Inventory struct {
	ID         string
	AssetID    string // the care-map asset it describes; "" for an asset list of things not in the map
	Document   string
	Format     sbom.Format
	Components int
	Problems   []sbom.Problem // identity problems: no version, malformed purl or CPE, unknown ecosystem
	Quality    sbom.Quality
	UploadedBy string
	UploadedAt time.Time
}

// Attached is what uploading an inventory did.
type Attached struct {
	Inventory Inventory
	Replaced  bool // an inventory of the same name on the same asset was replaced
	Evaluated Evaluated
}

var errNoInventory = vigil.Errorf(vigil.NotFound, "There is no such inventory.")

// Attach reads an SBOM (CycloneDX 1.4–1.6 JSON or XML, SPDX 2.3 JSON) or a CSV asset
// list and keeps it on a care-map asset, replacing one of the same name there, then works
// out the organisation's findings again. A document that cannot be read changes nothing
// and says where it is wrong; identity problems in one that can are kept and shown.
func (s *Service) Attach(ctx context.Context, scope vigil.Scope, assetID, name string, data []byte) (Attached, error) {
	if err := scope.Require(vigil.WriteVulns); err != nil {
		return Attached{}, err
	}
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), "\\", "/"))
	if name == "" || name == "." || name == "/" {
		name = "inventory"
	}
	assetID = strings.TrimSpace(assetID)
	if assetID != "" {
		m, err := s.careMap(ctx, scope)
		if err != nil {
			return Attached{}, err
		}
		if m == nil {
			return Attached{}, vigil.InvalidFields("Upload your care map first.", map[string]string{"asset": "Your organisation has no care map yet, so there is no asset to attach this to"})
		}
		if _, ok := m.Asset(assetID); !ok {
			return Attached{}, vigil.InvalidFields("Choose an asset from your care map.", map[string]string{"asset": fmt.Sprintf("Your care map has no asset with the id %q", assetID)})
		}
	}
	inv, err := sbom.Read(name, bytes.NewReader(data))
	if err != nil {
		return Attached{}, err
	}
	problems, _ := json.Marshal(inv.Problems)
	quality, _ := json.Marshal(inv.Quality())
	res := Attached{Inventory: Inventory{ID: store.NewID(), AssetID: assetID, Document: name, Format: inv.Format, Components: len(inv.Components),
		Problems: inv.Problems, Quality: inv.Quality(), UploadedBy: scope.Name, UploadedAt: s.clock().UTC()}}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var old string
		err := tx.QueryRow(ctx, `SELECT id FROM vuln_inventories WHERE org_id = $1 AND asset_id = $2 AND document = $3`, scope.OrgID, assetID, name).Scan(&old)
		if err == nil {
			res.Replaced, res.Inventory.ID = true, old
			_, err = tx.Exec(ctx, `DELETE FROM vuln_inventories WHERE org_id = $1 AND id = $2`, scope.OrgID, old)
		} else if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
		if err != nil {
			return fmt.Errorf("replace inventory: %w", err)
		}
		i := res.Inventory
		_, err = tx.Exec(ctx, `INSERT INTO vuln_inventories (id, org_id, asset_id, document, format, components, problems, quality, body, uploaded_by, uploaded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			i.ID, scope.OrgID, assetID, name, i.Format, i.Components, string(problems), string(quality), data, i.UploadedBy, i.UploadedAt)
		if err != nil {
			return fmt.Errorf("keep inventory: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "upload", EntityType: "vuln-inventory", EntityID: i.ID,
			Summary: fmt.Sprintf("Uploaded %s (%d components) for %s", name, i.Components, orNone(assetID)),
			After:   map[string]any{"document": name, "asset": assetID, "components": i.Components, "problems": len(i.Problems)}})
	})
	if err != nil {
		return Attached{}, err
	}
	res.Evaluated, err = s.evaluate(ctx, scope.OrgID, scope.Actor())
	return res, err
}

func orNone(assetID string) string {
	if assetID == "" {
		return "no care-map asset"
	}
	return assetID
}

const inventoryColumns = `id, asset_id, document, format, components, problems, quality, uploaded_by, uploaded_at`

func scanInventory(row interface{ Scan(...any) error }) (Inventory, error) {
	var i Inventory
	var problems, quality string
	if err := row.Scan(&i.ID, &i.AssetID, &i.Document, &i.Format, &i.Components, &problems, &quality, &i.UploadedBy, &i.UploadedAt); err != nil {
		return Inventory{}, err
	}
	i.UploadedAt = i.UploadedAt.UTC()
	if err := json.Unmarshal([]byte(problems), &i.Problems); err != nil {
		return Inventory{}, fmt.Errorf("inventory %s problems: %w", i.ID, err)
	}
	if err := json.Unmarshal([]byte(quality), &i.Quality); err != nil {
		return Inventory{}, fmt.Errorf("inventory %s quality: %w", i.ID, err)
	}
	return i, nil
}

// Inventories lists the organisation's inventories by asset and name.
func (s *Service) Inventories(ctx context.Context, scope vigil.Scope) ([]Inventory, error) {
	if err := scope.Require(vigil.ReadVulns); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+inventoryColumns+` FROM vuln_inventories WHERE org_id = $1 ORDER BY asset_id, document, id`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("list inventories: %w", err)
	}
	defer rows.Close()
	var out []Inventory
	for rows.Next() {
		i, err := scanInventory(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// RemoveInventory deletes one of the organisation's inventories; its findings close.
func (s *Service) RemoveInventory(ctx context.Context, scope vigil.Scope, id string) error {
	if err := scope.Require(vigil.WriteVulns); err != nil {
		return err
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		i, err := scanInventory(tx.QueryRow(ctx, `SELECT `+inventoryColumns+` FROM vuln_inventories WHERE org_id = $1 AND id = $2`, scope.OrgID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return errNoInventory
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM vuln_inventories WHERE org_id = $1 AND id = $2`, scope.OrgID, id); err != nil {
			return fmt.Errorf("remove inventory: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "delete", EntityType: "vuln-inventory", EntityID: id,
			Summary: "Removed " + i.Document, Before: map[string]any{"document": i.Document, "asset": i.AssetID}})
	})
	if err != nil {
		return err
	}
	_, err = s.evaluate(ctx, scope.OrgID, scope.Actor())
	return err
}
