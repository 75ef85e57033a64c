package email

import "testing"

// TestWordingPatterns checks each kind of request in the ways people write it, in the
// languages covered, and phrases honest mail uses that must not match.
func TestWordingPatterns(t *testing.T) {
	tests := []struct {
		text string
		want IndicatorCode // "" means nothing may match
	}{
		{"Please respond within the next 48 hours or access ends.", CodePressure},
		{"Your mailbox WILL BE SUSPENDED", CodePressure},
		{"Sua conta será suspensa dentro de 24 horas", CodePressure},
		{"Su cuenta ha sido bloqueada temporalmente", CodePressure},
		{"Bydd eich cyfrif yn cael ei atal o fewn 24 awr", CodePressure},
		{"Ihr Konto wird gesperrt", CodePressure},
		{"Click here to verify your account", CodeCredentialRequest},
		{"Sign in below to view the shared document", CodeCredentialRequest},
		{"Confirme seus dados clicando aqui", CodeCredentialRequest},
		{"Verifique su cuenta haciendo clic", CodeCredentialRequest},
		{"Cliciwch yma i gadarnhau eich cyfrif", CodeCredentialRequest},
		{"You have 3 pending messages held", CodeCredentialRequest},
		{"Please note our bank details have changed; pay the attached invoice to the new account.", CodeBankDetailsChange},
		{"Mudança: nova conta bancária para pagamentos", CodeBankDetailsChange},
		{"Can you buy some Apple gift cards for the team? Send me the codes.", CodeGiftCards},
		{"Necesito tarjetas de regalo", CodeGiftCards},
		{"Connect your wallet to claim your airdrop", CodeCryptoRequest},
		{"Enter your 12-word recovery phrase", CodeCryptoRequest},
		{"Send 0.1 BTC to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", CodeCryptoRequest},
		{"Are you at your desk? I need a quick favour.", CodeSecrecy},
		{"Keep this confidential until we announce it.", CodeSecrecy},
		{"Congratulations, you have won a new iPhone!", CodePrize},
		{"Ihre 200 Freispiele warten", CodePrize},
		{"Parabéns, você ganhou um prêmio", CodePrize},
		{"Win een Albert Heijn-cadeaukaart van €250!", CodePrize},
		{"We noticed your exclusive reward hasn't been claimed", CodePrize},
		{"Entrega en curso: ¡confirma tus datos de entrega!", CodeCredentialRequest},
		{"Avis de passage important : (1) colis vous attend", CodeCredentialRequest},
		{"U heeft (1) pakket dat op bezorging wacht", CodeCredentialRequest},
		{"Todos os seus dados serão completamente excluídos", CodePressure},
		{"Falha na entrega: sua entrega está pendente", CodePressure},
		{"Laatste kans op prijzen!", CodePressure},
		{"Claim your stETH tokens now", CodeCryptoRequest},
		{"Make every trip rewarding with our $TOYOTA coins", CodeCryptoRequest},
		{"The canteen card now takes $5 coins and notes.", ""},
		{"Meet your kind of singles near you", CodeDating},
		{"You won't believe the new rota.", ""},
		{"The team will win the bid if the tender is in by Friday.", ""},
		{"Please confirm the ward's delivery details with pharmacy.", ""},
		{"Urgent: Account Verification Required", CodePressure},
		{"Um login suspeito em sua conta foi detectado", CodePressure},
		{"Your score has been released: withdraw your funds today", CodePrize},
		{"Du gehörst zu den 50 glücklichen Finalisten", CodePrize},
		{"Finalist für 4 Tickets im Wert von 1000€!", CodePrize},
		{"Ihre Treue wurde belohnt! Ihre Prämie ist jetzt verfügbar!", CodePrize},
		{"Ihr 250€ Gutschein wartet auf Sie!", CodePrize},
		{"Ihre exklusive Chance auf 1000€ Guthaben", CodePrize},
		{"The main thing is to have time to withdraw your +12,695$", CodePrize},
		{"You are now rich +27165$ on your balance!", CodePrize},
		{"Our team was a finalist for the national patient safety award.", ""},
		{"Ihre Prämienzahlung für die Versicherung wurde verbucht.", ""},
		{"To withdraw your application, reply to this e-mail.", ""},
		{"I came across your e-mail contact while in need of your assistance", CodeAdvanceFee},
		{"Lonely Ukrainian women want to meet you", CodeDating},
		{"We will hook up the new printer on Monday.", ""},
		{"We received 3 incoming emails about the outage.", ""},
		{"The ward meeting moved to Thursday.", ""},
		{"Results are available on ICE.", ""},
		{"The urgent bloods went to the lab at 10:00.", ""},
	}
	for _, tt := range tests {
		found := findWordings(foldText(tt.text))
		if tt.want == "" {
			if len(found) > 0 {
				t.Errorf("%q matched %v, want nothing", tt.text, found)
			}
			continue
		}
		if len(found[tt.want]) == 0 {
			t.Errorf("%q: no %s (found %v)", tt.text, tt.want, found)
		}
	}
}

func TestFraudWithoutLinks(t *testing.T) {
	tests := []struct {
		name, from, replyTo, body string
	}{
		{"gift cards from a free account", `"Chief Executive" <ceo.northgate@gmail.com>`, "",
			"Are you at your desk? I need you to buy some gift cards for a client. Keep this between us."},
		{"advance fee", `"Barrister Mark Ode" <mark.ode@lawfirm-intl.example>`, "mark.ode@outlook.com",
			"I am the barrister to my late client, who left an inheritance of US$ 8.5 million with no next of kin. As beneficiary you will receive 40% of the total."},
		{"bank details change", `"Accounts" <accounts@supplier.example>`, "accounts.supplier@gmail.com",
			"Please note that our bank details have changed. Kindly process the payment of the overdue invoice to the new account today."},
		{"crypto", `"Wallet Support" <support@wallet-help.example>`, "",
			"Your wallet will be suspended. Validate your wallet by replying with your recovery phrase within 24 hours."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := "From: " + tt.from + "\r\nTo: jane.smith@nhs.net\r\nSubject: Request\r\n"
			if tt.replyTo != "" {
				raw += "Reply-To: " + tt.replyTo + "\r\n"
			}
			raw += "Authentication-Results: mx.nhs.net; spf=pass smtp.mailfrom=x; dmarc=pass header.from=x\r\n\r\n" + tt.body + "\r\n"
			a, err := Analyse([]byte(raw), nhsTrust)
			if err != nil {
				t.Fatal(err)
			}
			if a.SuggestedVerdict != Malicious {
				t.Errorf("verdict = %s (%v), want malicious", a.SuggestedVerdict, indicatorCodes(a))
			}
			if len(a.URLs) != 0 {
				t.Errorf("urls = %+v, want none: this fraud needs no link", a.URLs)
			}
		})
	}
}

// TestWordingPatternsHaveTriggerWords lists the patterns that must read the whole text
// because no word is certain in their matches: each one costs time on every message.
func TestWordingPatternsHaveTriggerWords(t *testing.T) {
	for _, p := range compiledWordings() {
		if p.triggers == nil {
			t.Errorf("%s pattern %q has no trigger word", p.code, p.re)
		}
	}
}

func TestMojibakeIsRepairedForThePatterns(t *testing.T) {
	raw := "From: aviso@banco.example\r\nTo: jane.smith@nhs.net\r\nSubject: Aviso\r\n\r\nSua conta ser\xc3\xa1 suspensa hoje.\r\n"
	a := analyseRaw(t, raw) // no charset: the body is read as Latin-1
	wantIndicators(t, a, CodePressure)
	if got := repairMojibake("Café"); got != "Café" {
		t.Errorf("repairMojibake changed clean text to %q", got)
	}
}
