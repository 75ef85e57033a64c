package progress

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/vigil"
)

// An organisation can add lessons of its own, in the same format as the
// built-in ones and through the same checks. They sit beside the built-in
// lessons in that organisation only: its curricula can require them and
// its staff take them like any other.

// libraries keeps each organisation's parsed library, so that a page does
// not parse Markdown; stamp says which uploads it was made from.
type libraries struct {
	mu    sync.Mutex
	byOrg map[string]cachedLibrary
}

type cachedLibrary struct {
	stamp string
	lib   lesson.Library
}

// Library is the lessons of the caller's organisation: the built-in ones
// and its own.
func (s *Service) Library(ctx context.Context, scope vigil.Scope) (lesson.Library, error) {
	return s.library(ctx, s.db, scope.OrgID)
}

func (s *Service) library(ctx context.Context, q store.Querier, orgID string) (lesson.Library, error) {
	rows, err := q.Query(ctx, `SELECT lesson_id, uploaded_at FROM org_lessons WHERE org_id = $1 ORDER BY lesson_id`, orgID)
	if err != nil {
		return lesson.Library{}, fmt.Errorf("list the organisation's own lessons: %w", err)
	}
	var stamp strings.Builder
	for rows.Next() {
		var id string
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			rows.Close()
			return lesson.Library{}, err
		}
		fmt.Fprintf(&stamp, "%s@%d;", id, at.UnixMicro())
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return lesson.Library{}, err
	}
	if stamp.Len() == 0 {
		return s.lessons, nil
	}
	s.cache.mu.Lock()
	c, ok := s.cache.byOrg[orgID]
	s.cache.mu.Unlock()
	if ok && c.stamp == stamp.String() {
		return c.lib, nil
	}
	lib, err := s.readOwnLessons(ctx, q, orgID)
	if err != nil {
		return lesson.Library{}, err
	}
	s.cache.mu.Lock()
	if s.cache.byOrg == nil {
		s.cache.byOrg = map[string]cachedLibrary{}
	}
	s.cache.byOrg[orgID] = cachedLibrary{stamp: stamp.String(), lib: lib}
	s.cache.mu.Unlock()
	return lib, nil
}

// readOwnLessons parses the organisation's uploads beside the built-in
// lessons. Each was checked when it was uploaded; one that a later release
// of Vigil reads differently is left out rather than breaking every page.
func (s *Service) readOwnLessons(ctx context.Context, q store.Querier, orgID string) (lesson.Library, error) {
	rows, err := q.Query(ctx, `SELECT lesson_id, source FROM org_lessons WHERE org_id = $1`, orgID)
	if err != nil {
		return lesson.Library{}, fmt.Errorf("read the organisation's own lessons: %w", err)
	}
	defer rows.Close()
	lib := s.lessons
	for rows.Next() {
		var id, source string
		if err := rows.Scan(&id, &source); err != nil {
			return lesson.Library{}, err
		}
		if l, err := lesson.Parse(id+".md", []byte(source), s.jobRoles); err == nil {
			_ = lib.Add(l) // ids were checked against the built-in ones on upload
		}
	}
	return lib, rows.Err()
}

// MaxOwnLessons is how many lessons of its own an organisation may add.
const MaxOwnLessons = 100

// AddLesson checks an uploaded lesson file and adds it to the caller's
// organisation, or replaces the organisation's own lesson with the same
// id. An id a built-in lesson uses is refused: lessons are tracked by id.
func (s *Service) AddLesson(ctx context.Context, scope vigil.Scope, file string, data []byte) (lesson.Lesson, error) {
	if err := scope.Require(vigil.ManageTraining); err != nil {
		return lesson.Lesson{}, err
	}
	if len(data) > lesson.MaxFileBytes {
		return lesson.Lesson{}, vigil.InvalidFields("The lesson was not added.", map[string]string{"file": fmt.Sprintf("The file is %d KB; a lesson may be at most %d KB.", len(data)>>10, lesson.MaxFileBytes>>10)})
	}
	l, err := lesson.Parse(file, data, s.jobRoles)
	if err != nil {
		return lesson.Lesson{}, err
	}
	if _, builtIn := s.lessons.Lesson(l.ID); builtIn {
		return lesson.Lesson{}, vigil.InvalidFields("The lesson was not added.", map[string]string{"file": fmt.Sprintf("A built-in lesson has the id %q: give yours another, such as %s-%s.", l.ID, strings.ToLower(scope.OrgCode), l.ID)})
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var own int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM org_lessons WHERE org_id = $1 AND lesson_id <> $2`, scope.OrgID, l.ID).Scan(&own); err != nil {
			return fmt.Errorf("count own lessons: %w", err)
		}
		if own >= MaxOwnLessons {
			return vigil.InvalidFields("The lesson was not added.", map[string]string{"file": fmt.Sprintf("Your organisation has %d lessons of its own, the most it can have.", own)})
		}
		if _, err := tx.Exec(ctx, `INSERT INTO org_lessons (org_id, lesson_id, source, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (org_id, lesson_id) DO UPDATE SET source = excluded.source, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at`,
			scope.OrgID, l.ID, string(data), scope.Name, s.clock().UTC()); err != nil {
			return fmt.Errorf("save the lesson: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "lesson", EntityID: l.ID,
			Summary: fmt.Sprintf("Added the lesson %q", l.Title), After: map[string]any{"id": l.ID, "title": l.Title, "version": l.Version, "job_roles": l.JobRoles}})
	})
	return l, err
}

// OwnLessons are the lessons the caller's organisation added, in id order.
func (s *Service) OwnLessons(ctx context.Context, scope vigil.Scope) ([]lesson.Lesson, error) {
	lib, err := s.Library(ctx, scope)
	if err != nil {
		return nil, err
	}
	var out []lesson.Lesson
	for _, l := range lib.All() {
		if _, builtIn := s.lessons.Lesson(l.ID); !builtIn {
			out = append(out, l)
		}
	}
	return out, nil
}
