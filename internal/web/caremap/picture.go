package caremap

import (
	"fmt"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
)

// The picture of how an event spreads is drawn on the server as SVG, as an outline: each
// target at the left, and below it, indented one step per link, what depends on it, down
// to the affected services. Every box has a row of its own, so names never overlap and
// the picture reads top to bottom on a narrow phone; a wider one only scrolls sideways.
// Colours come from classes in app.css, because the page's CSP allows no inline styles.

// pictureMaxServices is how many of the most dangerously affected services the picture
// traces; the list above it names them all.
const pictureMaxServices = 25

// Picture geometry, in CSS pixels at the 14px label size.
const (
	pictureRow    = 38 // from one box's top to the next
	pictureBox    = 28
	pictureIndent = 22
	picturePad    = 4
	pictureChar   = 6.8 // average width of a label character, with room to spare
	pictureChars  = 30  // characters of a name shown before it is cut short
)

type pathPicture struct {
	Width, Height int
	Nodes         []pictureNode
	Shown, Total  int // services traced, services affected
}

type pictureNode struct {
	X, Y, W, H   int
	TextX, TextY int
	Label        string
	Title        string // the full name and what happens to it, for screen readers and hover
	Href         string
	Class        string // the box's state, such as vigil-paths__node--lost
	Edge         string // the connector from the box above it; empty for a target
	EdgeClass    string // solid when the link is required, dashed when degraded
}

// pathNode is one box of the outline: the same id appears once per distinct path to it.
type pathNode struct {
	id       string
	need     caremap.Need // of the link from the parent: how much this one relies on it
	children []*pathNode
}

func (n *pathNode) child(id string) *pathNode {
	for _, c := range n.children {
		if c.id == id {
			return c
		}
	}
	c := &pathNode{id: id}
	n.children = append(n.children, c)
	return c
}

// drawPaths lays out the dependency paths of the most dangerously affected services.
func drawPaths(m *caremap.Map, r impact.Result) pathPicture {
	g := m.Graph()
	root := &pathNode{}
	p := pathPicture{Total: len(r.Services), Shown: min(len(r.Services), pictureMaxServices)}
	for _, s := range r.Services[:p.Shown] {
		n := root
		for i, id := range s.Via {
			n = n.child(id)
			if i > 0 && n.need == 0 {
				n.need = needBetween(g, id, s.Via[i-1])
			}
		}
	}
	states := stateClasses(r)
	// walk places n and its subtree below what is already placed. from is where n's
	// connector starts: the parent's bottom for a first child, else the elbow of the
	// sibling above, so each link gets a segment of its own, solid or dashed.
	var walk func(n *pathNode, depth, from int) int
	walk = func(n *pathNode, depth, from int) int {
		y := picturePad + len(p.Nodes)*pictureRow
		x := picturePad + depth*pictureIndent
		label, title := pictureLabel(m, n.id, r)
		w := int(float64(utf8.RuneCountInString(label))*pictureChar) + 20
		node := pictureNode{X: x, Y: y, W: w, H: pictureBox, TextX: x + 10, TextY: y + 19, Label: label, Title: title,
			Href: refOf(m, n.id).Href, Class: states[n.id]}
		elbow := y + pictureBox/2
		if depth > 0 {
			node.Edge = fmt.Sprintf("M%d %dV%dH%d", x-pictureIndent+10, from, elbow, x)
			node.EdgeClass = "vigil-paths__edge"
			if n.need == caremap.Degraded {
				node.EdgeClass += " vigil-paths__edge--degraded"
			}
		}
		p.Nodes = append(p.Nodes, node)
		p.Width = max(p.Width, x+w+picturePad)
		next := y + pictureBox
		for _, c := range n.children {
			next = walk(c, depth+1, next)
		}
		return elbow
	}
	for _, t := range root.children {
		walk(t, 0, 0)
	}
	p.Height = picturePad*2 + len(p.Nodes)*pictureRow - (pictureRow - pictureBox)
	return p
}

// needBetween is how much dependant relies on dependency.
func needBetween(g *caremap.Graph, dependant, dependency string) caremap.Need {
	d, _ := g.Index(dependant)
	on, _ := g.Index(dependency)
	for _, l := range g.DependsOn(d) {
		if int(l.Node) == on {
			return l.Need
		}
	}
	return 0
}

// stateClasses gives each affected id the class of its worst state; targets are marked too.
func stateClasses(r impact.Result) map[string]string {
	out := map[string]string{}
	class := func(state impact.State, untrusted, exposed bool) string {
		switch {
		case state == impact.Lost:
			return "vigil-paths__node vigil-paths__node--lost"
		case untrusted:
			return "vigil-paths__node vigil-paths__node--untrusted"
		case state == impact.Degraded:
			return "vigil-paths__node vigil-paths__node--degraded"
		case exposed:
			return "vigil-paths__node vigil-paths__node--exposed"
		}
		return "vigil-paths__node"
	}
	for _, s := range r.Services {
		out[s.ID] = class(s.State, s.Untrustworthy, s.Exposed)
	}
	for _, list := range [][]impact.Affected{r.Assets, r.Suppliers} {
		for _, a := range list {
			out[a.ID] = class(a.State, a.Untrustworthy, a.Exposed)
		}
	}
	targets := map[string]bool{}
	for _, e := range r.Events {
		targets[e.Target] = true
	}
	for t := range targets {
		if out[t] == "" {
			out[t] = class(impact.Unaffected, false, false)
		}
		out[t] += " vigil-paths__node--target"
	}
	return out
}

// pictureLabel is a box's text, cut short to fit a phone, and its full description.
func pictureLabel(m *caremap.Map, id string, r impact.Result) (label, title string) {
	name := m.Name(id)
	title = name
	label = name
	if utf8.RuneCountInString(label) > pictureChars {
		label = string([]rune(label)[:pictureChars-1]) + "…"
	}
	for _, s := range r.Services {
		if s.ID == id {
			title = fmt.Sprintf("%s: %s, %s", name, s.Words(), riskLevel(s.Risk).Label())
			if s.Risk > 0 {
				label += fmt.Sprintf(" · risk %d", s.Risk)
			}
			break
		}
	}
	return label, title
}
