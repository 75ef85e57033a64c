package demo

import (
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

func organisations() []organisation {
	return []organisation{riverside(), elmTree(), nationalCentre()}
}

const (
	general   = "Riverside General Hospital"
	community = "St Anne's Community Hospital"
)

func riverside() organisation {
	staff := []vigil.Role{vigil.Staff}
	return organisation{
		org: org.Organisation{Code: Code, Name: "Riverside University Hospitals NHS Foundation Trust", Type: org.AcuteTrust,
			Settings: org.Settings{ServiceDeskPhone: "0300 555 0142", ServiceDeskEmail: "servicedesk@riverside.example",
				EmailDomains: []string{"riverside.example", "nhs.net"}, AnonymousReporting: true}},
		sites: []string{general, community},
		teams: []teamSpec{
			{"Emergency Department", "department", general},
			{"Ward 7 (Acute Medicine)", "ward", general},
			{"Ward 12 (General Surgery)", "ward", general},
			{"Intensive Care Unit", "ward", general},
			{"Maternity Unit", "ward", general},
			{"Main Theatres", "department", general},
			{"Renal Dialysis Unit", "department", general},
			{"Pathology Laboratory", "department", general},
			{"Radiology", "department", general},
			{"Pharmacy", "department", general},
			{"Outpatients", "department", community},
			{"Rehabilitation Ward", "ward", community},
			{"Estates and Facilities", "department", general},
			{"IT Service Desk", "department", general},
			{"Cyber Security Team", "department", general},
			{"Executive Office", "corporate", general},
		},
		people: []person{
			{"Priya Raman", "admin@riverside.example", org.ITDigital, "IT Service Desk", []vigil.Role{vigil.Staff, vigil.OrgAdmin}, true},
			{"Grace Okafor", "staff@riverside.example", org.NurseMidwife, "Ward 7 (Acute Medicine)", staff, true},
			{"Tom Hughes", "buddy@riverside.example", org.ITDigital, "IT Service Desk", []vigil.Role{vigil.Staff, vigil.Buddy}, true},
			{"Aisha Begum", "analyst@riverside.example", org.ITDigital, "Cyber Security Team", []vigil.Role{vigil.Staff, vigil.SecurityAnalyst}, true},
			{"Dr Martin Ellis", "cso@riverside.example", org.Doctor, "Emergency Department", []vigil.Role{vigil.Staff, vigil.ClinicalSafetyOfficer}, true},
			{"Dr Sarah Lindqvist", "sarah.lindqvist@riverside.example", org.Doctor, "Emergency Department", staff, false},
			{"Kwame Mensah", "kwame.mensah@riverside.example", org.NurseMidwife, "Emergency Department", staff, false},
			{"Chloe Davies", "chloe.davies@riverside.example", org.AdminClerical, "Emergency Department", staff, false},
			{"Dr Ben Carter", "ben.carter@riverside.example", org.Doctor, "Ward 7 (Acute Medicine)", staff, false},
			{"Ewa Nowak", "ewa.nowak@riverside.example", org.NurseMidwife, "Ward 7 (Acute Medicine)", staff, false},
			{"Jamal Ahmed", "jamal.ahmed@riverside.example", org.EstatesFacilities, "Estates and Facilities", staff, false},
			{"Fiona MacLeod", "fiona.macleod@riverside.example", org.NurseMidwife, "Ward 12 (General Surgery)", staff, false},
			{"Dr Hiroshi Tanaka", "hiroshi.tanaka@riverside.example", org.Doctor, "Intensive Care Unit", staff, false},
			{"Bola Adeyemi", "bola.adeyemi@riverside.example", org.NurseMidwife, "Intensive Care Unit", staff, false},
			{"Rachel Green", "rachel.green@riverside.example", org.NurseMidwife, "Maternity Unit", staff, false},
			{"Hannah Price", "hannah.price@riverside.example", org.AdminClerical, "Maternity Unit", staff, false},
			{"Dr Oliver Grant", "oliver.grant@riverside.example", org.Doctor, "Main Theatres", staff, false},
			{"Sean Murphy", "sean.murphy@riverside.example", org.AHP, "Main Theatres", staff, false},
			{"Nadia Haddad", "nadia.haddad@riverside.example", org.NurseMidwife, "Renal Dialysis Unit", staff, false},
			{"Peter Walsh", "peter.walsh@riverside.example", org.AHP, "Pathology Laboratory", staff, false},
			{"Mei Chen", "mei.chen@riverside.example", org.AHP, "Pathology Laboratory", staff, false},
			{"Daniel Roberts", "daniel.roberts@riverside.example", org.AHP, "Radiology", staff, false},
			{"Sofia Rossi", "sofia.rossi@riverside.example", org.Pharmacy, "Pharmacy", staff, false},
			{"Imran Shah", "imran.shah@riverside.example", org.Pharmacy, "Pharmacy", staff, false},
			{"Lucy Bennett", "lucy.bennett@riverside.example", org.AdminClerical, "Outpatients", staff, false},
			{"George Evans", "george.evans@riverside.example", org.EstatesFacilities, "Estates and Facilities", staff, false},
			{"Joanne Clarke", "joanne.clarke@riverside.example", org.AHP, "Rehabilitation Ward", staff, false},
			{"Marcus Reid", "marcus.reid@riverside.example", org.ITDigital, "IT Service Desk", []vigil.Role{vigil.Staff, vigil.Buddy}, false},
			{"Helen Forsyth", "helen.forsyth@riverside.example", org.ManagerBoard, "Executive Office", staff, false},
			{"David Osei", "david.osei@riverside.example", org.ManagerBoard, "Executive Office", staff, false},
		},
	}
}

func elmTree() organisation {
	staff := []vigil.Role{vigil.Staff}
	return organisation{
		org: org.Organisation{Code: "DEMOGP", Name: "Elm Tree Surgery", Type: org.GPPractice,
			Settings: org.Settings{ServiceDeskPhone: "0300 555 0199", EmailDomains: []string{"nhs.net"}}},
		sites: []string{"Elm Tree Surgery, Mill Lane"},
		teams: []teamSpec{
			{"Reception", "practice", "Elm Tree Surgery, Mill Lane"},
			{"Clinical team", "practice", "Elm Tree Surgery, Mill Lane"},
		},
		people: []person{
			{"Linda Marsh", "admin@elmtree.example", org.ManagerBoard, "Reception", []vigil.Role{vigil.Staff, vigil.OrgAdmin}, true},
			{"Dr Anil Kapoor", "anil.kapoor@elmtree.example", org.Doctor, "Clinical team", staff, false},
			{"Jenny Hall", "jenny.hall@elmtree.example", org.NurseMidwife, "Clinical team", staff, false},
			{"Karen Wood", "karen.wood@elmtree.example", org.AdminClerical, "Reception", staff, false},
		},
	}
}

func nationalCentre() organisation {
	return organisation{
		org:   org.Organisation{Code: "CSOC", Name: "National Health Cyber Operations Centre", Type: org.NationalCentre},
		sites: []string{"Operations floor"},
		teams: []teamSpec{{"Duty analysts", "corporate", "Operations floor"}},
		people: []person{
			{"Sam Whitfield", "admin@csoc.example", org.ITDigital, "Duty analysts", []vigil.Role{vigil.Staff, vigil.CentralAnalyst, vigil.OrgAdmin}, false},
			{"Ravi Patel", "central@csoc.example", org.ITDigital, "Duty analysts", []vigil.Role{vigil.Staff, vigil.CentralAnalyst}, true},
		},
	}
}
