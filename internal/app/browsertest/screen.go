package browsertest

import (
	"context"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Screen is a size of screen to try pages on.
type Screen struct {
	Name          string
	Width, Height int64
	Mobile        bool // a phone: touch, the viewport meta tag honoured
}

var (
	// Phone is a small phone, the narrowest screen Vigil must fit without sideways scrolling.
	Phone = Screen{Name: "phone", Width: 375, Height: 812, Mobile: true}
	// Desktop is an office or ward computer.
	Desktop = Screen{Name: "desktop", Width: 1280, Height: 900}
)

// Use makes the tab's viewport this screen.
func (s Screen) Use() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: s.Width, Height: s.Height, DeviceScaleFactor: 1, Mobile: s.Mobile})
		return err
	})
}
