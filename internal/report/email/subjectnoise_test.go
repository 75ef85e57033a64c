package email

import "testing"

// TestJumbledSubjects checks that the random tails mass mailers add to subjects are caught,
// and that reference numbers, product names and abbreviations people write are not.
func TestJumbledSubjects(t *testing.T) {
	tests := []struct {
		subject, want string
	}{
		{"Liberação de IRPF - 6NwlyfzWcsNerv0", "6NwlyfzWcsNerv0"},
		{"Notificação ao cliente - Cod. xsjgzJ5ukSpOF", "xsjgzJ5ukSpOF"},
		{"Valor bloqueado por segurancaNm9ehEyNWyox3", "segurancaNm9ehEyNWyox3"},
		{"Dispositivo Bloqueado-WBmmvfJdFtGqOvWw", "WBmmvfJdFtGqOvWw"},
		{"INC0012345: printer on ward 7", ""},
		{"iPhone15ProMax trade-in", ""},
		{"McDonaldsBBQ night for the team", ""},
		{"MS365Update tonight", ""},
		{"Rota for week 12 (PhysiotherapyTeam)", ""},
	}
	for _, tt := range tests {
		if got := randomToken(tt.subject); got != tt.want {
			t.Errorf("randomToken(%q) = %q, want %q", tt.subject, got, tt.want)
		}
	}
	a := analyseRaw(t, "From: \"Banco Central\" <aviso.cliente2291@gmail.com>\r\nTo: jane.smith@nhs.net\r\n"+
		"Subject: Valores a Receber - Protocolo: o4M278sTaWC4WO3\r\n\r\nConsulte os seus valores.\r\n")
	wantIndicators(t, a, CodeRandomSubject)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("a free mail account claiming a bank, with a jumbled subject: %s, want malicious; %+v", a.SuggestedVerdict, a.Indicators)
	}
}
