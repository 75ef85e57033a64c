package alert

import "strings"

// Technique reports whether id is a MITRE ATT&CK technique or sub-technique id
// (T1110, T1059.001), and returns it in upper case.
func Technique(id string) (string, bool) {
	id = strings.TrimSpace(id)
	if len(id) != 5 && len(id) != 9 || id[0] != 'T' && id[0] != 't' {
		return "", false
	}
	for i := 1; i < len(id); i++ {
		if i == 5 {
			if id[i] != '.' {
				return "", false
			}
			continue
		}
		if id[i] < '0' || id[i] > '9' {
			return "", false
		}
	}
	return strings.ToUpper(id), true
}

// AddTechnique adds an ATT&CK technique id once, ignoring values that are not
// one and any past MaxTechniques.
func (a *Alert) AddTechnique(id string) {
	t, ok := Technique(id)
	if !ok || len(a.Techniques) >= MaxTechniques {
		return
	}
	for _, have := range a.Techniques {
		if have == t {
			return
		}
	}
	if a.Techniques == nil {
		a.Techniques = make([]string, 0, 4)
	}
	a.Techniques = append(a.Techniques, t)
}
