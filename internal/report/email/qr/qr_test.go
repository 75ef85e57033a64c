package qr

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Code draws a QR code for text, size pixels square, on a white margin.
func code(t testing.TB, text string, size int) image.Image {
	t.Helper()
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, size, size, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDecodeFindsTheLink(t *testing.T) {
	const link = "https://m365-login.example/auth?u=jane.smith@nhs.net"
	img := code(t, link, 300)

	var pngData, jpegData bytes.Buffer
	if err := png.Encode(&pngData, img); err != nil {
		t.Fatal(err)
	}
	// A photograph-like page: the code pasted into a larger picture, saved as JPEG.
	page := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	draw.Draw(page, page.Bounds(), image.NewUniform(color.RGBA{240, 240, 230, 255}), image.Point{}, draw.Src)
	draw.Draw(page, image.Rect(500, 400, 800, 700), img, image.Point{}, draw.Src)
	if err := jpeg.Encode(&jpegData, page, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"png": pngData.Bytes(), "jpeg in a page": jpegData.Bytes()} {
		got, err := DecodeFile(data)
		if err != nil || got != link {
			t.Errorf("%s: DecodeFile = %q, %v; want %q", name, got, err, link)
		}
	}
}

func TestPicturesWithoutCodesAndBadFiles(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 200, 200))
	if got := Decode(blank); got != "" {
		t.Errorf("blank picture decoded as %q", got)
	}
	if _, err := DecodeFile([]byte("\x89PNG\r\n\x1a\nnot really")); err == nil {
		t.Error("a damaged PNG decoded without error")
	}
	// A header claiming a huge picture is refused before any pixel is decoded.
	var huge bytes.Buffer
	png.Encode(&huge, image.NewGray(image.Rect(0, 0, 1, 1)))
	data := huge.Bytes()
	copy(data[16:24], []byte{0, 0, 0x13, 0x88, 0, 0, 0x13, 0x88}) // 5000 × 5000
	if _, err := DecodeFile(data); err == nil {
		t.Error("a 25-megapixel picture was not refused")
	}
}

func FuzzDecodeFile(f *testing.F) {
	var b bytes.Buffer
	png.Encode(&b, code(f, "https://example.com/", 100))
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		DecodeFile(data)
	})
}
