package findings

import (
	"context"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
)

// KeepAdvisories stores advisories without working out anyone's findings afterwards, so
// a benchmark can time the writes alone.
func (s *Service) KeepAdvisories(ctx context.Context, scope vigil.Scope, as []advisory.Advisory) (Imported, error) {
	res := Imported{Document: "bench", Kind: Advisories}
	err := s.keepAdvisories(ctx, scope, &res, as)
	return res, err
}
