package email

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"unicode"
)

// TestEveryIndicatorHasWords reads this package's source for IndicatorCode constants, so that
// a code added without a reason in indicatorTexts fails here rather than reaching a nurse as
// a generic sentence.
func TestEveryIndicatorHasWords(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "indicators.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	codes := 0
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || spec.Type == nil || len(spec.Values) == 0 {
			return true
		}
		if id, ok := spec.Type.(*ast.Ident); !ok || id.Name != "IndicatorCode" {
			return true
		}
		for _, v := range spec.Values {
			lit, ok := v.(*ast.BasicLit)
			if !ok {
				continue
			}
			codes++
			code := IndicatorCode(strings.Trim(lit.Value, `"`))
			text, ok := indicatorTexts[code]
			switch {
			case !ok:
				t.Errorf("%s has no words in indicatorTexts", code)
			case text.severity.rank() == 0 && text.severity != Info:
				t.Errorf("%s has severity %q", code, text.severity)
			case !strings.HasSuffix(text.reason, ".") || !unicode.IsUpper([]rune(text.reason)[0]):
				t.Errorf("%s reason %q is not a sentence", code, text.reason)
			}
		}
		return true
	})
	if codes != len(indicatorTexts) {
		t.Errorf("%d codes declared, %d worded", codes, len(indicatorTexts))
	}
}
