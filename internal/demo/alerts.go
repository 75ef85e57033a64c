package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/format"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// demoSource is one detection tool of the demo trust and what it sent.
type demoSource struct {
	name     string
	expected int // minutes; 0: not watched
	format   alert.Format
	lines    func(at func(minutesAgo int) string) []string
}

func demoSources() []demoSource {
	return []demoSource{
		{name: "Microsoft Defender for Endpoint", expected: 60, format: alert.Generic, lines: func(at func(int) string) []string {
			return []string{
				`{"id":"da-7f3c01","time":"` + at(42) + `","severity":"high","title":"Suspicious PowerShell download on a database server","tool":"Microsoft Defender for Endpoint","rule":{"id":"DA-PS-001","name":"Encoded PowerShell downloading a file"},"category":"Execution","techniques":["T1059.001","T1105"],"hostnames":["epr-db-01"],"users":["RIVERSIDE\\svc-backup"]}`,
				`{"id":"da-7f3c09","time":"` + at(25) + `","severity":"critical","title":"Ransomware behaviour: many files encrypted on the EPR database server","tool":"Microsoft Defender for Endpoint","rule":{"id":"DA-RANSOM-004","name":"Ransomware-like file modifications"},"category":"Impact","techniques":["T1486"],"hostnames":["epr-db-01"]}`,
				`{"id":"da-7f3c11","time":"` + at(18) + `","severity":"high","title":"Directory replication requested from an unexpected machine","tool":"Microsoft Defender for Identity","rule":{"id":"2006","name":"Suspected DCSync attack"},"category":"CredentialAccess","techniques":["T1003.006"],"hostnames":["dc-01"],"ips":["10.20.7.41"]}`,
				`{"id":"da-7f3c15","time":"` + at(130) + `","severity":"high","title":"Exploit attempt against the print spooler","tool":"Microsoft Defender for Endpoint","rule":{"id":"DA-SPOOL-002","name":"Print spooler privilege escalation"},"techniques":["T1068"],"hostnames":["prt-srv-03"]}`,
			}
		}},
		{name: "Wazuh manager", expected: 15, format: alert.Wazuh, lines: func(at func(int) string) []string {
			out := []string{}
			for i, ago := range []int{55, 54, 52} {
				out = append(out, fmt.Sprintf(`{"timestamp":"%s","rule":{"level":10,"description":"sshd: multiple authentication failures","id":"5712","groups":["syslog","sshd","authentication_failures"],"mitre":{"id":["T1110"]}},"agent":{"id":"004","name":"epr-app-01","ip":"10.20.1.10"},"manager":{"name":"wazuh-01"},"id":"1764450000.%d","decoder":{"name":"sshd"},"data":{"srcip":"10.20.7.41","srcuser":"root"},"location":"/var/log/secure"}`, at(ago), 4810+i))
			}
			out = append(out, fmt.Sprintf(`{"timestamp":"%s","rule":{"level":7,"description":"Integrity checksum changed.","id":"550","groups":["ossec","syscheck"]},"agent":{"id":"007","name":"tie-01"},"manager":{"name":"wazuh-01"},"id":"1764450000.5120","decoder":{"name":"syscheck_integrity_changed"},"syscheck":{"path":"/opt/tie/conf/routes.xml","sha256_after":"9f2c1a8e0b7d4c3f6a5e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a"},"location":"syscheck"}`, at(35)))
			return out
		}},
		{name: "Perimeter firewall", expected: 10, format: alert.Generic, lines: func(at func(int) string) []string {
			return []string{
				`{"id":"fw-88121","time":"` + at(70) + `","severity":"medium","title":"Port scan from the internet blocked","tool":"Edge firewall","rule":{"id":"scan-detect"},"hostnames":["fw-edge-01"],"ips":["198.51.100.23"]}`,
				`{"id":"fw-88140","time":"` + at(12) + `","severity":"low","title":"Workstation reached a known phishing site","tool":"Edge firewall","rule":{"id":"url-phishing"},"hostnames":["wks-ed-114"],"urls":["http://nhs-login.example.net/verify"]}`,
			}
		}},
	}
}

// SeedMonitoring gives the demo trust its detection tools, a morning of
// alerts on its care-map assets, and a ransomware incident under way with
// its continuity plan, some steps done and updates on its timeline.
func SeedMonitoring(ctx context.Context, svc Services) error {
	analyst, err := trustPerson(ctx, svc, "analyst@riverside.example")
	if err != nil {
		return err
	}
	if have, err := svc.Alerts.Sources(ctx, analyst); err != nil || len(have) > 0 {
		return err
	}
	now := store.Now()
	at := func(minutesAgo int) string {
		return now.Add(-time.Duration(minutesAgo) * time.Minute).Format(time.RFC3339)
	}
	for _, src := range demoSources() {
		var alerts []alert.Alert
		batch, err := format.Read(ctx, strings.NewReader(strings.Join(src.lines(at), "\n")), format.Options{Format: src.format, Source: src.name, Received: now},
			func(a alert.Alert) error { alerts = append(alerts, a); return nil })
		if err != nil || len(batch.Rejected) > 0 {
			return fmt.Errorf("read the demo alerts of %s: %v %v", src.name, err, batch.Rejected)
		}
		if _, err := svc.Alerts.StoreNow(ctx, analyst, src.name, alerts); err != nil {
			return fmt.Errorf("store the demo alerts of %s: %w", src.name, err)
		}
	}
	sources, err := svc.Alerts.Sources(ctx, analyst)
	if err != nil {
		return err
	}
	for _, s := range sources {
		for _, src := range demoSources() {
			if src.name == s.Name && src.expected > 0 {
				if _, err := svc.Alerts.SetExpected(ctx, analyst, s.ID, src.expected); err != nil {
					return err
				}
			}
		}
	}
	if err := seedIncident(ctx, svc, analyst); err != nil {
		return err
	}
	return seedReviewedIncident(ctx, svc, analyst)
}

// seedIncident opens the ransomware incident from the Defender alert on the
// EPR database server.
func seedIncident(ctx context.Context, svc Services, analyst vigil.Scope) error {
	latest, err := svc.Alerts.Latest(ctx, analyst, 50)
	if err != nil {
		return err
	}
	var ransom string
	for _, a := range latest {
		if a.RuleID == "DA-RANSOM-004" {
			ransom = a.ID
		}
	}
	if ransom == "" {
		return fmt.Errorf("the demo ransomware alert is missing")
	}
	inc, err := svc.Incidents.Open(ctx, analyst, incident.Draft{Title: "Ransomware on the EPR database server", Playbook: "ransomware",
		Severity: alert.Critical, AlertIDs: []string{ransom}})
	if err != nil {
		return fmt.Errorf("open the demo incident: %w", err)
	}
	tasks, err := svc.Incidents.Tasks(ctx, analyst, inc.ID)
	if err != nil {
		return err
	}
	for _, t := range tasks[:2] {
		if err := svc.Incidents.CompleteTask(ctx, analyst, inc.ID, t.ID); err != nil {
			return err
		}
	}
	_, err = svc.Incidents.Record(ctx, analyst, inc.ID, incident.Update{IsAction: true,
		Note:       "epr-db-01 isolated at the switch; the EPR is read-only from the standby copy. Service account svc-backup disabled.",
		NextUpdate: store.Now().Add(time.Hour)})
	return err
}
