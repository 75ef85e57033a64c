package incident

import (
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
)

// Playbook is a template for one kind of incident: the steps of the security
// response, the clinical steps that keep patients safe meanwhile, and how
// the incident is assumed to hit its assets when Vigil works out which
// services are at risk.
type Playbook struct {
	ID       string
	Name     string
	Summary  string
	Mode     impact.Mode      // what the incident does to its assets
	Lasts    caremap.Duration // how long to plan for
	Security []string
	Clinical []string
}

// Playbooks are the templates an analyst chooses from, the most common first.
var Playbooks = []Playbook{
	{ID: "ransomware", Name: "Ransomware", Summary: "Systems encrypted or about to be; assume they are lost for days.",
		Mode: impact.ModeUnavailable, Lasts: 14 * caremap.Day,
		Security: []string{
			"Isolate the affected machines from the network; do not switch them off",
			"Disable the accounts the attacker used and reset privileged passwords",
			"Check the backups are offline and untouched before restoring anything",
			"Report to the national cyber centre (CSOC) and record the report number",
			"Keep evidence: logs, the ransom note, the first machine seen",
		},
		Clinical: []string{
			"Start the downtime procedures of every service at risk, below",
			"Tell the site manager and the clinical lead of each service at risk",
			"Agree with the Clinical Safety Officer which services can run on paper and for how long",
			"Set the time of the next update for clinical teams and keep to it",
		}},
	{ID: "supplier-outage", Name: "Supplier outage", Summary: "A supplier's service is down or compromised; plan for it to be unavailable.",
		Mode: impact.ModeUnavailable, Lasts: 3 * caremap.Day,
		Security: []string{
			"Ask the supplier what happened, what data is affected and when service returns",
			"Cut or watch the links between the supplier and our network",
			"Check whether accounts the supplier uses on our systems should be disabled",
		},
		Clinical: []string{
			"Start the downtime procedures of every service at risk, below",
			"Tell the clinical lead of each service at risk how long the outage may last",
			"Plan for the longest estimate, not the supplier's first one",
		}},
	{ID: "phishing-account", Name: "Compromised account after phishing", Summary: "Someone's account is in an attacker's hands; assume what it can reach cannot be trusted.",
		Mode: impact.ModeIntegrity, Lasts: 24 * caremap.Hour,
		Security: []string{
			"Reset the person's password and end all their sessions",
			"Check the sign-ins, mail rules and sent mail of the account",
			"Block the sender and the link in the lure; warn staff if others received it",
			"Look for the same lure in other mailboxes",
		},
		Clinical: []string{
			"Check records the account changed since the lure arrived",
			"Tell the clinical lead if results or orders may have been altered",
		}},
	{ID: "data-breach", Name: "Data breach", Summary: "Patient or staff data may have left the organisation.",
		Mode: impact.ModeConfidentiality, Lasts: 24 * caremap.Hour,
		Security: []string{
			"Find what data left, whose, and how",
			"Close the way it left",
			"Tell the Data Protection Officer now: the regulator must hear within 72 hours",
			"Keep evidence of what was taken and when",
		},
		Clinical: []string{
			"Tell the Caldicott Guardian",
			"Agree with the clinical leads whether and how patients are told",
		}},
	{ID: "medical-device", Name: "Medical device compromise", Summary: "A medical device may be running code that is not the maker's; its readings or settings cannot be trusted.",
		Mode: impact.ModeIntegrity, Lasts: 3 * caremap.Day,
		Security: []string{
			"Take the affected devices off the network without stopping therapy in progress",
			"Call the maker's support and ask for their security advice",
			"Report to the MHRA Yellow Card scheme if patient safety is affected",
		},
		Clinical: []string{
			"Check patients on the affected devices now: readings, settings, alarms",
			"Swap to devices off the network, or to manual observation, where patients depend on them",
			"Tell the clinical lead and the medical engineering team",
		}},
}

// PlaybookByID finds a playbook.
func PlaybookByID(id string) (Playbook, bool) {
	for _, p := range Playbooks {
		if p.ID == id {
			return p, true
		}
	}
	return Playbook{}, false
}
