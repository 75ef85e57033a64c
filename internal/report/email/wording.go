package email

import (
	"strings"
	"unicode/utf8"
)

// A lure is recognised by what it asks the reader to do, in whatever words and language.
// Each kind of request is a list of patterns, matched against the subject and the start of
// the body after folding: lower case, single spaces, straight quotes, and letters without
// accents, so that "não", "nao" and "NÃO" read alike. The patterns cover English, Portuguese,
// Spanish and Welsh (the languages of public phishing collections and of NHS Wales), and a
// little French and German.
//
// Single words such as "urgent" are left out: clinical mail uses them honestly every day.
type wording struct {
	code     IndicatorCode
	patterns []string
}

var wordings = []wording{
	{CodePressure, []string{
		// deadlines
		`within (the next |the following )?(\d+|twenty[- ]four|forty[- ]eight|one|two|three) ?(hours?|hrs?|days?|business days)`,
		`(expires?|expiring|expired|will expire|deactivates?) (today|tonight|soon|shortly|in \d+)`,
		`(final|last) (reminder|notice|warning|attempt|chance|notification)`,
		`(immediate|urgent|prompt) (action|attention|response|verification)`,
		`action (is )?required`, `(account |identity )?verification (is )?required`, `was this you\?`, `\bact (now|fast|immediately)`, `required (today|immediately)`,
		`(by|before) (end of (the )?day|close of business|midnight|today)`,
		// threats
		`will (be )?(permanently )?(suspended|closed|deleted|disabled|locked|terminated|cancell?ed|blocked|restricted|deactivated|removed|reassigned|lost|rejected|returned)`,
		`(account|mailbox|access|card|service|password|e-?mail)( has been| is| was| will be| have been)? (temporarily )?(suspended|locked|blocked|restricted|disabled|limited|on hold|deactivated|compromised)`,
		`failure to (comply|verify|confirm|respond|update|validate|act)`,
		`(avoid|prevent) (the )?(suspension|deactivation|termination|closure|interruption|losing|loss|penalt)`,
		`you will lose`, `lose (access|all your|your (e-?mails?|files|data|account))`,
		`unusual (sign-?in|login|log-?in|activity)`, `suspicious (sign-?in|login|activity)`,
		`(mailbox|storage|quota) (is )?(full|almost full|exceeded|limit)`,
		`password (expires|will expire|has expired|is expiring|expiration)`,
		`legal (action|proceedings)`, `\boverdue\b`, `late (payment )?fee`, `penalt(y|ies) (fee|charge)`,
		// Portuguese
		`dentro de (\d+|vinte e quatro|quarenta e oito) ?(horas|dias)`, `nas proximas \d+ ?horas`,
		`(sera|foi|esta|serao|serem) (temporariamente |completamente |permanentemente |definitivamente )?(suspens|bloquead|desativad|encerrad|cancelad|excluid|apagad)`,
		`(falha|problema) na entrega`, `entrega (esta )?(pendente|retida)`, `(ja )?tentamos (entrar em )?contato com voce`,
		`(ultim[ao]) (chance|oportunidade|aviso|notificacao)`, `(expira|vence|expirara) (hoje|em)`,
		`acao (imediata|necessaria)`, `(login|acesso) suspeito`, `evite (o |a )?(bloqueio|cancelamento|suspensao|encerramento)`,
		// Spanish
		`(dentro de|en) (las )?(proximas )?\d+ ?horas`,
		`(sera|ha sido|esta|seran) (temporalmente )?(suspendid|bloquead|desactivad|cancelad|cerrad|eliminad)`,
		`ultimo aviso`, `(inicio de sesion|acceso) sospechoso`, `accion (inmediata|requerida)`, `(expira|vence|caduca) (hoy|en)`,
		`evit(e|ar) (el |la )?(bloqueo|cierre|suspension|cancelacion)`,
		// Welsh
		`o fewn \d+ (awr|diwrnod)`, `(rhybudd|nodyn atgoffa) olaf`, `gweithredu ar unwaith`,
		`bydd eich (cyfrif|blwch post|cyfrinair) yn cael ei (atal|gau|ddileu|gloi|ddiffodd)`,
		`yn dod i ben (heddiw|cyn bo hir)`,
		// Dutch
		`laatste (kans|herinnering|waarschuwing|melding)`, `binnen \d+ (uur|dagen)`, `(wordt|is) (uw|je) (account|rekening|toegang) (geblokkeerd|opgeschort|gesloten|verwijderd)`,
		`reageer (alstublieft|a\.u\.b\.|nu)`, `(wij|we) hebben (geprobeerd|tevergeefs geprobeerd) (u|je|jou) te bereiken`,
		// French and German
		`dans les \d+ heures`, `(dernier|ultime) (avis|rappel|avertissement)`, `(expire|expirera) aujourd'?hui`, `votre compte (sera|a ete) (suspendu|bloque|desactive|ferme)`,
		`innerhalb von \d+ (stunden|tagen)`, `ihr konto (wird|wurde) (gesperrt|deaktiviert|eingeschrankt)`,
	}},
	{CodeCredentialRequest, []string{
		`(verify|confirm|validate|update|reactivate|re-activate|unlock|restore|secure|upgrade|re-?confirm) (your |the )?(account|identity|password|mailbox|e-?mail( address| account)?|credentials|login|log-?in|billing|payment (details|information|method)|profile|access|details|information)`,
		`(sign|log) ?-?in (to|below|here|now|with your)( your)?( account| mailbox| office| microsoft| e-?mail)? ?(to )?(verify|confirm|continue|restore|keep|avoid|view|access|review|release|retain|read)`,
		`(enter|provide|re-?enter|type|submit) (your )?(password|credentials|login|pin|card (number|details)|e-?mail password|bank details)`,
		`keep (your |the )?(current|same|existing) password`,
		`click (here|below|on the link|the link|the button|on the button)( below)? (to|and) (verify|confirm|log ?in|sign ?in|update|restore|unlock|validate|review|view|access|retain|keep|release|cancel|download)`,
		`(shared|sent) (a|an|the|you an?) (secure |encrypted |important |new )?(document|file|folder|invoice|pdf|fax|voicemail)`,
		`(view|access|open|review|download|retrieve) (the |your )?(shared |secure |encrypted |attached )?(document|file|invoice|fax|voicemail|voice message|message|statement|remittance)s? (securely|here|below|now|online)`,
		`(new|pending|unread|undelivered) (voicemail|voice message|fax|secure message|document)s?`,
		`(pending|held|undelivered|quarantined|failed) (incoming )?(messages?|e-?mails?|mails?|deliver(y|ies))`,
		`scan (the|this) (qr )?code (below |above |with your (phone|mobile|camera) )?(to|and) (verify|confirm|re-?activate|complete|update|sign|log|access|view|enable|set up|keep|restore)`,
		`(mfa|multi-factor|two-factor|2fa|authenticator|authentication) (must be )?(re-?enrol(ment|l)?|set up again|update|verification|has expired|expired|required|reset)`,
		// Portuguese
		`(verifique|confirme|atualize|valide|recadastre|regularize) (seus |sua |os |a |o )?(dados|conta|senha|cadastro|identidade|informacoes|acesso)`,
		`clique (aqui|no link|abaixo|no botao)`, `acesse (sua conta|o link|o portal)`, `(digite|informe) (sua )?senha`,
		// Spanish
		`(verifique|confirme|actualice|valide|verifica|confirma|actualiza|valida) (sus |su |tus |tu |los |la )?(datos|cuenta|contrasena|identidad|informacion|acceso)`,
		`(confirma|confirme|actualiza|actualice|verifica|verifique) (tus|sus) datos( de (entrega|envio|pago))?`,
		`(haga|haz) clic (aqui|en el enlace|abajo|en el boton)`, `inici(e|a) (sesion|session)`, `(ingrese|introduzca) (su )?contrasena`,
		// Welsh
		`(gwirio|gwiriwch|cadarnhau|cadarnhewch|diweddaru|diweddarwch) eich (cyfrif|cyfrinair|manylion|hunaniaeth)`,
		`cliciwch (yma|ar y ddolen|isod)`, `mewngofnodwch`,
		// French and German
		`(verifiez|confirmez|mettez a jour) (votre |vos )?(compte|identite|mot de passe|informations)`,
		`(bestatigen|verifizieren|aktualisieren) sie (ihr|ihre) (konto|identitat|passwort|daten)`,
		// parcels waiting for the reader's details, a favourite lure in every language
		`(colis|pakket|paket|pacote|encomenda|paquete) (vous attend|wacht|wartet|aguarda|esta (a )?esperando|te espera)`,
		`(pakket|paket|colis|parcel|package) (dat |that )?(op bezorging|awaiting delivery|en attente)`,
		`(bevestig|controleer|verifieer|update) (uw|je|jouw) (gegevens|account|betaalgegevens|adres)`, `(vul|voer) (uw|je) (gegevens|contactgegevens) in`,
	}},
	{CodeBankDetailsChange, []string{
		`(change|changed|update|updated|new|amend|amended) (to |of )?(our |my |the |their )?(bank|banking|account|payment|remittance) (details|information|info|account)`,
		`(bank|banking) (details|account) (have|has) (changed|been updated)`,
		`(do not|don'?t) (use|pay (to|into)) the (old|previous) (account|bank)`,
		`(wire|bank|telegraphic) transfer (today|urgently|immediately|of)`, `(process|make|arrange|send) (an? |the )?(urgent |quick )?(payment|transfer|wire)`,
		`(alteracao|mudanca|atualizacao) (dos |de )?dados bancarios`, `nova conta bancaria`,
		`(cambio|actualizacion) (de |en )?(los |sus )?datos bancarios`, `nueva cuenta bancaria`,
		`newid (i'?r |yn y )?manylion banc`,
	}},
	{CodeFakeInvoice, []string{
		`your (payment|order|subscription|renewal) (of [^.]{1,20} )?(has been|was|is) (received|processed|charged|renewed|confirmed|successful)`,
		`(subscription|membership|licen[cs]e|plan) (has been|was|will be) (automatically )?(renewed|charged|extended)`,
		`(if you did not|if you didn'?t|didn'?t) (authori[sz]e|make|place|recogni[sz]e) (this|the) (purchase|order|payment|transaction|charge)`,
		`(to )?(cancel|dispute|refund) (this|the|your) (order|transaction|charge|payment|subscription)[^.]{0,40}(call|contact|phone|dial)`,
	}},
	{CodeGiftCards, []string{
		`gift ?cards?`, `(itunes|apple|google play|steam|amazon|ebay|visa|vanilla) (gift )?(cards?|vouchers?)`,
		`(buy|purchase|get|pick up|scratch|send me) (some |the )?(vouchers|cards?|codes)`, `(voucher|card) codes`,
		`cart(ao|oes) (presente|de presente)`, `tarjetas? (de )?regalo`, `cardiau rhodd`, `talebau rhodd`,
	}},
	{CodeCryptoRequest, []string{
		`(claim|connect|verify|validate|sync|synchroni[sz]e|restore|secure|migrate|unlock) (your )?(wallet|tokens?|airdrop|rewards?|nft|coins?|crypto)`,
		`(claim|unlock|collect) (your|the|free) \$?[a-z0-9]{2,10} (tokens?|coins?|airdrop|nfts?)`,
		`\$[a-z][a-z0-9]{1,9} (coins?|tokens?|airdrop)\b`, // a token's ticker: "$TOYOTA coins", "$MEME airdrop"
		`(seed|recovery|secret|mnemonic) (phrase|words)`, `private keys?`, `\bairdrop\b`,
		`(metamask|trust ?wallet|coinbase|binance|ledger live|exodus|phantom) (wallet|account|support|team)`,
		`(pay|send|transfer|deposit) [^.]{0,40}(bitcoin|btc|ethereum|eth|usdt|crypto)`,
		`(bitcoin|btc|wallet|address)[^.]{0,60}\b(bc1[a-z0-9]{25,59}|[13][a-km-za-hj-np-z1-9]{25,34}|0x[a-f0-9]{40})\b`,
		`(carteira|billetera) (de )?(cripto|bitcoin)`, `frase (de recuperacao|semente|de recuperacion|semilla)`,
	}},
	{CodeAdvanceFee, []string{
		`(inheritance|next of kin|unclaimed (funds?|estate|inheritance)|compensation (fund|payment)|lottery|you have won|winning (notification|number)|winner)`,
		`(\$|usd|us\$|eur|gbp|£|€) ?\d[\d,. ]*million|\d+(\.\d+)? ?million (united states |us |u\.s\. )?(dollars|usd|euros|pounds)`,
		`\bbeneficiar(y|ies)\b`, `(atm|visa) card (worth|valued|of)`, `\bconsignment\b`, `\bdiplomat(ic)?\b`,
		`\bbarrister\b`, `late (client|husband|wife|father|mother|customer)`, `business (proposal|partner(ship)?) (with you|offer|for you)`,
		`(strictly|highly|very) confidential`, `mutual (benefit|trust)`, `transfer (of )?(the )?(sum|fund|amount|money) (of|to)`,
		`\d+ ?(%|percent) (of the (total|fund|sum|money))`, `(donate|donation|grant) (of )?(\$|£|€|usd|eur)? ?\d`,
		`(heranca|herencia|loteria|premio|beneficiario|fundos nao reclamados|fondos no reclamados|millones de|milhoes de)`,
		`(came across|got|found) your (e-?mail|contact|profile)`, `(need|in need of|seeking|require) (of )?your (assistance|cooperation|partnership)`,
		`dear beloved`, `(only|late) (daughter|son|wife|widow) (of|to)`, `(handle|manage) (a|this) (project|transaction|business) for`,
		// German, and more Portuguese and English
		`(eine |die )?spende (von|in hohe von) `, `nicht beanspruchten? (betrag|summe|gelder|fonds|erbschaft)`, `\d[\d,. ]*(mio|millionen)\b`,
		`million(en)? (us-?)?(dollar|euro|pfund)`, `(dringende|vertrauliche) angelegenheit`, `\b(erbschaft|nachlass)\b`,
		`im namen (der|des|von) [^.]{0,40}(stiftung|charity|foundation)`, `senden sie (mir |uns )?ihre (vollstandigen? )?(namen|daten|adresse)`,
		`doar (para|a) (as )?instituicoes de caridade`, `(sera|serao) (imensamente|muito bem|generosamente) recompensad`,
		`transferr?(ing)? (his|her|their|the) funds (out|abroad|overseas)`,
		`with tears`, `(viuva|viuda) (doente|enferma)`, `(fundo|fondo) de (donativos|doacao|donacion)`, `(orfaos|huerfanos)`, `(my|our) (late|deceased) (husband|father|client)`,
	}},
	{CodePrize, []string{
		`free spins`, `(claim|collect|get|receive|redeem) (your |a |an )?(free |exclusive |special )?(prize|reward|bonus|gift|voucher)`,
		`you('ve| have) (been selected|won (a|an|the|our|\$|£|€|\d))`, `you('re| are) (a|the|our) (lucky )?winner`, `(congratulations|congrats|congratulazioni|felicitaciones|gefeliciteerd|herzlichen gluckwunsch)[^.]{0,40}\b(won|winner|selected|prize|reward|vinto|premio|ganado|gewonnen|prijs|notifiche)`,
		`(welcome|deposit|casino|sign-?up|no-deposit) bonus`, `\bjackpot\b`, `\bcasino\b`, `spin (the wheel|to win)`, `(mystery|cash) (prize|box)`,
		`freispiele`, `\bgewonnen\b`, `willkommensbonus`, `gewinnspiel`, `(sie wurden|du wurdest) ausgewahlt`,
		`(voce|vc) (ganhou|foi selecionad)`, `parabens[^.]{0,40}(ganhou|premio|selecionad|presente)`, `(giros|rodadas) gratis`,
		`resgat(e|ar) (seu|o|sua) (premio|presente|bonus|brinde|recompensa)`,
		`(has|ha) ganado`, `tiradas gratis`, `reclam(a|e) (tu|su) (premio|regalo|bono)`, `felicidades[^.]{0,40}(ganado|premio|seleccionad)`,
		`(withdraw|cash out|claim|collect) (your |the )?(funds|balance|earnings|payout|money|winnings)`,
		`(funds|balance|payout|earnings|winnings) (is |are |has been |have been )?(ready|available|waiting|released|credited)`,
		`accept (your |the )?(funds|payment|transfer|winnings|money)`, `(reward|prize|gift|bonus|winnings)s? (has|have|hasn'?t|haven'?t|has not|have not) (yet )?(been )?(claimed|collected)`, `score has been released`,
		`\bwin (een|de|nu|vandaag)\b`, `cadeaukaart`, `(kans op|maak kans) (een|de|prijzen|\d)`, `gratis (ontvangen|te ontvangen|voor jou)`,
		`cadeau (gratuit|offert)`, `(ganhe|ganha) (um|uma|ate|r\$)`, `(gana|gane) (un|una|hasta)`,
		`hai vinto`, `giri gratis`, `vous avez gagne`, `tours gratuits`, `gratis spins`,
		// German prize draws with no draw, and balances waiting on a platform that does not exist
		`glucklichen finalisten`, `\bfinalist (fur|for|voor) \d`, `treue wurde belohnt`, `(ihre|deine) (pramie|belohnung) (ist|wartet|steht)`,
		`wie (sie|du) (ihre|deine) pramie`, `(gutschein|guthaben) wartet`, `chance auf [^.]{0,30}(guthaben|gutschein)`,
		`(withdraw|cash out) (your |the )?\+?[$€£]?\d`, `you are now rich`,
	}},
	{CodeDating, []string{
		`(hot|sexy|lonely|naughty|horny|single|beautiful|ukrainian|russian|asian|local) (women|girls|singles|ladies|wives|milfs|moms)`,
		`(wants?|would like|wishes) to (meet|date|chat with|hook up with) you`, `sex ?dating`, `(nude|naked) (photos?|pics?|girls?|women)`,
		`(heisse|heiße|geile|nackte) (singles|girls|madchen|frauen)`, `(oekraiense|russische|hete|eenzame) (vrouwen|singles|meisjes|schoonheden)`,
		`singles (near|in|around) you`, `(dissolute|naughty|horny|lonely) (girl|woman|lady|wife)`, `(esposa|novia|mujer|esposas|mujeres) (ucraniana|rusa)s?`, `(meisje|vrouw|vrouwen) (in|uit) (de buurt|je buurt|jouw buurt)`,
		`ondeugende (man|vrouw)`, `(available|waiting|lonely|hot|horny) girls`, `i am (so )?(lonely|horny)`, `so (lonely|horny) and`, `(mulheres|garotas) (solteiras|quentes)`, `(mujeres|chicas) (solteras|calientes)`,
	}},
	{CodeSecrecy, []string{
		`keep (this|it|the matter)( strictly)? (confidential|between us|private|secret|to yourself)`,
		`(don'?t|do not) (tell|mention|discuss|share|inform) (this |it )?(with |to )?(anyone|anybody|others|colleagues|your manager)`,
		`(are you|r u) (available|at your desk|free|around|in the office)( right now| now)?\?`,
		`i need (a|your) (quick |small |urgent )?(favou?r|help|assistance)`,
		`(text|send|share) me your (mobile|phone|cell|whatsapp)( number)?`, `(i'?m|i am) (in a meeting|in meetings|on a call|travell?ing)( and)? (can'?t|cannot|unable to) (talk|call|speak)`,
		`(nao|no) (comente|comentes|conte|cuentes|digas|diga) (nada |isso |esto )?(a |para )?(ninguem|nadie)`,
		`(esta disponivel|estas disponible|esta disponible)\?`,
	}},
}

// foldText prepares text for the patterns: lower case, accents dropped, curly quotes made
// straight, Spanish opening marks dropped, every run of white space one space.
func foldText(s string) string {
	s = accentFolder.Replace(strings.ToLower(repairMojibake(s)))
	return strings.Join(strings.Fields(s), " ")
}

var accentFolder = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ã", "a", "ä", "a", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i", "ó", "o", "ò", "o", "ô", "o", "õ", "o", "ö", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "ç", "c", "ñ", "n", "ŵ", "w", "ŷ", "y",
	"¡", "", "¿", "", // Spanish opening marks, which would otherwise stick to the first word
	"\u2019", "'", "\u2018", "'", "\u201c", `"`, "\u201d", `"`, "\u00a0", " ", "\u200b", "",
)

// repairMojibake undoes UTF-8 text read as Latin-1, as happens when a message leaves out its
// charset: "serÃ¡ suspensa" becomes "será suspensa" again, so the patterns can read it. Text
// that does not decode cleanly is left as it is.
func repairMojibake(s string) string {
	if !strings.ContainsAny(s, "ÃÂÅÄÆ") {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			return s // not Latin-1 text, so not this damage
		}
		b = append(b, byte(r))
	}
	if !utf8.Valid(b) {
		return s
	}
	return string(b)
}
