package findings

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
)

// FeedKind is what an uploaded document holds.
type FeedKind string

const (
	Advisories FeedKind = "advisories" // OSV, CSAF (with VEX), CVE JSON 5, CycloneDX VEX, or a zip or folder of OSV records
	KEVFeed    FeedKind = "kev"        // CISA's Known Exploited Vulnerabilities catalogue, JSON or CSV
	EPSSFeed   FeedKind = "epss"       // FIRST's daily EPSS scores, CSV, gzipped or not
)

// MaxUpload is the largest document Vigil accepts in one upload: a full ecosystem zip
// of OSV records fits; anything bigger is better imported from the command line in parts.
const MaxUpload = 256 << 20

// Imported is what one import changed.
type Imported struct {
	Document  string
	Kind      FeedKind
	Read      int // advisories (or KEV/EPSS entries) read
	New       int
	Updated   int
	Unchanged int
	Withdrawn int      // advisories now marked withdrawn, whose findings close
	Problems  []string // documents or rows that could not be read, each saying where and why
	// Evaluated is how many organisations' findings were worked out again afterwards, and
	// Skipped how many run nothing the advisories name.
	Evaluated int
	Skipped   int
}

// Import reads one document of advisories, a KEV catalogue or EPSS scores and keeps it.
// Importing the same document again changes nothing; an older version of an advisory
// never replaces a newer one. A national centre's imports are shared with every
// organisation. The findings of every organisation the import applies to are worked out
// again.
func (s *Service) Import(ctx context.Context, scope vigil.Scope, kind FeedKind, name string, data []byte) (Imported, error) {
	if err := scope.Require(vigil.WriteVulns); err != nil {
		return Imported{}, err
	}
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if len(data) > MaxUpload {
		return Imported{}, vigil.Errorf(vigil.Invalid, "%s is larger than Vigil accepts in one upload (256 MiB). Import it in parts.", name)
	}
	res := Imported{Document: name, Kind: kind}
	var err error
	switch kind {
	case KEVFeed, EPSSFeed:
		err = s.importFeed(ctx, scope, &res, data)
	case Advisories:
		var as []advisory.Advisory
		if as, res.Problems, err = parseAdvisories(ctx, name, data); err == nil {
			err = s.keepAdvisories(ctx, scope, &res, as)
		}
		if err == nil {
			return res, s.evaluateAfterImport(ctx, scope, &res, namedBy(as))
		}
	default:
		return Imported{}, vigil.InvalidFields("Choose what the document holds.", map[string]string{"kind": "Choose advisories, KEV or EPSS"})
	}
	if err != nil {
		return res, err
	}
	return res, s.evaluateAfterImport(ctx, scope, &res, nil)
}

// ImportAdvisories keeps advisories already read, such as a folder of OSV records the
// command line read; problems are what could not be read, kept in the answer.
func (s *Service) ImportAdvisories(ctx context.Context, scope vigil.Scope, name string, as []advisory.Advisory, problems []string) (Imported, error) {
	if err := scope.Require(vigil.WriteVulns); err != nil {
		return Imported{}, err
	}
	res := Imported{Document: name, Kind: Advisories, Problems: problems}
	if err := s.keepAdvisories(ctx, scope, &res, as); err != nil {
		return res, err
	}
	return res, s.evaluateAfterImport(ctx, scope, &res, namedBy(as))
}

// evaluateAfterImport works out again the findings of every organisation the import
// applies to. Given the packages and products imported advisories name, it skips an
// organisation this process knows runs none of them: the import cannot change its
// findings, except through new aliases or evidence for vulnerabilities it already has,
// which its next evaluation picks up.
func (s *Service) evaluateAfterImport(ctx context.Context, scope vigil.Scope, res *Imported, named map[string]bool) error {
	orgs, err := s.importers(ctx, scope)
	if err != nil {
		return err
	}
	for _, id := range orgs {
		if named != nil {
			hit, err := s.mayBeHit(ctx, id, named)
			if err != nil {
				return err
			}
			if !hit {
				res.Skipped++
				continue
			}
		}
		if _, err := s.evaluate(ctx, id, scope.Actor()); err != nil {
			return err
		}
		res.Evaluated++
	}
	return nil
}

// shared says whether what the scope imports applies to every organisation: a national
// centre imports feeds for all.
func shared(scope vigil.Scope) bool { return scope.Can(vigil.ReadAcrossOrgs) }

func (s *Service) importFeed(ctx context.Context, scope vigil.Scope, res *Imported, data []byte) error {
	var problems []advisory.Problem
	var err error
	if res.Kind == KEVFeed {
		var k *advisory.KEV
		k, problems, err = advisory.ReadKEV(res.Document, bytes.NewReader(data))
		if k != nil {
			res.Read = len(k.Entries)
		}
	} else {
		var e *advisory.EPSS
		e, problems, err = advisory.ReadEPSS(res.Document, bytes.NewReader(data))
		if e != nil {
			res.Read = len(e.Scores)
		}
	}
	if err != nil {
		return err
	}
	res.Problems = problemWords(problems)
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var old string
		err := tx.QueryRow(ctx, `SELECT document FROM vuln_feeds WHERE org_id = $1 AND kind = $2`, scope.OrgID, res.Kind).Scan(&old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			res.New = res.Read
		case err != nil:
			return fmt.Errorf("read %s feed: %w", res.Kind, err)
		default:
			res.Updated = res.Read
		}
		_, err = tx.Exec(ctx, `DELETE FROM vuln_feeds WHERE org_id = $1 AND kind = $2`, scope.OrgID, res.Kind)
		if err == nil {
			_, err = tx.Exec(ctx, `INSERT INTO vuln_feeds (org_id, kind, shared, document, entries, body, imported_by, imported_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, scope.OrgID, res.Kind, shared(scope), res.Document, res.Read, data, scope.Name, s.clock().UTC())
		}
		if err != nil {
			return fmt.Errorf("keep %s feed: %w", res.Kind, err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "import", EntityType: "vuln-feed", EntityID: string(res.Kind),
			Summary: fmt.Sprintf("Imported %s (%d entries)", res.Document, res.Read), After: map[string]any{"document": res.Document, "entries": res.Read, "shared": shared(scope)}})
	})
}

func problemWords(ps []advisory.Problem) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

// parseAdvisories reads a zip of OSV records, or one document of any supported format.
func parseAdvisories(ctx context.Context, name string, data []byte) ([]advisory.Advisory, []string, error) {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		as, err := advisory.ParseDocument(name, data)
		return as, nil, err
	}
	var as []advisory.Advisory
	problems, err := advisory.ReadOSVZip(ctx, name, bytes.NewReader(data), int64(len(data)), advisory.ReadOptions{},
		func(a advisory.Advisory) error { as = append(as, a); return nil })
	return as, problemWords(problems), err
}

// keepAdvisories keeps each advisory, in one transaction with its audit record.
func (s *Service) keepAdvisories(ctx context.Context, scope vigil.Scope, res *Imported, as []advisory.Advisory) error {
	res.Read = len(as)
	now := s.clock().UTC()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := keepAll(ctx, tx, scope, as, now, res); err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "import", EntityType: "vuln-advisories", EntityID: res.Document,
			Summary: fmt.Sprintf("Imported %s: %d new, %d updated, %d unchanged, %d withdrawn", res.Document, res.New, res.Updated, res.Unchanged, res.Withdrawn),
			After:   map[string]any{"read": res.Read, "new": res.New, "updated": res.Updated, "withdrawn": res.Withdrawn, "shared": shared(scope)}})
	})
	if err == nil && s.db.Dialect == store.Postgres && res.New+res.Updated >= analyseAfter {
		// Until autovacuum gets to it, PostgreSQL plans with the statistics of the
		// tables before the import: after a first import of a whole feed it took them
		// for nearly empty and read every stored advisory for each 500 looked up, ten
		// minutes to import the same feed again. The import is kept whatever this
		// answers; stale statistics only make later queries slower.
		_, _ = s.db.Exec(ctx, `ANALYZE vuln_advisories, vuln_advisory_names`)
	}
	return err
}

// analyseAfter is how many advisories written by one import make PostgreSQL's planner
// statistics worth bringing up to date at once.
const analyseAfter = 10_000

// idList writes ids for look-ups: upper case, each between spaces, so " CVE-2024-1 " can
// be searched for with LIKE.
func idList(ids []string) string {
	return " " + strings.ToUpper(strings.Join(ids, " ")) + " "
}

// importers lists the organisations an import by scope applies to: a national centre's
// applies to every organisation, anyone else's to their own.
func (s *Service) importers(ctx context.Context, scope vigil.Scope) ([]string, error) {
	if !shared(scope) {
		return []string{scope.OrgID}, nil
	}
	os, err := s.orgs.Organisations(ctx, scope)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(os))
	for _, o := range os {
		out = append(out, o.ID)
	}
	return out, nil
}
