// Package scorm writes a lesson as a SCORM 1.2 package, so a trust can load
// Vigil's lessons into the learning system its staff already use: a zip of
// the manifest, one page with the lesson's screens and its quiz, a small
// script that marks the quiz in the browser and tells the learning system
// the score and whether it passed, and the page's styles. The package needs
// nothing from Vigil once made.
package scorm

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/training/lesson"
)

// Package is what goes into one lesson's package.
type Package struct {
	Lesson lesson.Lesson
	// Screens are the lesson's screens as HTML, with the organisation's
	// contacts filled in, one per screen of the lesson.
	Screens []template.HTML
	// PassMark is the share of the quiz, in per cent, that passes.
	PassMark     int
	Organisation string    // whose package it is, for the page's footer
	Made         time.Time // the zip's file times
}

// The files of a package.
const (
	ManifestFile = "imsmanifest.xml"
	PageFile     = "index.html"
	ScriptFile   = "vigil-scorm.js"
	StyleFile    = "vigil-scorm.css"
)

//go:embed files/vigil-scorm.js
var script []byte

//go:embed files/vigil-scorm.css
var style []byte

//go:embed files/index.html
var pageSource string

var page = template.Must(template.New("page").Parse(pageSource))

// FileName is the name the package is downloaded as.
func FileName(l lesson.Lesson) string {
	return "vigil-" + l.ID + "-v" + fmt.Sprint(l.Version) + "-scorm12.zip"
}

// Write writes the package as a zip.
func Write(w io.Writer, p Package) error {
	if len(p.Screens) != len(p.Lesson.Screens) {
		return fmt.Errorf("scorm package of %s: %d screens rendered for %d", p.Lesson.ID, len(p.Screens), len(p.Lesson.Screens))
	}
	manifest, err := Manifest(p)
	if err != nil {
		return err
	}
	var html bytes.Buffer
	if err := page.Execute(&html, pageView(p)); err != nil {
		return fmt.Errorf("scorm page of %s: %w", p.Lesson.ID, err)
	}
	z := zip.NewWriter(w)
	for _, f := range []struct {
		name string
		data []byte
	}{{ManifestFile, manifest}, {PageFile, html.Bytes()}, {ScriptFile, script}, {StyleFile, style}} {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: p.Made})
		if err != nil {
			return fmt.Errorf("scorm package of %s: %w", p.Lesson.ID, err)
		}
		if _, err := fw.Write(f.data); err != nil {
			return fmt.Errorf("scorm package of %s: %w", p.Lesson.ID, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("scorm package of %s: %w", p.Lesson.ID, err)
	}
	return nil
}

// manifest is imsmanifest.xml: IMS Content Packaging 1.1.2 with the ADL
// SCORM 1.2 extensions, one organisation of one item, the lesson's SCO.
type manifest struct {
	XMLName        xml.Name `xml:"manifest"`
	Identifier     string   `xml:"identifier,attr"`
	Version        string   `xml:"version,attr"`
	Xmlns          string   `xml:"xmlns,attr"`
	Adlcp          string   `xml:"xmlns:adlcp,attr"`
	Xsi            string   `xml:"xmlns:xsi,attr"`
	SchemaLocation string   `xml:"xsi:schemaLocation,attr"`
	Metadata       struct {
		Schema        string `xml:"schema"`
		SchemaVersion string `xml:"schemaversion"`
	} `xml:"metadata"`
	Organizations struct {
		Default      string `xml:"default,attr"`
		Organization struct {
			Identifier string `xml:"identifier,attr"`
			Title      string `xml:"title"`
			Item       struct {
				Identifier    string `xml:"identifier,attr"`
				IdentifierRef string `xml:"identifierref,attr"`
				IsVisible     string `xml:"isvisible,attr"`
				Title         string `xml:"title"`
				MasteryScore  int    `xml:"adlcp:masteryscore"`
			} `xml:"item"`
		} `xml:"organization"`
	} `xml:"organizations"`
	Resources struct {
		Resource struct {
			Identifier string `xml:"identifier,attr"`
			Type       string `xml:"type,attr"`
			ScormType  string `xml:"adlcp:scormtype,attr"`
			Href       string `xml:"href,attr"`
			Files      []struct {
				Href string `xml:"href,attr"`
			} `xml:"file"`
		} `xml:"resource"`
	} `xml:"resources"`
}

// Manifest is the package's imsmanifest.xml.
func Manifest(p Package) ([]byte, error) {
	var m manifest
	// Identifiers are XML IDs: the prefix makes them start with a letter.
	id := "vigil-" + p.Lesson.ID
	m.Identifier, m.Version = id, fmt.Sprint(p.Lesson.Version)
	m.Xmlns = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
	m.Adlcp = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
	m.Xsi = "http://www.w3.org/2001/XMLSchema-instance"
	m.SchemaLocation = "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd " +
		"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd " +
		"http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
	m.Metadata.Schema, m.Metadata.SchemaVersion = "ADL SCORM", "1.2"
	m.Organizations.Default = id + "-org"
	o := &m.Organizations.Organization
	o.Identifier, o.Title = id+"-org", p.Lesson.Title
	o.Item.Identifier, o.Item.IdentifierRef, o.Item.IsVisible, o.Item.Title = id+"-item", id+"-sco", "true", p.Lesson.Title
	o.Item.MasteryScore = p.PassMark
	r := &m.Resources.Resource
	r.Identifier, r.Type, r.ScormType, r.Href = id+"-sco", "webcontent", "sco", PageFile
	for _, f := range []string{PageFile, ScriptFile, StyleFile} {
		r.Files = append(r.Files, struct {
			Href string `xml:"href,attr"`
		}{f})
	}
	out, err := xml.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("scorm manifest of %s: %w", p.Lesson.ID, err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

type view struct {
	Lesson       lesson.Lesson
	Screens      []screenView
	Questions    []questionView
	PassMark     int
	Organisation string
	Key          template.JS // the right answers and the pass mark, for the script
}

type screenView struct {
	Title string
	Body  template.HTML
}

type questionView struct {
	Number  int // from 1
	Text    string
	Options []lesson.Option
}

// key is what the script marks with.
type key struct {
	PassMark int   `json:"passMark"`
	Right    []int `json:"right"`
}

func pageView(p Package) view {
	v := view{Lesson: p.Lesson, PassMark: p.PassMark, Organisation: p.Organisation}
	for i, s := range p.Lesson.Screens {
		v.Screens = append(v.Screens, screenView{Title: s.Title, Body: p.Screens[i]})
	}
	k := key{PassMark: p.PassMark}
	for i, q := range p.Lesson.Quiz {
		v.Questions = append(v.Questions, questionView{Number: i + 1, Text: q.Text, Options: q.Options})
		k.Right = append(k.Right, q.Right())
	}
	raw, _ := json.Marshal(k) // ints only: cannot fail
	// JSON of numbers is a safe script literal; "</" cannot occur in it.
	v.Key = template.JS(strings.ReplaceAll(string(raw), "</", `<\/`))
	return v
}
