package report

import (
	"fmt"
	"slices"
	"strings"
)

// Kind is what a member of staff is reporting.
type Kind string

const (
	Email         Kind = "email"          // a suspicious e-mail
	CallOrText    Kind = "call-or-text"   // a suspicious phone call or text
	Access        Kind = "access"         // someone asking for access, or tailgating
	LostDevice    Kind = "lost-device"    // a lost or stolen device or smartcard
	UnknownDevice Kind = "unknown-device" // a USB stick or unknown device
	OddBehaviour  Kind = "odd-behaviour"  // a computer or medical device behaving oddly
	Clicked       Kind = "clicked"        // "I clicked a link or entered my password"
	Other         Kind = "other"          // something else
)

// Kinds lists every kind in the order the "What happened?" page offers them.
var Kinds = []Kind{Email, Clicked, CallOrText, Access, LostDevice, UnknownDevice, OddBehaviour, Other}

// ParseKind checks a kind.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.TrimSpace(s))
	if slices.Contains(Kinds, k) {
		return k, nil
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("unknown kind %q (want one of %s)", s, strings.Join(names, ", "))
}

// kindText is everything Vigil says about one kind of report.
type kindText struct {
	label   string // the radio on "What happened?"
	hint    string
	title   string // what the report is, in a list: "Suspicious e-mail"
	noun    string // for feedback: "Thank you for reporting the …"
	fields  []Field
	doNow   func(desk string, d Details) []string // advice; desk is "the IT service desk on 0300 …", d the answers so far
	next    string                                // what happens next, on the confirmation page
	actions []string                              // the analyst's checklist in the triage queue
}

// Label is the kind as the "What happened?" page offers it.
func (k Kind) Label() string { return k.text().label }

// Hint explains the kind under its radio button.
func (k Kind) Hint() string { return k.text().hint }

// Title names a report of this kind in lists.
func (k Kind) Title() string { return k.text().title }

// Noun is what the reporter reported, for feedback: "the lost device".
func (k Kind) Noun() string { return k.text().noun }

// Fields are the questions of the kind's details page.
func (k Kind) Fields() []Field { return k.text().fields }

// Actions is the checklist an analyst works through for this kind.
func (k Kind) Actions() []string { return k.text().actions }

// WhatNext says what the team does with a report once it is sent.
func (k Kind) WhatNext() string { return k.text().next }

// DoNow is what the reporter should do straight away, with the service desk's
// number from the organisation's settings when there is one. With the
// reporter's answers it speaks to what they said ("you clicked") rather
// than in ifs; before they have answered, d is empty.
func (k Kind) DoNow(serviceDeskPhone string, d Details) []string {
	desk := "the IT service desk"
	if p := strings.TrimSpace(serviceDeskPhone); p != "" {
		desk += " on " + p
	}
	return k.text().doNow(desk, d)
}

// Urgent says whether the reporter must act before finishing the report:
// a password typed into a fake page or a lost smartcard can be used
// against patients' records within minutes.
func (k Kind) Urgent() bool { return k == Clicked || k == LostDevice }

// HasCampaign says whether reports of this kind are grouped into campaigns:
// only e-mails carry what is needed to tell that two reports are one attack.
func (k Kind) HasCampaign() bool { return k == Email }

// clickedAdvice fits "if you did X, do Y" to the reporter's answer: plain
// after a yes, "act as if you did" after "not sure", "if you later find you
// did" after a no (memory is unreliable at the end of a shift), and the
// "if" before the question is answered.
func clickedAdvice(answer, did, then string) string {
	switch answer {
	case "yes":
		return "You " + did + ". " + then
	case "not-sure":
		return "If you are not sure, act as if you did. " + then
	case "no":
		return "If you later find you " + did + ": " + strings.ToLower(then[:1]) + then[1:]
	}
	return "If you " + did + ": " + strings.ToLower(then[:1]) + then[1:]
}

func smartcardAdvice(device, desk string) string {
	if device == "smartcard" {
		return "Call " + desk + " now so they can cancel your smartcard. Then nobody else can use it to see patient records."
	}
	return "If it is your smartcard, call " + desk + " now so they can cancel it. Then nobody else can use it to see patient records."
}

func (k Kind) text() kindText {
	if t, ok := kindTexts[k]; ok {
		return t
	}
	return kindTexts[Other]
}

var kindTexts = map[Kind]kindText{
	Email: {
		label: "A suspicious e-mail",
		hint:  "It asks you to click a link, open a file, pay something or give your password.",
		title: "Suspicious e-mail", noun: "e-mail",
		fields: []Field{
			{Name: "clicked", Label: "Did you click a link, open an attachment or reply?", Input: Radios, Required: true, Missing: "Select whether you clicked a link, opened an attachment or replied", Options: yesNoUnsure},
		},
		doNow: func(desk string, d Details) []string {
			return []string{
				"Do not click its links, open its attachments or reply to it.",
				"You can delete it now. We have a copy.",
				clickedAdvice(d.Value("clicked"), "clicked a link or entered your password", "Change your password now and call "+desk+"."),
			}
		},
		next: "Our cyber security team will check the e-mail. If other people got it too, we will warn everyone.",
		actions: []string{
			"Read the analysis below and give the campaign a verdict.",
			"If it is malicious: block the sender and the link domains at the mail gateway, and remove the e-mail from every inbox.",
			"If anyone clicked or entered a password: reset it and check their account for new forwarding rules.",
		},
	},
	CallOrText: {
		label: "A suspicious phone call or text",
		hint:  "Someone called or texted asking for a password, a code, money or patient details.",
		title: "Suspicious call or text", noun: "call or text",
		fields: []Field{
			{Name: "channel", Label: "Was it a phone call or a text message?", Input: Radios, Required: true, Missing: "Select whether it was a phone call or a text message", Options: []Option{
				{"call", "A phone call"}, {"text", "A text message, WhatsApp or similar"}}},
			{Name: "number", Label: "What number did it come from?", Hint: "Leave this blank if the number was hidden.", Input: Tel, Max: 40},
			{Name: "asked", Label: "What did they say or ask for?", Hint: "For example, your password, a code sent to your phone, or a patient's details.", Input: TextArea, Required: true, Missing: "Enter what they said or asked for"},
			{Name: "gave", Label: "Did you give them any information or click a link?", Input: Radios, Required: true, Missing: "Select whether you gave them any information or clicked a link", Options: yesNoUnsure},
		},
		doNow: func(desk string, d Details) []string {
			return []string{
				"Do not call back or reply. If they said they were from a bank, a supplier or an NHS team, contact them on a number you already know.",
				clickedAdvice(d.Value("gave"), "gave them a password, a code or patient details", "Call "+desk+" now."),
			}
		},
		next: "Our cyber security team will check the number and warn colleagues if others are being called.",
		actions: []string{
			"Check whether other staff had the same call or text.",
			"If a password or code was given: reset the password and sign the person out everywhere.",
			"If patient details were given: tell the Information Governance team.",
		},
	},
	Access: {
		label: "Someone asking for access, or following people through a door",
		hint:  "A stranger asked to use a computer or a smartcard, or walked in behind you (tailgating).",
		title: "Access or tailgating", noun: "person asking for access",
		fields: []Field{
			{Name: "where", Label: "Where did it happen?", Hint: "For example, the ward, the door or the building.", Input: Text, Required: true, Missing: "Enter where it happened"},
			{Name: "when", Label: "When did it happen?", Hint: "For example, today at about 2pm.", Input: Text, Required: true, Missing: "Enter when it happened"},
			{Name: "what", Label: "What happened?", Hint: "What did the person look like, what did they say, and where did they go?", Input: TextArea, Required: true, Missing: "Enter what happened"},
		},
		doNow: func(desk string, d Details) []string {
			return []string{
				"If the person is still there and you feel unsafe, call your site's security team. Do not challenge them on your own.",
				"Do not let anyone use your smartcard, password or door code, even someone you know by sight.",
				"If they used a computer, lock it and call " + desk + ".",
			}
		},
		next: "Our security team will look into it with the site team, and may check door records and CCTV.",
		actions: []string{
			"Tell the site security team and ask them to check door records and CCTV for the time given.",
			"If a computer was used: check which account was signed in and what it did.",
			"Remind the area's manager about door and smartcard rules, without blaming the reporter.",
		},
	},
	LostDevice: {
		label: "A lost or stolen device or smartcard",
		hint:  "A smartcard, laptop, phone, tablet or memory stick is missing.",
		title: "Lost or stolen device", noun: "lost device",
		fields: []Field{
			{Name: "device", Label: "What is lost or stolen?", Input: Radios, Required: true, Missing: "Select what is lost or stolen", Options: []Option{
				{"smartcard", "My NHS smartcard"}, {"laptop", "A laptop"}, {"phone", "A phone"}, {"tablet", "A tablet"},
				{"usb", "A memory stick"}, {"other", "Something else"}}},
			{Name: "where", Label: "Where did you last have it?", Input: Text, Required: true, Missing: "Enter where you last had it"},
			{Name: "when", Label: "When did you last have it?", Hint: "For example, yesterday at the end of my shift.", Input: Text, Required: true, Missing: "Enter when you last had it"},
			{Name: "what", Label: "Anything else we should know?", Hint: "For example, its asset number, or whether you think it was stolen.", Input: TextArea},
		},
		doNow: func(desk string, d Details) []string {
			return []string{
				smartcardAdvice(d.Value("device"), desk),
				"If it is a laptop, phone or tablet, tell your manager as well.",
				"If your password was written down with it, change your password now.",
				"If it was stolen, you can also report it to the police.",
			}
		},
		next: "The IT team will cancel or lock the device so nobody can use it, and help you get a replacement.",
		actions: []string{
			"Smartcard: revoke it in the Care Identity Service so it cannot be used, then arrange a replacement.",
			"Smartcard: check for sign-ins with the card after the time it was lost.",
			"Laptop, phone or tablet: lock and wipe it through device management, and check it was encrypted.",
			"If patient data could be exposed: agree with the Data Protection Officer whether it must be reported as a data breach.",
		},
	},
	UnknownDevice: {
		label: "A USB stick or a device you do not recognise",
		hint:  "A memory stick left lying around, or a cable, box or gadget plugged into something.",
		title: "USB stick or unknown device", noun: "unknown device",
		fields: []Field{
			{Name: "device", Label: "What did you find?", Input: Radios, Required: true, Missing: "Select what you found", Options: []Option{
				{"usb", "A USB stick or memory card"}, {"plugged-in", "Something plugged into a computer or network socket"}, {"other", "Something else"}}},
			{Name: "where", Label: "Where is it?", Hint: "For example, the nurses' station on Ward 7.", Input: Text, Required: true, Missing: "Enter where it is"},
			{Name: "plugged", Label: "Has anyone plugged it into a computer?", Input: Radios, Required: true, Missing: "Select whether anyone has plugged it into a computer", Options: yesNoUnsure},
			{Name: "what", Label: "Anything else we should know?", Input: TextArea},
		},
		doNow: func(desk string, d Details) []string {
			return []string{
				"Do not plug it in or open it, even to find out who owns it.",
				"Leave it where it is, or put it somewhere safe away from computers.",
				"If it has been plugged into a computer, leave that computer switched on, stop using it and call " + desk + " now.",
			}
		},
		next: "The IT team will collect the device and check it safely, away from the hospital's network.",
		actions: []string{
			"Collect the device. Do not plug it into a computer on the network.",
			"If it was plugged in: isolate that computer from the network and check it for malware.",
			"If it looks planted: ask the site team to check CCTV and door records.",
		},
	},
	OddBehaviour: {
		label: "A computer or medical device behaving oddly",
		hint:  "The mouse moves on its own, a message demands payment, files have strange names, or readings look wrong.",
		title: "Device behaving oddly", noun: "device behaving oddly",
		fields: []Field{
			{Name: "device", Label: "What is behaving oddly?", Input: Radios, Required: true, Missing: "Select what is behaving oddly", Options: []Option{
				{"computer", "A computer or laptop"}, {"medical-device", "A medical device, such as a pump, monitor or scanner"}, {"other", "Something else"}}},
			{Name: "name", Label: "Which one is it?", Hint: "The name, asset number or label on it, for example 'Infusion pump 14'.", Input: Text},
			{Name: "where", Label: "Where is it?", Input: Text, Required: true, Missing: "Enter where it is"},
			{Name: "what", Label: "What is it doing?", Hint: "For example, a message asks for payment, or the readings do not match the patient.", Input: TextArea, Required: true, Missing: "Enter what it is doing"},
			{Name: "patients", Label: "Is it affecting patient care right now?", Input: Radios, Required: true, Missing: "Select whether it is affecting patient care right now", Options: yesNoUnsure},
		},
		doNow: func(desk string, d Details) []string {
			return []string{
				"If patients are at risk, follow your area's downtime procedure and tell the person in charge.",
				"Do not switch it off or restart it unless it is unsafe for patients: the IT team may need to see it as it is.",
				"Call " + desk + " now if it is affecting patient care. If it is a medical device, tell clinical engineering too.",
			}
		},
		next: "The IT team will check the device and, for a medical device, work with clinical engineering.",
		actions: []string{
			"Call the reporter's area if patient care is affected, and agree the downtime steps.",
			"Computer: isolate it from the network if ransomware or remote control is suspected, and keep it switched on.",
			"Medical device: involve clinical engineering before changing anything on the device.",
		},
	},
	Clicked: {
		label: "I clicked a link or entered my password",
		hint:  "You clicked something, opened a file or typed your password and now it does not feel right.",
		title: "Clicked a link or entered a password", noun: "link you clicked",
		fields: []Field{
			{Name: "did", Label: "What did you do?", Hint: "Select all that apply.", Input: Checkboxes, Required: true, Missing: "Select what you did", Options: []Option{
				{"link", "I clicked a link"}, {"password", "I entered my password"}, {"attachment", "I opened an attachment"},
				{"details", "I gave other details, such as a code or bank details"}}},
			{Name: "when", Label: "When did it happen?", Hint: "For example, about 10 minutes ago.", Input: Text, Required: true, Missing: "Enter when it happened"},
			{Name: "how", Label: "Where did the link or request come from?", Hint: "For example, an e-mail, a text message or a web page.", Input: TextArea},
		},
		doNow: func(desk string, d Details) []string {
			return []string{
				"Change your password now. Use a different computer or your phone if you can.",
				"Call " + desk + " now, even in the middle of the night. The sooner they know, the easier it is to put right.",
				"If you entered bank or card details, call your bank too.",
				"You are not in trouble. Telling us quickly is exactly the right thing to do.",
			}
		},
		next: "The IT team will check your account and your computer, and block the link for everyone else.",
		actions: []string{
			"Reset the person's password and sign them out of every session.",
			"Check their account for new inbox rules, mail forwarding and new sign-in methods.",
			"Find the link or e-mail and block it for everyone.",
			"If they opened a file: check their computer for malware.",
		},
	},
	Other: {
		label: "Something else",
		hint:  "Anything that does not feel right.",
		title: "Something else", noun: "concern",
		fields: []Field{
			{Name: "what", Label: "What happened?", Input: TextArea, Required: true, Missing: "Enter what happened"},
			{Name: "where", Label: "Where did it happen?", Input: Text},
			{Name: "when", Label: "When did it happen?", Input: Text},
		},
		doNow: func(desk string, d Details) []string {
			return []string{"If it is urgent or patients are at risk, call " + desk + " now."}
		},
		next: "Our cyber security team will look into it.",
		actions: []string{
			"Read the report and decide who needs to act on it.",
			"Contact the reporter if you need more details.",
		},
	},
}

var yesNoUnsure = []Option{{"yes", "Yes"}, {"no", "No"}, {"not-sure", "I'm not sure"}}
