package evaluate

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"math/rand/v2"
)

// Generate makes the generated labelled set: every genuine and phishing family, the same
// messages for the same seed.
func Generate(seed uint64) []Sample {
	g := &gen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	var out []Sample
	for _, f := range genuineFamilies {
		for i := 0; i < f.count; i++ {
			out = append(out, Sample{Name: fmt.Sprintf("genuine-%s-%03d", f.name, i), Family: f.name, Label: Genuine, Raw: f.make(g).bytes()})
		}
	}
	for _, f := range phishingFamilies {
		for i := 0; i < f.count; i++ {
			out = append(out, Sample{Name: fmt.Sprintf("phishing-%s-%03d", f.name, i), Family: f.name, Label: Phishing, Raw: f.make(g).bytes()})
		}
	}
	return out
}

func decodeGray(data []byte) (*image.Gray, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	gray := image.NewGray(img.Bounds())
	draw.Draw(gray, gray.Bounds(), img, img.Bounds().Min, draw.Src)
	return gray, nil
}
