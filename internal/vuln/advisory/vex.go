package advisory

import "time"

// Status is what a VEX statement says about a product and a vulnerability.
type Status string

const (
	StatusNotAffected        Status = "not_affected"
	StatusAffected           Status = "affected"
	StatusFixed              Status = "fixed"
	StatusUnderInvestigation Status = "under_investigation"
)

// Statement is one VEX statement: a supplier's word on whether a product is affected.
type Statement struct {
	Vulnerability string // the CVE or other id the statement is about
	Product       Product
	Status        Status
	// Justification says why a product is not affected, in the source's words:
	// code_not_present, vulnerable_code_not_in_execute_path, …
	Justification string
	Detail        string   // the supplier's explanation
	Response      []string // what the supplier will do: will_not_fix, update, …
	Document      string   // the VEX document it came from
	Timestamp     time.Time
}

// Product names what a statement is about, in whichever ways the document does.
type Product struct {
	Ref     string // a bom-ref or BOM-Link (CycloneDX) or product_id (CSAF)
	Serial  string // the BOM serial number a BOM-Link points into
	PURL    string
	CPE     string
	Name    string
	Version string
}
