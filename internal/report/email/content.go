package email

import (
	"strconv"
	"strings"
)

// pressurePhrases are the deadlines and threats that push a reader to act before thinking.
// Single words such as "urgent" are left out: clinical mail uses them honestly every day.
var pressurePhrases = []string{
	"expires today", "expire today", "expires in", "expiring soon", "final reminder", "final notice",
	"last chance", "action required", "immediate action", "act now", "within 24 hours",
	"within 48 hours", "required today", "payment is required", "overdue", "suspension",
	"will be suspended", "will be closed", "will be deleted", "will be disabled", "will be locked",
	"will be reassigned", "will be terminated", "will be cancelled", "you will lose", "confirm by",
	"verify your account", "verify your identity", "unusual sign-in", "unusual activity",
	"keep your current password", "password expires",
}

// checkContent looks at the words of the message, and at the headers that mark bulk mail.
func checkContent(m *message, a *Analysis) {
	words := strings.ToLower(strings.Join(strings.Fields(a.Subject+"\n"+limitText(a.Body.Text)), " "))
	var found []string
	for _, p := range pressurePhrases {
		if strings.Contains(words, p) && len(found) < 4 {
			found = append(found, strconv.Quote(p))
		}
	}
	if len(found) > 0 {
		a.add(CodePressure, "It says %s.", strings.Join(found, ", "))
	}

	switch {
	case m.header.Get("List-Unsubscribe") != "":
		a.add(CodeBulkMail, "It has a List-Unsubscribe header.")
	case strings.EqualFold(m.get("Precedence"), "bulk") || strings.EqualFold(m.get("Precedence"), "list"):
		a.add(CodeBulkMail, "Its Precedence header says %s.", strings.ToLower(m.get("Precedence")))
	case strings.EqualFold(m.get("X-Spam-Flag"), "yes"):
		a.add(CodeBulkMail, "A spam filter marked it as spam (X-Spam-Flag).")
	}
}
