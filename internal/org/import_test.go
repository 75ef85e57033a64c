package org

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/vigil"
)

func TestReadStaffCSVShape(t *testing.T) {
	cases := []struct {
		name, csv, where, want string
	}{
		{"empty", "", "line 1", "expected a header row"},
		{"no email column", "name,job_role\nA,doctor\n", "line 1", "no email column"},
		{"no people", "email,name,job_role\n", "line 2", "add one row per person"},
		{"bad quoting", "email,name,job_role\n\"unclosed,x,doctor\n", "line 2, column", "quote"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readStaffCSV(strings.NewReader(c.csv))
			var e *vigil.Error
			if !errors.As(err, &e) || e.Code != vigil.Invalid {
				t.Fatalf("got %v, want an Invalid error", err)
			}
			found := false
			for k, v := range e.Fields {
				found = found || (strings.HasPrefix(k, c.where) && strings.Contains(v, c.want))
			}
			if !found {
				t.Errorf("fields %v lack %q at %q", e.Fields, c.want, c.where)
			}
		})
	}
}

func TestReadStaffCSVAcceptsSpreadsheetExports(t *testing.T) {
	// Excel writes a byte-order mark and CRLF; headers may be in any case and order.
	csv := "\ufeffJob_Role,Email,Name,Roles\r\ndoctor,A@Example.org,Dr A,buddy;security-analyst\r\n\r\n"
	rows, problems, err := readStaffCSV(strings.NewReader(csv))
	if err != nil || len(problems) != 0 || len(rows) != 1 {
		t.Fatalf("rows %v problems %v err %v", rows, problems, err)
	}
	got := rows[0].details
	if got.Email != "a@example.org" || got.JobRole != "doctor" || strings.Join(got.Roles, ",") != "buddy,security-analyst" {
		t.Errorf("read %+v", got)
	}
}

func TestReadStaffCSVLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("email,name,job_role\n")
	for i := 0; i <= MaxImportRows; i++ {
		fmt.Fprintf(&b, "a%d@e.org,N,doctor\n", i)
	}
	_, _, err := readStaffCSV(strings.NewReader(b.String()))
	if err == nil || !strings.Contains(err.Error(), "too many rows") {
		t.Fatalf("got %v", err)
	}
}

func FuzzReadStaffCSV(f *testing.F) {
	f.Add("email,name,job_role,team,roles\na@b.org,A,doctor,Ward 1,buddy\n")
	f.Add("email,name,job_role\n\"a@b.org\",\"A \"\"quoted\"\"\",nurse-midwife\n")
	f.Add("\ufeffemail\n")
	f.Fuzz(func(t *testing.T, csv string) {
		rows, problems, err := readStaffCSV(strings.NewReader(csv))
		if err != nil {
			var e *vigil.Error
			if !errors.As(err, &e) || e.Code != vigil.Invalid || len(e.Fields) == 0 {
				t.Fatalf("error %v is not an Invalid error that says where", err)
			}
			return
		}
		if len(rows) == 0 {
			t.Fatal("no error and no rows")
		}
		for where := range problems {
			if !strings.HasPrefix(where, "line ") {
				t.Fatalf("problem at %q does not name a line", where)
			}
		}
	})
}
