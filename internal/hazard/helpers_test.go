package hazard_test

import (
	"errors"

	"github.com/vigil-health/vigil/internal/vigil"
)

func asError(err error, e **vigil.Error) bool { return errors.As(err, e) }
