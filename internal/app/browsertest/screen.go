package browsertest

import (
	"context"
	"fmt"

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
	// Window is the browser window every journey starts in: a phone's size,
	// though not an emulated phone.
	Window = Screen{Name: "window", Width: 390, Height: 844}
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

// Overflow is how many pixels the page reaches past the screen's width, and
// the first element that does, to name in a failure. It measures against
// the screen, not the window: a phone widens its layout to fit a wide page,
// so the window's own width grows with the page and cannot tell.
func (s Screen) Overflow(ctx context.Context) (px int, culprit string, err error) {
	type overflow struct {
		Px      int    `json:"px"`
		Culprit string `json:"culprit"`
	}
	o, err := chromedp.Run(ctx, chromedp.Evaluate[overflow](fmt.Sprintf(`(() => {
		const width = %d, px = document.documentElement.scrollWidth - width;
		if (px <= 0) return {px: px, culprit: ""};
		for (const e of document.body.querySelectorAll("*")) {
			const box = e.getBoundingClientRect();
			if (box.right > width + 1) {
				const text = (e.textContent || "").replace(/\s+/g, " ").trim().slice(0, 60);
				return {px: px, culprit: "<" + e.tagName.toLowerCase() + (e.className ? ' class="' + e.className + '"' : "") + "> " + Math.round(box.width) + " px wide: " + text};
			}
		}
		return {px: px, culprit: "no element (the page itself)"};
	})()`, s.Width)))
	return o.Px, o.Culprit, err
}
