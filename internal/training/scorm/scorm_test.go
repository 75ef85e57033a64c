package scorm_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"github.com/vigil-health/vigil/internal/training/builtin"
	"html"
	"html/template"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/training/scorm"
)

func lessons(t *testing.T) []lesson.Lesson {
	t.Helper()
	v := builtin.Vocabulary()
	c, err := content.Load(v)
	if err != nil {
		t.Fatal(err)
	}
	return c.Lessons.All()
}

// Build makes the package of a lesson, as the pages and the command do.
func build(t *testing.T, l lesson.Lesson) []byte {
	t.Helper()
	contacts := prose.Contacts{Organisation: "Riverside NHS Trust", ServiceDeskPhone: "0300 555 0142"}
	p := scorm.For(l, 80, contacts, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	var buf bytes.Buffer
	if err := scorm.Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// parsed is what a learning system reads of the manifest.
type parsed struct {
	XMLName  xml.Name
	Metadata struct {
		Schema        string `xml:"schema"`
		SchemaVersion string `xml:"schemaversion"`
	} `xml:"metadata"`
	Organizations struct {
		Default      string `xml:"default,attr"`
		Organization []struct {
			Identifier string `xml:"identifier,attr"`
			Item       []struct {
				IdentifierRef string `xml:"identifierref,attr"`
				MasteryScore  string `xml:"http://www.adlnet.org/xsd/adlcp_rootv1p2 masteryscore"`
			} `xml:"item"`
		} `xml:"organization"`
	} `xml:"organizations"`
	Resources struct {
		Resource []struct {
			Identifier string `xml:"identifier,attr"`
			ScormType  string `xml:"http://www.adlnet.org/xsd/adlcp_rootv1p2 scormtype,attr"`
			Href       string `xml:"href,attr"`
			Files      []struct {
				Href string `xml:"href,attr"`
			} `xml:"file"`
		} `xml:"resource"`
	} `xml:"resources"`
}

var xmlID = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9._-]*$`)

// Every lesson's package opens as a zip, its manifest is SCORM 1.2 and
// names only files in the zip, and its page holds every screen and every
// question with every answer and explanation.
func TestEveryLessonMakesAPackage(t *testing.T) {
	for _, l := range lessons(t) {
		t.Run(l.ID, func(t *testing.T) {
			data := build(t, l)
			z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatalf("the package does not open: %v", err)
			}
			files := map[string]string{}
			for _, f := range z.File {
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(r)
				r.Close()
				if err != nil {
					t.Fatal(err)
				}
				files[f.Name] = string(b)
			}
			var m parsed
			if err := xml.Unmarshal([]byte(files[scorm.ManifestFile]), &m); err != nil {
				t.Fatalf("the manifest is not XML: %v", err)
			}
			if m.XMLName.Space != "http://www.imsproject.org/xsd/imscp_rootv1p1p2" || m.XMLName.Local != "manifest" ||
				m.Metadata.Schema != "ADL SCORM" || m.Metadata.SchemaVersion != "1.2" {
				t.Errorf("the manifest is not SCORM 1.2: %v %+v", m.XMLName, m.Metadata)
			}
			if len(m.Organizations.Organization) != 1 || m.Organizations.Organization[0].Identifier != m.Organizations.Default ||
				len(m.Organizations.Organization[0].Item) != 1 || m.Organizations.Organization[0].Item[0].MasteryScore != "80" {
				t.Fatalf("organizations %+v", m.Organizations)
			}
			if len(m.Resources.Resource) != 1 {
				t.Fatalf("resources %+v", m.Resources)
			}
			res := m.Resources.Resource[0]
			if res.Identifier != m.Organizations.Organization[0].Item[0].IdentifierRef || res.ScormType != "sco" || !xmlID.MatchString(res.Identifier) {
				t.Errorf("the item does not lead to a SCO: %+v", res)
			}
			named := map[string]bool{res.Href: true}
			for _, f := range res.Files {
				named[f.Href] = true
			}
			for name := range named {
				if _, ok := files[name]; !ok {
					t.Errorf("the manifest names %s, which is not in the zip", name)
				}
			}
			for name := range files {
				if name != scorm.ManifestFile && !named[name] {
					t.Errorf("%s is in the zip but not in the manifest", name)
				}
			}
			page := html.UnescapeString(files[res.Href])
			for _, s := range l.Screens {
				if !strings.Contains(page, s.Title) {
					t.Errorf("the page lacks the screen %q", s.Title)
				}
			}
			for i, q := range l.Quiz {
				if !strings.Contains(page, q.Text) {
					t.Errorf("the page lacks question %d: %q", i+1, q.Text)
				}
				for _, o := range q.Options {
					if !strings.Contains(page, o.Text) || !strings.Contains(page, o.Explanation) {
						t.Errorf("the page lacks the option %q or its explanation", o.Text)
					}
				}
			}
			for _, ref := range []string{scorm.ScriptFile, scorm.StyleFile} {
				if !strings.Contains(page, `"`+ref+`"`) {
					t.Errorf("the page does not load %s", ref)
				}
			}
			if strings.Contains(page, "{{") {
				t.Error("the page has a placeholder left in it")
			}
		})
	}
}

// The page is rendered from the lesson's text, never trusting it: an
// organisation's own lesson cannot put markup into the package.
func TestThePageEscapesLessonText(t *testing.T) {
	l := lessons(t)[0]
	l.Quiz = append([]lesson.Question(nil), l.Quiz...)
	l.Quiz[0].Text = `<script>alert("x")</script>`
	p := scorm.Package{Lesson: l, PassMark: 80}
	for range l.Screens {
		p.Screens = append(p.Screens, template.HTML("<p>screen</p>"))
	}
	var buf bytes.Buffer
	if err := scorm.Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	z, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	f, _ := z.Open(scorm.PageFile)
	b, _ := io.ReadAll(f)
	if strings.Contains(string(b), `<script>alert`) {
		t.Error("a question's text was written into the page as markup")
	}
}
