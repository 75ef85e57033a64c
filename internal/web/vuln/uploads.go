package vuln

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// uploadsView lists the inventories held and offers the two uploads. After an upload it
// says what happened, and lists every problem found, each with where it is.
type uploadsView struct {
	page
	Inventories []inventoryRow
	Assets      []option
	Kinds       []option
	CanUpload   bool
	Result      *uploadResult
	// Feeds are the feeds fetched on a schedule that apply here, failing ones first.
	Feeds []feedRow
}

type feedRow struct {
	findings.FeedSource
	Label      string
	EveryWords string // "6 hours", "day"
	// Refused are the documents a CSAF provider listed that were not imported, and why.
	Refused []findings.Refusal
}

// feedLabels name what each kind of feed holds.
var feedLabels = map[findings.FeedKind]string{findings.Advisories: "Advisories", findings.KEVFeed: "Known exploited vulnerabilities (CISA KEV)",
	findings.EPSSFeed: "Exploit prediction scores (FIRST EPSS)"}

type inventoryRow struct {
	Document, Asset, Format  string
	Components, Problems     int
	WithIdentifier, Versions string
	At                       time.Time
}

type uploadResult struct {
	Heading  string
	Lines    []string
	Problems []string
}

const maxShownProblems = 200

func (h *Pages) uploadsView(r *http.Request, sc vigil.Scope) (uploadsView, error) {
	v := uploadsView{page: page{h.Layout(r, "Upload SBOMs and advisories")}, CanUpload: sc.Can(vigil.WriteVulns)}
	v.Back = "/vulnerabilities"
	names := map[string]string{}
	v.Assets = []option{{Value: "", Label: "Not in the care map (Vigil assumes the worst)"}}
	if st, err := h.maps.Current(r.Context(), sc); err == nil {
		for _, a := range st.Map.Assets {
			names[a.ID] = a.Name
			v.Assets = append(v.Assets, option{Value: a.ID, Label: a.Name, Selected: a.ID == r.PostFormValue("asset")})
		}
	}
	invs, err := h.vulns.Inventories(r.Context(), sc)
	if err != nil {
		return v, err
	}
	feeds, err := h.vulns.FeedSources(r.Context(), sc)
	if err != nil {
		return v, err
	}
	refused, err := h.vulns.Refusals(r.Context(), sc)
	if err != nil {
		return v, err
	}
	byFeed := map[string][]findings.Refusal{}
	for _, rf := range refused {
		byFeed[rf.FeedURL] = append(byFeed[rf.FeedURL], rf)
	}
	for _, f := range feeds {
		v.Feeds = append(v.Feeds, feedRow{FeedSource: f, Label: feedLabels[f.Kind], EveryWords: intervalWords(f.Every), Refused: byFeed[f.URL]})
	}
	for _, i := range invs {
		q := i.Quality
		row := inventoryRow{Document: i.Document, Asset: names[i.AssetID], Format: string(i.Format), Components: i.Components, Problems: len(i.Problems),
			WithIdentifier: percent(q.Share(q.WithUniqueID)), Versions: percent(q.Share(q.WithVersion)), At: i.UploadedAt}
		if row.Asset == "" {
			row.Asset = "Not in the care map"
		}
		v.Inventories = append(v.Inventories, row)
	}
	for _, k := range []struct {
		kind  findings.FeedKind
		label string
	}{{findings.Advisories, "Advisories: OSV, CSAF (and CSAF VEX), CVE JSON 5, CycloneDX VEX, or a zip of OSV records"},
		{findings.KEVFeed, "CISA's Known Exploited Vulnerabilities catalogue (JSON or CSV)"},
		{findings.EPSSFeed, "FIRST EPSS daily scores (CSV, gzipped or not)"}} {
		v.Kinds = append(v.Kinds, option{Value: string(k.kind), Label: k.label, Selected: string(k.kind) == r.PostFormValue("kind")})
	}
	return v, nil
}

func percent(f float64) string { return fmt.Sprintf("%.0f%%", f*100) }

func (h *Pages) uploads(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v, err := h.uploadsView(r, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "uploads", &v)
}

// uploaded reads the posted file, or answers why not.
func uploaded(r *http.Request) (string, []byte, error) {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, vigil.InvalidFields("", map[string]string{"file": "Choose a file to upload"})
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return "", nil, fmt.Errorf("read upload: %w", err)
	}
	return hdr.Filename, data, nil
}

// showResult renders the uploads page after an upload: what happened, or why not.
func (h *Pages) showResult(w http.ResponseWriter, r *http.Request, sc vigil.Scope, res *uploadResult, upErr error) {
	v, err := h.uploadsView(r, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if upErr != nil {
		if vigil.CodeOf(upErr) != vigil.Invalid {
			h.Fail(w, r, upErr)
			return
		}
		h.RenderInvalid(w, r, h.pages, "uploads", &v, upErr)
		return
	}
	if len(res.Problems) > maxShownProblems {
		more := len(res.Problems) - maxShownProblems
		res.Problems = append(res.Problems[:maxShownProblems], fmt.Sprintf("… and %d more", more))
	}
	v.Result = res
	h.render(w, r, http.StatusOK, "uploads", &v)
}

func (h *Pages) uploadInventory(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	name, data, err := uploaded(r)
	if err != nil {
		h.showResult(w, r, sc, nil, err)
		return
	}
	res, err := h.vulns.Attach(r.Context(), sc, r.PostFormValue("asset"), name, data)
	if err != nil {
		h.showResult(w, r, sc, nil, err)
		return
	}
	i := res.Inventory
	out := &uploadResult{Heading: fmt.Sprintf("%s uploaded: %d components", i.Document, i.Components), Lines: []string{
		fmt.Sprintf("%d findings are open; %d are new and %d closed.", res.Evaluated.Open, res.Evaluated.New, res.Evaluated.Closed)}}
	if res.Replaced {
		out.Lines = append(out.Lines, "It replaced the earlier upload of the same name for this system.")
	}
	for _, p := range i.Problems {
		out.Problems = append(out.Problems, p.String())
	}
	h.showResult(w, r, sc, out, nil)
}

func (h *Pages) uploadAdvisories(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	name, data, err := uploaded(r)
	if err != nil {
		h.showResult(w, r, sc, nil, err)
		return
	}
	res, err := h.vulns.Import(r.Context(), sc, findings.FeedKind(r.PostFormValue("kind")), name, data)
	if err != nil {
		h.showResult(w, r, sc, nil, err)
		return
	}
	out := &uploadResult{Heading: fmt.Sprintf("%s imported: %d read", res.Document, res.Read), Problems: res.Problems,
		Lines: []string{fmt.Sprintf("%d new, %d updated, %d unchanged, %d withdrawn.", res.New, res.Updated, res.Unchanged, res.Withdrawn)}}
	if res.Evaluated > 1 {
		out.Lines = append(out.Lines, fmt.Sprintf("Shared with every organisation: findings were worked out again for %d organisations.", res.Evaluated))
	}
	h.showResult(w, r, sc, out, nil)
}
