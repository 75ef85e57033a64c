package sbom

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/input"
)

// BadRow is the problem of an asset-list row that cannot be read; the row is skipped and
// the others are kept.
const BadRow ProblemKind = "bad-row"

// assetColumns are the columns an asset list may have; only name is required.
var assetColumns = []string{"name", "vendor", "product", "version", "cpe", "purl", "hostnames"}

// ParseAssetList reads a CSV asset list whose first row names the columns: name (required),
// vendor, product, version, cpe, purl and hostnames (separated by ";" or spaces). Columns
// may come in any order; others are ignored. A row that cannot be read is listed as a
// problem by its line and skipped; the other rows are kept. When a row has no CPE but
// names a vendor and product, those stand in for the CPE's vendor and product.
func ParseAssetList(name string, data []byte) (*Inventory, error) {
	if len(data) > MaxBytes {
		return nil, input.TooLarge(name, MaxBytes)
	}
	inv := &Inventory{Document: name, Format: AssetListCSV}
	b := newBuilder(inv)
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.ReuseRecord = true
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, input.Refuse(name, "line 1", "the first line must name the columns, such as name,vendor,product,version,cpe,purl,hostnames")
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if slices.Contains(assetColumns, h) {
			col[h] = i
		}
	}
	if _, ok := col["name"]; !ok {
		return nil, input.Refuse(name, "line 1", "the first line must name the columns and include \"name\"; it says %q", strings.Join(header, ","))
	}
	r.FieldsPerRecord = len(header)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			b.problems(Problem{Kind: BadRow, Where: fmt.Sprintf("line %d", pe.StartLine), Message: csvReason(pe, len(header))})
			continue
		}
		if err != nil {
			return nil, input.Refuse(name, "", "%v", err)
		}
		line, _ := r.FieldPos(0)
		where := fmt.Sprintf("line %d", line)
		get := func(k string) string {
			if i, ok := col[k]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		c := Component{Ref: where, Path: where, Name: get("name"), Supplier: get("vendor"), Version: get("version"),
			CPE: get("cpe"), PURL: get("purl"), Hostnames: strings.FieldsFunc(get("hostnames"), func(r rune) bool { return r == ';' || r == ' ' })}
		if c.Name == "" {
			b.problems(Problem{Kind: BadRow, Where: where, Message: "the row has no name; it is skipped"})
			continue
		}
		if vendor, product := get("vendor"), get("product"); c.CPE == "" && vendor != "" && product != "" {
			c.Product, c.ProductFromName = ident.CPEWord(vendor)+":"+ident.CPEWord(product), true
		}
		if !b.add(c) {
			return nil, input.Refuse(name, where, "the list has more than %d rows, the most Vigil reads from one list; split it", MaxComponents)
		}
	}
	return inv, nil
}

func csvReason(pe *csv.ParseError, want int) string {
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		return fmt.Sprintf("the row does not have the %d columns the first line names; it is skipped", want)
	}
	if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
		return "the row has a stray or unclosed quote mark; it is skipped"
	}
	return pe.Err.Error() + "; the row is skipped"
}

// FromAsset makes the inventory a care-map asset's own identifiers describe: one
// component named after the asset, with its CPE and purl and hostnames.
func FromAsset(a caremap.Asset) *Inventory {
	inv := &Inventory{Document: "care map asset " + a.ID, Format: CareMapAsset}
	b := newBuilder(inv)
	c := Component{Ref: a.ID, Path: "assets." + a.ID + ".identifiers", Type: string(a.Kind), Name: a.Name,
		CPE: a.Identifiers.CPE, PURL: a.Identifiers.PURL, Hostnames: slices.Clone(a.Identifiers.Hostnames)}
	if c.CPE == "" && c.PURL == "" {
		return inv // an asset without identifiers has nothing to match
	}
	b.add(c)
	return inv
}
