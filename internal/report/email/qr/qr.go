// Package qr finds QR codes in pictures from reported e-mails. A QR code in a message or its
// PDF ("quishing") sends the reader to a sign-in page on a phone, out of reach of the
// organisation's link protection, so its destination is a link of the message like any other.
//
// Pictures come from outside: each is decoded only after its size has been read from its
// header, and pictures above MaxPixels are refused before any pixel is decoded. Decoding runs
// github.com/makiuchi-d/gozxing's QR reader.
package qr

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // the formats mail carries
	_ "image/jpeg"
	_ "image/png"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

const (
	// MaxPixels is the largest picture decoded, in pixels: a 2000 × 2000 picture.
	MaxPixels = 4_000_000
	// MinSide is the smallest side a picture may have and hold a readable QR code.
	MinSide = 21
	// scanSide is the longest side a picture is scaled down to before the search: QR codes
	// in mail are large and plain, and searching every pixel of a photograph costs time.
	scanSide = 1000
)

// DecodeFile reads a PNG, JPEG or GIF file and returns the text of the QR code in it, if any.
func DecodeFile(data []byte) (string, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("read picture: %w", err)
	}
	if cfg.Width < MinSide || cfg.Height < MinSide {
		return "", nil
	}
	if cfg.Width*cfg.Height > MaxPixels || cfg.Width > 20000 || cfg.Height > 20000 {
		return "", fmt.Errorf("read picture: %d × %d pixels is more than the %d-pixel limit", cfg.Width, cfg.Height, MaxPixels)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("read picture: %w", err)
	}
	return Decode(img), nil
}

// Decode returns the text of the QR code in a picture, or "" when it holds none.
func Decode(img image.Image) (text string) {
	defer func() {
		if recover() != nil { // a decoder fed with hostile pictures; a panic costs one picture
			text = ""
		}
	}()
	b := img.Bounds()
	if b.Dx() < MinSide || b.Dy() < MinSide || b.Dx()*b.Dy() > MaxPixels {
		return ""
	}
	gray := scaled(img)
	for _, pure := range []bool{false, true} {
		bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(gozxing.NewLuminanceSourceFromImage(gray)))
		if err != nil {
			return ""
		}
		hints := map[gozxing.DecodeHintType]any{}
		if pure {
			// A code drawn alone on a blank page, as generated QR images are.
			hints[gozxing.DecodeHintType_PURE_BARCODE] = true
		}
		if res, err := qrcode.NewQRCodeReader().Decode(bmp, hints); err == nil {
			return res.GetText()
		}
	}
	return ""
}

// scaled returns the picture in grey, shrunk by a whole factor so that its longer side is at
// most scanSide. It reads one pixel in step² of a large picture, so the time it takes does
// not grow with the picture.
func scaled(img image.Image) *image.Gray {
	b := img.Bounds()
	step := 1
	for max(b.Dx(), b.Dy())/step > scanSide {
		step++
	}
	out := image.NewGray(image.Rect(0, 0, b.Dx()/step, b.Dy()/step))
	for y := 0; y < out.Rect.Dy(); y++ {
		for x := 0; x < out.Rect.Dx(); x++ {
			r, g, bl, a := img.At(b.Min.X+x*step, b.Min.Y+y*step).RGBA()
			// a transparent pixel shows the white of the page
			out.Pix[y*out.Stride+x] = uint8(((299*r+587*g+114*bl)/1000*a/0xffff + (0xffff - a)) >> 8)
		}
	}
	return out
}
