package email

import "errors"

// outlookToEML converts an Outlook .msg file to an RFC 5322 message.
func outlookToEML(data []byte) ([]byte, error) {
	return nil, errors.New("read Outlook .msg file: not supported")
}
