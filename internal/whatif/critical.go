package whatif

import (
	"context"

	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Critical ranks the organisation's assets by the worst clinical harm that losing or
// corrupting each for 24 hours would cause, most critical first: the question "what if
// this asset went?" asked of every asset. The ranking is worked out once per map content
// and kept until the map changes. The slice is shared: do not change it.
func (s *Service) Critical(ctx context.Context, scope vigil.Scope) ([]impact.AssetCriticality, error) {
	m, err := s.maps.Map(ctx, scope)
	if err != nil {
		return nil, err
	}
	return s.ranks.Critical(m), nil
}

// Ranks is the cache behind Critical, for callers that already hold a map from
// mapstore.Store.Current: vulnerability priority, alert enrichment and hazard
// suggestions ask it often while each map is ranked once.
func (s *Service) Ranks() *impact.Cache { return s.ranks }
