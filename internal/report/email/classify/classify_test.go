package classify

import (
	"bytes"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/report/email/evaluate"
)

var nhsTrust = email.Options{OrgDomains: []string{"nhs.net"}}

type labelled struct {
	a     *email.Analysis
	label Label
}

// labelledSet analyses the generated evaluation set, as analysts' verdicts would label it.
func labelledSet(t testing.TB, seed uint64) []labelled {
	t.Helper()
	var out []labelled
	for _, s := range evaluate.Generate(seed) {
		a, err := email.Analyse(s.Raw, nhsTrust)
		if err != nil {
			t.Fatal(err)
		}
		l := Genuine
		if s.Label == evaluate.Phishing {
			l = Malicious
		}
		out = append(out, labelled{a, l})
	}
	return out
}

// TestLearnsFromHalfAndJudgesTheOther trains on every other report and measures on the rest.
func TestLearnsFromHalfAndJudgesTheOther(t *testing.T) {
	set := labelledSet(t, 3)
	m := New()
	for i := 0; i < len(set); i += 2 {
		m.Learn(set[i].a, set[i].label)
	}
	var right, judged, confidentWrong int
	var confusion [2][2]int
	for i := 1; i < len(set); i += 2 {
		j, ok := m.Classify(set[i].a)
		if !ok {
			continue
		}
		judged++
		guess := Genuine
		if j.Malicious >= 0.5 {
			guess = Malicious
		}
		confusion[set[i].label][guess]++
		if guess == set[i].label {
			right++
		}
		if set[i].label == Genuine && j.Malicious >= 0.9 || set[i].label == Malicious && j.Malicious <= 0.1 {
			confidentWrong++
		}
	}
	accuracy := float64(right) / float64(judged)
	t.Logf("held-out half: %d judged, accuracy %.1f %%, confidently wrong %d; genuine→%v malicious→%v",
		judged, 100*accuracy, confidentWrong, confusion[Genuine], confusion[Malicious])
	if judged < len(set)/2-1 || accuracy < 0.9 {
		t.Errorf("accuracy %.3f on %d held-out reports, want at least 0.9 on all of them", accuracy, judged)
	}
}

func TestJudgesNothingUntilItHasSeenEnoughOfBoth(t *testing.T) {
	set := labelledSet(t, 4)
	m := New()
	m.SetMinEach(5)
	var bad, good []labelled
	for _, s := range set {
		if s.label == Malicious {
			bad = append(bad, s)
		} else {
			good = append(good, s)
		}
	}
	for _, s := range bad[:50] {
		m.Learn(s.a, Malicious)
	}
	for _, s := range good[:4] {
		m.Learn(s.a, Genuine)
	}
	if _, ok := m.Classify(bad[60].a); ok {
		t.Error("judged with 4 genuine reports learnt, want at least 5")
	}
	m.Learn(good[4].a, Genuine)
	if _, ok := m.Classify(bad[60].a); !ok {
		t.Error("did not judge with 5 of each")
	}
}

func TestTheJudgementIsAnExplainedIndicatorNotTheVerdict(t *testing.T) {
	set := labelledSet(t, 5)
	m := New()
	for _, s := range set {
		m.Learn(s.a, s.label)
	}
	// A plain message with no warning sign, worded like the lures the model learnt.
	raw := "From: \"Mail Admin\" <admin@example.org>\r\nTo: jane.smith@nhs.net\r\nSubject: Password expiry notice\r\n\r\n" +
		"Your password expires today. Keep your current password by signing in below.\r\n"
	opts := nhsTrust
	opts.Classifier = m
	a, err := email.Analyse([]byte(raw), opts)
	if err != nil {
		t.Fatal(err)
	}
	var learned *email.Indicator
	for i := range a.Indicators {
		if a.Indicators[i].Code == email.CodeLearnedMalicious {
			learned = &a.Indicators[i]
		}
	}
	if learned == nil {
		t.Fatalf("no learned indicator: %+v", a.Indicators)
	}
	if learned.Severity != email.Low || !strings.Contains(learned.Detail, "reports you marked malicious") {
		t.Errorf("learned indicator = %+v", learned)
	}
	before, _ := email.Analyse([]byte(raw), nhsTrust)
	if before.SuggestedVerdict != email.Malicious && a.SuggestedVerdict == email.Malicious && len(a.Evidence) == 1 {
		t.Errorf("the model alone made the verdict malicious: %v", a.Evidence)
	}
}

func TestStoredModelReadsBackTheSame(t *testing.T) {
	set := labelledSet(t, 6)
	m := New()
	for _, s := range set[:200] {
		m.Learn(s.a, s.label)
	}
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	again := New()
	if err := again.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	data2, _ := again.MarshalBinary()
	if !bytes.Equal(data, data2) {
		t.Error("a stored model read back stores differently")
	}
	j1, ok1 := m.Classify(set[300].a)
	j2, ok2 := again.Classify(set[300].a)
	if ok1 != ok2 || j1.Malicious != j2.Malicious {
		t.Errorf("judgements differ after storing: %v %v", j1, j2)
	}
	for name, bad := range map[string][]byte{
		"empty": nil, "wrong magic": []byte("XXXX\x01"), "future version": []byte("VGLC\x09"),
		"cut": data[:len(data)/2], "extra": append(append([]byte{}, data...), 0),
	} {
		if err := New().UnmarshalBinary(bad); err == nil {
			t.Errorf("%s: read without error", name)
		}
	}
}

func TestSharedModelSeedsAnOrganisationsOwn(t *testing.T) {
	set := labelledSet(t, 7)
	national := New()
	for _, s := range set {
		national.Learn(s.a, s.label)
	}
	own := New()
	if own.Ready() {
		t.Fatal("an empty model is ready")
	}
	own.Merge(national)
	g, b := own.Counts()
	ng, nb := national.Counts()
	if g != ng || b != nb || !own.Ready() {
		t.Errorf("merged counts %d/%d, want %d/%d and ready", g, b, ng, nb)
	}
	own.Unlearn(set[0].a, set[0].label)
	if g2, b2 := own.Counts(); g2+b2 != g+b-1 {
		t.Errorf("unlearn left %d reports, want %d", g2+b2, g+b-1)
	}
}

func FuzzUnmarshalBinary(f *testing.F) {
	m := New()
	m.adjust([]string{"a", "b"}, Malicious, 1)
	m.adjust([]string{"b", "c"}, Genuine, 1)
	data, _ := m.MarshalBinary()
	f.Add(data)
	f.Add([]byte("VGLC\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m := New()
		if m.UnmarshalBinary(data) == nil {
			again, err := m.MarshalBinary()
			if err != nil || !bytes.Equal(again, data) && len(again) > len(data) {
				t.Errorf("a read model stores as %d bytes from %d", len(again), len(data))
			}
		}
	})
}

// TestLearnsFromGeneratedJudgesHandwritten is the harder measure: the hand-written reports
// are worded unlike anything the model learnt.
func TestLearnsFromGeneratedJudgesHandwritten(t *testing.T) {
	m := New()
	for _, s := range labelledSet(t, 8) {
		m.Learn(s.a, s.label)
	}
	var right, judged int
	for _, s := range evaluate.Handwritten() {
		a, err := email.Analyse(s.Raw, nhsTrust)
		if err != nil {
			t.Fatal(err)
		}
		j, ok := m.Classify(a)
		if !ok {
			continue
		}
		judged++
		if (j.Malicious >= 0.5) == (s.Label == evaluate.Phishing) {
			right++
		}
	}
	t.Logf("trained on the generated set, judged %d hand-written reports: %d right (%.0f %%)", judged, right, 100*float64(right)/float64(max(judged, 1)))
	if judged == 0 || right*2 <= judged {
		t.Errorf("%d of %d right: no better than a coin", right, judged)
	}
}
