package loadtest_test

import (
	"os"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

func TestMain(m *testing.M) { os.Exit(apptest.Main(m)) }
