package caremap

// Contents is everything a care-map file says about one organisation: its clinical
// services, the assets and suppliers they rely on, and how risk is scored.
// Empty lists are nil, so that a map read back from its own export is equal to the original.
type Contents struct {
	Organisation Organisation
	Suppliers    []Supplier
	Services     []Service
	Assets       []Asset
	RiskModel    RiskModel // zero means the §6 defaults
}

// Organisation is the trust, practice or service the map describes.
type Organisation struct {
	Code string // ODS code, such as RXX
	Name string
	Type string // acute-trust, ambulance-trust, gp-practice, …
}

// Supplier is a company that provides or runs assets.
type Supplier struct {
	ID      string
	Name    string
	Contact string // how to reach their service desk in an incident; optional
}

// Service is a clinical service: the thing patients would feel if it stopped.
type Service struct {
	ID             string
	Name           string
	Consequence    Consequence // harm if the service is lost for longer than its downtime procedure is safe
	PatientsPerDay int
	Downtime       DowntimeProcedure
	DependsOn      []Dependency
}

// DowntimeProcedure is what staff do when the service's systems are down.
// A service without one is treated as unsafe from the first minute.
type DowntimeProcedure struct {
	Procedure string
	SafeFor   Duration // how long the procedure keeps patients safe
}

// IsZero reports whether the service has no downtime procedure.
func (d DowntimeProcedure) IsZero() bool { return d == DowntimeProcedure{} }

// Asset is an IT system, server, network, identity service, device, medical device or cloud service.
type Asset struct {
	ID           string
	Name         string
	Kind         Kind
	Supplier     string   // a supplier id; optional
	Exposure     Exposure // empty when not stated
	PatientData  bool
	EndOfSupport Date
	Identifiers  Identifiers
	SBOM         string // path or URL of a software bill of materials
	DependsOn    []Dependency
}

// Identifiers let advisories, scans and alerts be matched to an asset.
type Identifiers struct {
	CPE       string
	PURL      string
	Hostnames []string
	IPs       []string
}

// IsZero reports whether no identifier is given.
func (i Identifiers) IsZero() bool {
	return i.CPE == "" && i.PURL == "" && len(i.Hostnames) == 0 && len(i.IPs) == 0
}

// Dependency says that a service or asset relies on another service, asset or supplier.
type Dependency struct {
	Type Type   // what ID names
	ID   string // the service, asset or supplier relied on
	Need Need
}
