package content_test

import (
	"testing"
)

// What staff actually type, and the answer they need at the top. These run
// against the real answers, so rewording an answer that stops it being
// found fails here.
func TestSearchFindsTheAnswerStaffNeed(t *testing.T) {
	answers := load(t).Answers
	tests := []struct{ query, want string }{
		{"I think I clicked a link", "clicked-a-link"},
		{"clicked", "clicked-a-link"},
		{"opened a dodgy attachment", "opened-an-attachment"},
		{"Can I send a patient photo on WhatsApp?", "whatsapp-patient-photo"},
		{"messaging app picture of wound", "whatsapp-patient-photo"},
		{"A caller says he is from IT and needs my code", "caller-from-it"},
		{"The system is down — what do I do?", "system-down"},
		{"epr not working", "system-down"},
		{"lost my smartcard", "lost-smartcard"},
		{"found a memory stick", "found-usb"},
		{"qr code poster", "qr-code"},
		{"voice note from my boss", "voice-note-urgent"},
		{"gift cards", "gift-cards"},
		{"sent email to wrong person", "wrong-recipient"},
		{"[secure] care home email", "email-outside-nhs"},
		{"hotel wifi", "public-wifi"},
		{"left laptop on train", "lost-laptop"},
		{"ransom", "ransom-message"},
		{"infusion pump strange", "pump-acting-odd"},
		{"someone followed me through the door", "tailgating"},
		{"supplier changed bank details", "supplier-bank-details"},
		{"will I get into trouble", "will-i-be-in-trouble"},
		{"approve sign in notification", "mfa-prompts"},
		{"whats photo", "whatsapp-patient-photo"}, // "whats" typed so far
	}
	for _, tt := range tests {
		got := answers.Search(tt.query)
		if len(got) == 0 {
			t.Errorf("Search(%q) found nothing, want %s first", tt.query, tt.want)
			continue
		}
		if got[0].ID != tt.want {
			var ids []string
			for _, a := range got[:min(3, len(got))] {
				ids = append(ids, a.ID)
			}
			t.Errorf("Search(%q) = %v…, want %s first", tt.query, ids, tt.want)
		}
	}
}
