package notify_test

import (
	"errors"

	"github.com/vigil-health/vigil/internal/vigil"
)

func asVigil(err error, target **vigil.Error) bool { return errors.As(err, target) }
