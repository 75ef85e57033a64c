package advisory

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vuln/input"
)

// Limits on the EPSS file: FIRST scores about 300,000 CVEs a day.
const (
	MaxEPSSRows  = 2_000_000
	MaxEPSSBytes = 256 << 20 // uncompressed
)

// EPSS is one day's FIRST Exploit Prediction Scoring System scores, keyed by CVE id.
// EPSS is evidence to show beside a finding; it never decides that a vulnerability is
// being exploited.
type EPSS struct {
	ModelVersion string
	ScoreDate    time.Time
	Scores       map[string]EPSSScore
}

// EPSSScore is the probability (0–1) that a CVE is exploited in the next 30 days, and
// its percentile among all scored CVEs.
type EPSSScore struct {
	CVE         string  `json:"cve"`
	Probability float64 `json:"probability"`
	Percentile  float64 `json:"percentile"`
}

// ReadEPSS reads FIRST's daily CSV, gzipped or not, with its "#model_version:…,
// score_date:…" comment line and its cve,epss,percentile header. Rows that cannot be read
// are returned as problems; the others are kept. The file is read as a stream.
func ReadEPSS(name string, r io.Reader) (*EPSS, []Problem, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, input.Refuse(name, "", "the file looks gzipped but cannot be opened: %v", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	sc := bufio.NewScanner(io.LimitReader(br, MaxEPSSBytes+1))
	e := &EPSS{Scores: map[string]EPSSScore{}}
	var problems []Problem
	var read int64
	line, header := 0, false
	for sc.Scan() {
		line++
		text := sc.Bytes()
		read += int64(len(text)) + 1
		switch {
		case len(bytes.TrimSpace(text)) == 0:
			continue
		case text[0] == '#':
			e.readComment(string(text[1:]))
			continue
		case !header:
			if !strings.HasPrefix(strings.ToLower(string(text)), "cve,epss") {
				return nil, nil, input.Refuse(name, fmt.Sprintf("line %d", line), "this is not an EPSS file: the header should be cve,epss,percentile")
			}
			header = true
			continue
		}
		s, err := parseEPSSRow(string(text))
		if err != nil {
			problems = append(problems, Problem{Document: name, Message: fmt.Sprintf("line %d: %v; it is skipped", line, err)})
			continue
		}
		if len(e.Scores) >= MaxEPSSRows {
			return nil, nil, input.Refuse(name, "", "the file has more than %d scores", MaxEPSSRows)
		}
		e.Scores[s.CVE] = s
	}
	if err := sc.Err(); err != nil {
		return nil, nil, input.Refuse(name, fmt.Sprintf("line %d", line+1), "the file cannot be read: %v", err)
	}
	if read > MaxEPSSBytes {
		return nil, nil, input.TooLarge(name, MaxEPSSBytes)
	}
	if !header {
		return nil, nil, input.Refuse(name, "", "this is not an EPSS file: there is no cve,epss,percentile header")
	}
	return e, problems, nil
}

// readComment reads "model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000".
func (e *EPSS) readComment(s string) {
	for _, part := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), ":")
		switch k {
		case "model_version":
			e.ModelVersion = v
		case "score_date":
			for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05-0700", "2006-01-02"} {
				if t, err := time.Parse(layout, v); err == nil {
					e.ScoreDate = t.UTC()
					break
				}
			}
		}
	}
}

func parseEPSSRow(s string) (EPSSScore, error) {
	f := strings.Split(s, ",")
	if len(f) < 3 {
		return EPSSScore{}, fmt.Errorf("the row has %d of the 3 columns", len(f))
	}
	cve := strings.ToUpper(strings.TrimSpace(f[0]))
	if !strings.HasPrefix(cve, "CVE-") {
		return EPSSScore{}, fmt.Errorf("%q is not a CVE id", f[0])
	}
	p, err1 := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
	q, err2 := strconv.ParseFloat(strings.TrimSpace(f[2]), 64)
	if err1 != nil || err2 != nil || p < 0 || p > 1 || q < 0 || q > 1 {
		return EPSSScore{}, fmt.Errorf("the scores %q and %q are not numbers from 0 to 1", f[1], f[2])
	}
	return EPSSScore{CVE: cve, Probability: p, Percentile: q}, nil
}

// Lookup gives the highest score among ids (an advisory's id and aliases): when an
// advisory stands for several CVEs, the most likely to be exploited is shown.
func (e *EPSS) Lookup(ids ...string) (EPSSScore, bool) {
	var best EPSSScore
	found := false
	if e == nil {
		return best, false
	}
	for _, id := range ids {
		if s, ok := e.Scores[strings.ToUpper(id)]; ok && (!found || s.Probability > best.Probability) {
			best, found = s, true
		}
	}
	return best, found
}
