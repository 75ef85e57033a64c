package demo

import (
	"context"
	"fmt"

	"github.com/vigil-health/vigil/internal/training/bulletin"
	"github.com/vigil-health/vigil/internal/training/help"
)

// SeedTactics gives the demo trust a published "latest tactics" bulletin,
// its local contacts and one quick answer of its own, so that a newcomer
// sees them on the home page and in Cyber help.
func SeedTactics(ctx context.Context, svc Services) error {
	if svc.Bulletins == nil || svc.LocalHelp == nil {
		return nil
	}
	o, err := svc.Orgs.OrganisationByCode(ctx, Code)
	if err != nil {
		return err
	}
	sc := o.System("Vigil demo")
	b, err := svc.Bulletins.Create(ctx, sc, bulletin.Details{
		Title:     "Fake car parking fine texts",
		LooksLike: "A text says you have an unpaid hospital parking fine and must pay today, with a link to a payment page at parking-charge-notice[.]info. The trust never texts about parking fines.",
		WhatToDo:  "Do not tap the link or pay. Report it in Vigil, then delete the text. If you already paid, call your bank now, then tell the IT service desk.",
		Link:      "/help/text-from-nhs",
	})
	if err != nil {
		return fmt.Errorf("draft the demo bulletin: %w", err)
	}
	if _, err := svc.Bulletins.Publish(ctx, sc, b.ID); err != nil {
		return fmt.Errorf("publish the demo bulletin: %w", err)
	}
	if err := svc.LocalHelp.SetContacts(ctx, sc, map[string]string{
		"switchboard_phone": "0300 555 0100", "ig_email": "ig.team@riverside.example", "ig_phone": "0300 555 0177",
		"caldicott_email": "caldicott@riverside.example", "on_call_phone": "bleep 2207", "security_on_call_phone": "07700 900123",
	}); err != nil {
		return fmt.Errorf("set the demo contacts: %w", err)
	}
	_, err = svc.LocalHelp.SaveAnswer(ctx, sc, help.Fields{
		ID:       "who-decides-sharing",
		Question: "Who decides whether I can share a patient's information?",
		Keywords: "caldicott, sharing, consent, police, solicitor",
		Lesson:   "sending-patient-data",
		Body: "If you are not sure, ask before you share. In hours, call {{ig_phone}}. " +
			"A hard decision, such as a request from the police, is for {{caldicott_email}}; out of hours, ask {{switchboard_phone}} to reach them.",
	})
	if err != nil {
		return fmt.Errorf("add the demo quick answer: %w", err)
	}
	return nil
}
