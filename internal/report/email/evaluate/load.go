package evaluate

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/vigil"
)

// MaxLabelLines is how many lines a labels file may have.
const MaxLabelLines = 1_000_000

// Load reads the labelled messages of a folder. The labels file has one message per line:
// its file name (relative to dir) and its label, separated by a comma, a tab or spaces;
// blank lines and lines starting with # are skipped. Labels are phishing (or malicious),
// genuine (or ham) and spam. A line that cannot be read is reported with its number; the
// messages themselves are read when every line is good.
func Load(dir, labelsFile string) ([]Sample, error) {
	data, err := os.ReadFile(labelsFile)
	if err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	entries, err := parseLabels(data, filepath.Base(labelsFile))
	if err != nil {
		return nil, err
	}
	samples := make([]Sample, 0, len(entries))
	for _, e := range entries {
		path := filepath.Join(dir, e.name)
		if info, err := os.Stat(path); err == nil && info.Size() > maxMessageFile {
			return nil, fmt.Errorf("read labelled message %s: %d bytes is more than the %d-byte limit", e.name, info.Size(), maxMessageFile)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read labelled message %s: %w", e.name, err)
		}
		samples = append(samples, Sample{Name: e.name, Family: "folder", Label: e.label, Raw: raw})
	}
	return samples, nil
}

// maxMessageFile is the largest labelled message read: a little over what Analyse accepts,
// so that one over the limit is still counted, as refused.
const maxMessageFile = email.DefaultMaxSize + 1

type labelled struct {
	name  string
	label Label
}

// parseLabels reads a labels file; name is how its problems name it.
func parseLabels(data []byte, name string) ([]labelled, error) {
	problems := map[string]string{}
	var entries []labelled
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for n := 1; sc.Scan(); n++ {
		if n > MaxLabelLines {
			return nil, &vigil.Error{Code: vigil.Invalid, Message: fmt.Sprintf("The labels file has more than %d lines.", MaxLabelLines)}
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == '\t' || r == ' ' })
		where := fmt.Sprintf("%s, line %d", name, n)
		if len(fields) != 2 {
			problems[where] = "Write a file name and a label, such as: lure-01.eml,phishing"
			continue
		}
		label, ok := parseLabel(fields[1])
		if !ok {
			problems[where] = fmt.Sprintf("%q is not a label: use phishing, genuine or spam.", fields[1])
			continue
		}
		if strings.Contains(fields[0], "..") || filepath.IsAbs(fields[0]) {
			problems[where] = "The file name must be inside the folder."
			continue
		}
		entries = append(entries, labelled{fields[0], label})
	}
	if err := sc.Err(); err != nil {
		return nil, &vigil.Error{Code: vigil.Invalid, Message: "The labels file cannot be read: " + err.Error(), Err: err}
	}
	if len(problems) > 0 {
		return nil, &vigil.Error{Code: vigil.Invalid, Message: "Some lines of the labels file cannot be read.", Fields: problems}
	}
	return entries, nil
}
