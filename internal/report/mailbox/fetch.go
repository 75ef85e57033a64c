package mailbox

import (
	"fmt"
	"io"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// summary is what the server says about a message before its body is read.
type summary struct {
	uid          imap.UID
	size         int64
	internalDate time.Time
}

// fetchSummaries reads sizes and dates first, so a message over the limit is
// never downloaded.
func fetchSummaries(c *imapclient.Client, uids []imap.UID) (map[imap.UID]summary, error) {
	opts := &imap.FetchOptions{UID: true, RFC822Size: true, InternalDate: true}
	bufs, err := c.Fetch(imap.UIDSetNum(uids...), opts).Collect()
	if err != nil {
		return nil, fmt.Errorf("fetch message sizes: %w", err)
	}
	found := make(map[imap.UID]summary, len(bufs))
	for _, b := range bufs {
		found[b.UID] = summary{uid: b.UID, size: b.RFC822Size, internalDate: b.InternalDate}
	}
	return found, nil
}

func (p *Poller) fetchMessage(c *imapclient.Client, validity uint32, d summary) (Message, error) {
	if d.uid == 0 {
		return Message{}, errVanished // no summary: expunged before the first fetch
	}
	m := Message{
		Folder:       p.cfg.Folder,
		UIDValidity:  validity,
		UID:          uint32(d.uid),
		InternalDate: d.internalDate,
		Size:         d.size,
	}
	if d.size > p.cfg.MaxMessageBytes {
		header := &imap.FetchItemBodySection{
			Specifier: imap.PartSpecifierHeader,
			Peek:      true,
			Partial:   &imap.SectionPartial{Offset: 0, Size: headerLimit},
		}
		h, _, err := fetchSection(c, d.uid, header, headerLimit)
		if err != nil {
			return m, err
		}
		m.TooLarge, m.Header = true, h
		m.MessageID = messageID(h)
		p.log.Warn("report in mailbox is too large; handing over its header only",
			"uid", d.uid, "size", d.size, "limit", p.cfg.MaxMessageBytes)
		return m, nil
	}

	// Peek, so the server does not set \Seen before the handler has it.
	raw, over, err := fetchSection(c, d.uid, &imap.FetchItemBodySection{Peek: true}, p.cfg.MaxMessageBytes)
	if err != nil {
		return m, err
	}
	if over {
		// The server under-reported the size; keep the promise anyway.
		h := headerOf(raw)
		m.TooLarge, m.Header = true, h[:min(len(h), headerLimit)]
		m.MessageID = messageID(m.Header)
		p.log.Warn("report in mailbox is larger than the server said; handing over its header only",
			"uid", d.uid, "size", d.size, "limit", p.cfg.MaxMessageBytes)
		return m, nil
	}
	m.Raw = raw
	m.MessageID = messageID(raw)
	return m, nil
}

// fetchSection reads one body section of one message, keeping at most limit
// bytes; over says the section was longer.
func fetchSection(c *imapclient.Client, uid imap.UID, section *imap.FetchItemBodySection, limit int64) (data []byte, over bool, err error) {
	cmd := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{section}})
	msg := cmd.Next()
	if msg == nil {
		if err := cmd.Close(); err != nil {
			return nil, false, fmt.Errorf("fetch message UID %d: %w", uid, err)
		}
		return nil, false, errVanished
	}
	data = []byte{} // a message with an empty body is still a message
	for item := msg.Next(); item != nil; item = msg.Next() {
		body, ok := item.(imapclient.FetchItemDataBodySection)
		if !ok || body.Literal == nil {
			continue
		}
		data, err = io.ReadAll(io.LimitReader(body.Literal, limit+1))
		if err != nil {
			cmd.Close()
			return nil, false, fmt.Errorf("read message UID %d: %w", uid, err)
		}
		break
	}
	// Close drains whatever is left, including the rest of an oversized body.
	if err := cmd.Close(); err != nil {
		return nil, false, fmt.Errorf("fetch message UID %d: %w", uid, err)
	}
	if int64(len(data)) > limit {
		return data[:limit], true, nil
	}
	return data, false, nil
}
