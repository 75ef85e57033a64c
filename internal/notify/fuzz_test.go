package notify

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/outbound"
	"github.com/vigil-health/vigil/internal/vigil"
)

// FuzzCheckURL: any address is accepted or refused with a reason, never a
// panic, and what is accepted is https (or loopback http when allowed).
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://hooks.example.com/x", "http://127.0.0.1:8080/", "http://[::1]/", "https://u:p@h/", "javascript:alert(1)",
		"https://%zz", "https://h#frag", strings.Repeat("a", MaxURL+1)} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, raw string, loopback bool) {
		u, err := CheckURL(raw, loopback)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty reason")
			}
			return
		}
		if u.Scheme != "https" && !(loopback && u.Scheme == "http" && outbound.IsLoopbackHost(u.Hostname())) {
			t.Fatalf("accepted %q", raw)
		}
		if u.User != nil || u.Hostname() == "" || len(raw) > MaxURL {
			t.Fatalf("accepted %q", raw)
		}
	})
}

// FuzzVerify: whatever headers a receiver is sent, Verify answers without
// panicking, and accepts only the signature Sign makes.
func FuzzVerify(f *testing.F) {
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"type":"vigil.notification"}`)
	f.Add("1800000000", Sign("s3cret", now, body), body)
	f.Add("1800000000", "v1=zz", body)
	f.Add("-1", "v1=", []byte{})
	f.Add("99999999999999999999999", "v2=00", body)
	f.Fuzz(func(t *testing.T, ts, sig string, b []byte) {
		err := Verify("s3cret", ts, sig, b, now, 5*time.Minute)
		if err == nil && sig != Sign("s3cret", mustUnix(t, ts), b) {
			t.Fatalf("accepted a signature Sign did not make: %q %q", ts, sig)
		}
	})
}

func mustUnix(t *testing.T, ts string) time.Time {
	var sec int64
	for _, c := range ts {
		if c < '0' || c > '9' {
			t.Fatalf("accepted a timestamp %q", ts)
		}
		sec = sec*10 + int64(c-'0')
	}
	return time.Unix(sec, 0)
}

// FuzzAckToken: whatever follows the acknowledge link's path is refused as
// not Vigil's, or is exactly 32 bytes of unpadded base64url, never a panic.
func FuzzAckToken(f *testing.F) {
	good, err := newAckToken()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{good, "", "x", strings.Repeat("A", 43), strings.Repeat("A", 44), good[:42] + "=", good[:42] + "/", "../../../etc/passwd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		hash, err := hashAckToken(token)
		if err != nil {
			if hash != "" {
				t.Errorf("refused %q but gave a hash", token)
			}
			return
		}
		if len(token) != ackTokenLength || strings.ContainsAny(token, "+/=") || len(hash) != 64 {
			t.Errorf("accepted %q (hash %q)", token, hash)
		}
	})
}

// FuzzParseRotaCSV: any file is read into at most MaxRotaPeople addresses,
// each from a line of the file, or refused with every problem named by
// line or file; never a panic.
func FuzzParseRotaCSV(f *testing.F) {
	for _, s := range []string{"email\naisha@trust.example\nben@trust.example\n", "a@b.example,Aisha\n\n\"c@d.example\"", "email\n\"unclosed\n",
		"not an address\n", "a@b.example\nA@B.example\n", strings.Repeat("x@y.example\n", 40), ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, file string) {
		lines, err := ParseRotaCSV(strings.NewReader(file))
		if err != nil {
			var ve *vigil.Error
			if !errors.As(err, &ve) || len(ve.Fields) == 0 {
				t.Fatalf("refused without saying where: %v", err)
			}
			for where := range ve.Fields {
				if where != "file" && !strings.HasPrefix(where, "line ") {
					t.Errorf("a problem at %q", where)
				}
			}
			return
		}
		if len(lines) == 0 || len(lines) > MaxRotaPeople {
			t.Errorf("%d addresses", len(lines))
		}
		for _, l := range lines {
			if l.Line < 1 || l.Email == "" || !strings.Contains(l.Email, "@") {
				t.Errorf("line %+v", l)
			}
		}
	})
}
