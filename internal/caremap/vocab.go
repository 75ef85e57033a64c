package caremap

import (
	"fmt"
	"strings"
)

// Type says which section of the map an id belongs to.
type Type uint8

const (
	TypeService Type = iota + 1
	TypeAsset
	TypeSupplier
)

func (t Type) String() string {
	switch t {
	case TypeService:
		return "service"
	case TypeAsset:
		return "asset"
	case TypeSupplier:
		return "supplier"
	}
	return fmt.Sprintf("Type(%d)", uint8(t))
}

// Need says how much a dependant relies on a dependency.
type Need uint8

const (
	Required Need = iota + 1 // the dependant cannot work without it
	Degraded                 // the dependant works worse without it
	Optional                 // losing it does not affect the dependant
)

var needNames = []string{"", "required", "degraded", "optional"}

func (n Need) String() string { return enumName(needNames, uint8(n), "Need") }

// Valid reports whether n is one of the three needs.
func (n Need) Valid() bool { return n >= Required && n <= Optional }

// ParseNeed reads "required", "degraded" or "optional".
func ParseNeed(s string) (Need, error) {
	v, err := parseEnum(needNames, s, "need")
	return Need(v), err
}

func (n Need) MarshalText() ([]byte, error) { return marshalEnum(n.Valid(), n.String(), "need") }

func (n *Need) UnmarshalText(b []byte) error {
	v, err := ParseNeed(string(b))
	*n = v
	return err
}

// Consequence is the DCB0129/DCB0160 consequence of harm, from minor to catastrophic.
type Consequence uint8

const (
	Minor Consequence = iota + 1
	Significant
	Considerable
	Major
	Catastrophic
)

var consequenceNames = []string{"", "minor", "significant", "considerable", "major", "catastrophic"}

func (c Consequence) String() string { return enumName(consequenceNames, uint8(c), "Consequence") }

// Valid reports whether c is one of the five consequences.
func (c Consequence) Valid() bool { return c >= Minor && c <= Catastrophic }

// ParseConsequence reads a consequence such as "major".
func ParseConsequence(s string) (Consequence, error) {
	v, err := parseEnum(consequenceNames, s, "consequence")
	return Consequence(v), err
}

func (c Consequence) MarshalText() ([]byte, error) {
	return marshalEnum(c.Valid(), c.String(), "consequence")
}

func (c *Consequence) UnmarshalText(b []byte) error {
	v, err := ParseConsequence(string(b))
	*c = v
	return err
}

// Likelihood is the DCB0129/DCB0160 likelihood of harm, from very low to very high.
type Likelihood uint8

const (
	VeryLow Likelihood = iota + 1
	Low
	Medium
	High
	VeryHigh
)

var likelihoodNames = []string{"", "very-low", "low", "medium", "high", "very-high"}

func (l Likelihood) String() string { return enumName(likelihoodNames, uint8(l), "Likelihood") }

// Valid reports whether l is one of the five likelihoods.
func (l Likelihood) Valid() bool { return l >= VeryLow && l <= VeryHigh }

// ParseLikelihood reads a likelihood such as "very-high".
func ParseLikelihood(s string) (Likelihood, error) {
	v, err := parseEnum(likelihoodNames, s, "likelihood")
	return Likelihood(v), err
}

func (l Likelihood) MarshalText() ([]byte, error) {
	return marshalEnum(l.Valid(), l.String(), "likelihood")
}

func (l *Likelihood) UnmarshalText(b []byte) error {
	v, err := ParseLikelihood(string(b))
	*l = v
	return err
}

// Kind is what sort of thing an asset is.
type Kind string

const (
	KindApplication   Kind = "application"
	KindServer        Kind = "server"
	KindNetwork       Kind = "network"
	KindIdentity      Kind = "identity"
	KindEndpoint      Kind = "endpoint"
	KindMedicalDevice Kind = "medical-device"
	KindCloudService  Kind = "cloud-service"
)

// Kinds lists every asset kind, in the order the file format documents them.
func Kinds() []Kind {
	return []Kind{KindApplication, KindServer, KindNetwork, KindIdentity, KindEndpoint, KindMedicalDevice, KindCloudService}
}

// Valid reports whether k is a known asset kind.
func (k Kind) Valid() bool {
	for _, v := range Kinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Exposure is how reachable an asset is from outside, the SSVC "system exposure".
type Exposure string

const (
	ExposureInternet Exposure = "internet"
	ExposurePartner  Exposure = "partner"
	ExposureInternal Exposure = "internal"
	ExposureIsolated Exposure = "isolated"
)

// Exposures lists every exposure, most exposed first.
func Exposures() []Exposure {
	return []Exposure{ExposureInternet, ExposurePartner, ExposureInternal, ExposureIsolated}
}

// Valid reports whether e is a known exposure.
func (e Exposure) Valid() bool {
	for _, v := range Exposures() {
		if e == v {
			return true
		}
	}
	return false
}

func enumName(names []string, v uint8, typ string) string {
	if int(v) < len(names) && v > 0 {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

func parseEnum(names []string, s, what string) (uint8, error) {
	for i, n := range names {
		if i > 0 && n == s {
			return uint8(i), nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q; use %s", what, s, orList(names[1:]))
}

func marshalEnum(valid bool, s, what string) ([]byte, error) {
	if !valid {
		return nil, fmt.Errorf("invalid %s %s", what, s)
	}
	return []byte(s), nil
}

// orList writes "a, b or c" for error messages.
func orList[T ~string](vs []T) string {
	var b strings.Builder
	for i, v := range vs {
		switch {
		case i == 0:
		case i == len(vs)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(string(v))
	}
	return b.String()
}
