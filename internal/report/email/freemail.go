package email

import (
	"regexp"
	"strings"
)

// freeMailDomains give anyone an address in minutes. Mail from them is personal: an
// organisation, a bank or a brand writing from one is a warning sign.
var freeMailDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true, "hotmail.co.uk": true,
	"hotmail.fr": true, "hotmail.es": true, "live.com": true, "live.co.uk": true, "msn.com": true,
	"yahoo.com": true, "yahoo.co.uk": true, "yahoo.fr": true, "yahoo.es": true, "yahoo.com.br": true, "ymail.com": true,
	"aol.com": true, "icloud.com": true, "me.com": true, "mac.com": true, "proton.me": true, "protonmail.com": true,
	"pm.me": true, "gmx.com": true, "gmx.de": true, "gmx.net": true, "web.de": true, "mail.com": true,
	"email.com": true, "zoho.com": true, "zohomail.com": true, "yandex.com": true, "yandex.ru": true, "mail.ru": true,
	"qq.com": true, "163.com": true, "126.com": true, "sina.com": true, "rediffmail.com": true, "tutanota.com": true,
	"uol.com.br": true, "bol.com.br": true, "terra.com.br": true, "btinternet.com": true, "sky.com": true,
	"virginmedia.com": true, "talktalk.net": true, "inbox.com": true, "usa.com": true, "consultant.com": true,
	"post.com": true, "cheerful.com": true, "gmx.us": true, "outlook.es": true, "outlook.fr": true,
}

func isFreeMail(domain string) bool {
	return freeMailDomains[strings.ToLower(domain)]
}

// organisationWords in a sender's name claim an organisation or a brand, which a free
// personal account cannot honestly speak for.
var organisationWords = map[string]bool{
	"bank": true, "banking": true, "support": true, "service": true, "services": true, "team": true,
	"department": true, "dept": true, "admin": true, "administrator": true, "security": true, "account": true,
	"accounts": true, "billing": true, "payroll": true, "hr": true, "it": true, "helpdesk": true, "desk": true,
	"council": true, "nhs": true, "hmrc": true, "dvla": true, "gov": true, "government": true, "ltd": true,
	"limited": true, "inc": true, "llc": true, "plc": true, "corp": true, "corporation": true, "company": true,
	"group": true, "office": true, "microsoft": true, "docusign": true, "paypal": true, "amazon": true,
	"apple": true, "netflix": true, "dhl": true, "fedex": true, "ups": true, "dpd": true, "evri": true,
	"royal": true, "post": true, "customs": true, "police": true, "court": true, "webmail": true,
	"mailbox": true, "postmaster": true, "notification": true, "notifications": true, "alert": true,
	"alerts": true, "verification": true, "compliance": true, "finance": true, "treasury": true,
	"foundation": true, "trust": true, "university": true, "hospital": true, "pharmacy": true,
	"banco": true, "suporte": true, "atendimento": true, "equipe": true, "soporte": true, "servicio": true,
	"cuenta": true, "conta": true, "seguranca": true, "seguridad": true, "correios": true, "receita": true,
	"cymorth": true, "gwasanaeth": true, "tîm": true, "adran": true,
	"binance": true, "coinbase": true, "metamask": true, "wallet": true, "crypto": true, "whatsapp": true,
	"facebook": true, "instagram": true, "linkedin": true, "google": true, "yahoo": true, "outlook": true,
	"office365": true, "onedrive": true, "sharepoint": true, "adobe": true, "dropbox": true, "wetransfer": true,
	// invoices, notices and card schemes, as lures in Portuguese write them
	"fatura": true, "nota": true, "emitida": true, "protocolo": true, "cod": true, "boleto": true, "pedido": true,
	"itau": true, "itaucard": true, "ourocard": true, "nubank": true, "bradesco": true, "santander": true, "caixa": true,
	"serasa": true, "detran": true, "livelo": true, "shopee": true,
	// the characters of advance-fee fraud
	"barrister": true, "attorney": true, "diplomat": true, "lottery": true, "rewards": true,
	"consumer": true, "refund": true, "claims": true,
}

// organisationClaim returns the word in a display name that claims an organisation, or "".
func organisationClaim(name string) string {
	folded := foldText(name)
	for _, w := range strings.FieldsFunc(folded, notLetterOrDigit) {
		if organisationWords[w] {
			return w
		}
	}
	for _, b := range consumerBrands {
		if strings.Contains(" "+strings.Join(strings.FieldsFunc(folded, notLetterOrDigit), " ")+" ", " "+b.phrase+" ") {
			return b.phrase
		}
	}
	if referenceNumber.MatchString(folded) {
		return "a reference number"
	}
	return ""
}

// referenceNumber is a long number in a sender's name, as invoice and parcel lures write one:
// "Nota Emitida - 813704788758188".
var referenceNumber = regexp.MustCompile(`\d{6,}`)
