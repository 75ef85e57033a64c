package email

// consumerBrand is a company whose name criminals put in a sender's name: banks, shops,
// parcel carriers, crypto wallets and security software, in the languages of public phishing
// collections. The sender's own domain must contain one of its marks for the name to be honest.
type consumerBrand struct {
	phrase string   // folded words, matched as whole words in the display name
	marks  []string // what its own domains contain: "paypal" for paypal.co.uk, mail.paypal.com
}

var consumerBrands = []consumerBrand{
	{"paypal", []string{"paypal"}}, {"amazon", []string{"amazon"}}, {"apple", []string{"apple", "icloud"}},
	{"icloud", []string{"apple", "icloud"}}, {"netflix", []string{"netflix"}}, {"spotify", []string{"spotify"}},
	{"metamask", []string{"metamask"}}, {"ledger", []string{"ledger"}}, {"coinbase", []string{"coinbase"}},
	{"binance", []string{"binance"}}, {"trust wallet", []string{"trustwallet"}}, {"coindesk", []string{"coindesk"}},
	{"mcafee", []string{"mcafee"}}, {"norton", []string{"norton"}}, {"avast", []string{"avast"}},
	{"total av", []string{"totalav"}}, {"totalav", []string{"totalav"}},
	{"dhl", []string{"dhl"}}, {"fedex", []string{"fedex"}}, {"ups", []string{"ups"}}, {"usps", []string{"usps"}},
	{"royal mail", []string{"royalmail"}}, {"evri", []string{"evri"}}, {"correios", []string{"correios"}},
	{"hmrc", []string{"hmrc", "gov.uk"}}, {"dvla", []string{"dvla", "gov.uk"}},
	{"bradesco", []string{"bradesco"}}, {"itau", []string{"itau"}}, {"santander", []string{"santander"}},
	{"caixa", []string{"caixa"}}, {"banco do brasil", []string{"bb.com.br", "bancodobrasil"}}, {"nubank", []string{"nubank"}},
	{"mercado pago", []string{"mercadopago", "mercadolivre", "mercadolibre"}}, {"mercado livre", []string{"mercadolivre"}},
	{"american express", []string{"americanexpress", "aexp", "amex"}}, {"amex", []string{"amex", "americanexpress"}},
	{"wells fargo", []string{"wellsfargo"}}, {"chase", []string{"chase"}}, {"bank of america", []string{"bankofamerica", "bofa"}},
	{"barclays", []string{"barclays"}}, {"lloyds", []string{"lloyds"}}, {"halifax", []string{"halifax"}}, {"natwest", []string{"natwest"}},
	{"sparkasse", []string{"sparkasse"}}, {"volksbank", []string{"volksbank"}}, {"deutsche bahn", []string{"bahn"}},
	{"whatsapp", []string{"whatsapp"}}, {"facebook", []string{"facebook", "facebookmail", "meta"}},
	{"instagram", []string{"instagram", "facebookmail"}}, {"linkedin", []string{"linkedin"}}, {"google", []string{"google"}},
	{"gmail", []string{"google", "gmail"}}, {"yahoo", []string{"yahoo"}}, {"adobe", []string{"adobe"}},
	{"dropbox", []string{"dropbox"}}, {"wetransfer", []string{"wetransfer"}}, {"zoom", []string{"zoom"}},
	{"sirius xm", []string{"siriusxm"}}, {"walmart", []string{"walmart"}}, {"costco", []string{"costco"}},
	{"ebay", []string{"ebay"}}, {"aliexpress", []string{"aliexpress"}}, {"shein", []string{"shein"}}, {"temu", []string{"temu"}},
	{"booking com", []string{"booking"}}, {"airbnb", []string{"airbnb"}}, {"att", []string{"att"}}, {"verizon", []string{"verizon"}},
	{"ripple", []string{"ripple"}}, {"xrp", []string{"ripple", "xrp"}}, {"stellar", []string{"stellar"}},
	{"bittrex", []string{"bittrex"}}, {"ftx", []string{"ftx"}}, {"kraken", []string{"kraken"}}, {"trezor", []string{"trezor"}},
	{"uniswap", []string{"uniswap"}}, {"opensea", []string{"opensea"}}, {"kucoin", []string{"kucoin"}}, {"bybit", []string{"bybit"}},
	{"phantom", []string{"phantom"}}, {"exodus", []string{"exodus"}}, {"blockchain", []string{"blockchain"}},
	{"itaucard", []string{"itau"}}, {"ourocard", []string{"bb.com.br", "ourocard"}}, {"livelo", []string{"livelo"}},
	{"carrefour", []string{"carrefour"}}, {"starbucks", []string{"starbucks"}}, {"ikea", []string{"ikea"}},
	{"decathlon", []string{"decathlon"}}, {"mediamarkt", []string{"mediamarkt"}}, {"albert heijn", []string{"ah.nl", "albertheijn"}},
	{"kruidvat", []string{"kruidvat"}}, {"coolblue", []string{"coolblue"}}, {"rituals", []string{"rituals"}}, {"edeka", []string{"edeka"}},
	{"irs", []string{"irs.gov"}}, {"federal court", []string{governmentMark}}, {"court system", []string{governmentMark}},
	{"us federal court", []string{governmentMark}}, {"fbi", []string{governmentMark}}, {"interpol", []string{"interpol.int"}},
	{"police", []string{governmentMark, "police.uk"}}, {"hm courts", []string{governmentMark}}, {"ministry of justice", []string{governmentMark}},
	{"receita federal", []string{governmentMark}}, {"social security", []string{governmentMark}}, {"ssa", []string{governmentMark}}, {"lido", []string{"lido.fi"}}, {"aaa", []string{"aaa.com"}},
	{"vodafone", []string{"vodafone"}}, {"leroy merlin", []string{"leroymerlin"}}, {"lidl", []string{"lidl"}}, {"aldi", []string{"aldi"}},
	{"gls", []string{"gls"}}, {"postnl", []string{"postnl"}}, {"dpd", []string{"dpd"}}, {"correos", []string{"correos"}},
	{"la poste", []string{"laposte"}}, {"chronopost", []string{"chronopost"}}, {"bol com", []string{"bol.com"}},
	{"pancakeswap", []string{"pancakeswap"}}, {"sushiswap", []string{"sushi"}}, {"sushi swap", []string{"sushi"}},
	{"arbitrum", []string{"arbitrum"}}, {"bitget", []string{"bitget"}}, {"okx", []string{"okx"}}, {"bitfinex", []string{"bitfinex"}},
	{"bitpanda", []string{"bitpanda"}}, {"ethereum", []string{"ethereum"}}, {"eth", []string{"ethereum"}}, {"solana", []string{"solana"}},
	{"etherscan", []string{"etherscan"}}, {"illuvium", []string{"illuvium"}}, {"coinmarketcap", []string{"coinmarketcap"}},
	{"coingecko", []string{"coingecko"}}, {"crypto com", []string{"crypto.com"}}, {"revolut", []string{"revolut"}},
	{"pagseguro", []string{"pagseguro", "pagbank", "uol"}}, {"europa park", []string{"europapark"}}, {"netto", []string{"netto"}},
	{"techniker krankenkasse", []string{"tk.de", "techniker"}}, {"adac", []string{"adac"}},
	{"robinhood", []string{"robinhood"}}, {"tf bank", []string{"tfbank"}}, {"norton lifelock", []string{"norton", "lifelock"}},
}

// famousPeople are names that endorsement and investment scams borrow. Any sender's name
// that mentions one, on an address that is not theirs, is a claim.
var famousPeople = []consumerBrand{
	{"elon musk", []string{"tesla", "spacex", "x.com"}}, {"jeff bezos", []string{"amazon"}}, {"bezos", []string{"amazon"}},
	{"bill gates", []string{"microsoft", "gatesfoundation"}}, {"warren buffett", []string{"berkshirehathaway"}},
	{"mark zuckerberg", []string{"facebook", "meta.com"}}, {"martin lewis", []string{"moneysavingexpert"}},
}

// governmentMark stands for any government's own domain: .gov, .gov.uk, .gov.br, .mil.
const governmentMark = "(government)"

// ordinaryNameWords are words a sender's name adds to a brand without changing who it claims to
// be: "PayPal Service", "Equipe Bradesco", "Ledger Team".
var ordinaryNameWords = map[string]bool{
	"team": true, "support": true, "service": true, "services": true, "customer": true, "customers": true, "care": true,
	"security": true, "account": true, "accounts": true, "billing": true, "notification": true, "notifications": true,
	"alert": true, "alerts": true, "center": true, "centre": true, "help": true, "inc": true, "ltd": true, "llc": true,
	"official": true, "online": true, "info": true, "mail": true, "no": true, "reply": true, "noreply": true,
	"update": true, "updates": true, "rewards": true, "store": true, "shop": true, "premium": true, "the": true,
	"your": true, "de": true, "do": true, "da": true, "e": true, "and": true, "com": true, "pay": true, "wallet": true,
	"equipe": true, "suporte": true, "atendimento": true, "seguranca": true, "cliente": true, "clientes": true,
	"aviso": true, "comunicado": true, "kundenservice": true, "sicherheit": true, "gutschein": true, "geschenk": true, "guthaben": true, "pontos": true, "tracking": true, "status": true,
	"consent": true, "verification": true, "express": true, "delivery": true, "shipping": true,
	"airdrop": true, "dao": true, "u": true, "s": true, "system": true, "app": true, "apps": true, "government": true, "gov": true, "dringende": true, "sicherheits": true,
	"sicherheitsmitteilung": true, "kundendienst": true, "wichtig": true, "finance": true, "departamento": true, "dzial": true, "van": true, "news": true, "org": true, "refund": true, "claim": true, "claims": true, "foundation": true, "community": true, "club": true, "plus": true, "pro": true, "uk": true, "us": true, "br": true,
	// the same words in Spanish, French and Dutch: "Alerta Apple iCloud", "GLS | Seguimiento del paquete"
	"alerta": true, "alertas": true, "seguimiento": true, "del": true, "el": true, "la": true, "le": true, "du": true,
	"paquete": true, "envio": true, "envios": true, "soporte": true, "servicio": true, "equipo": true, "cuenta": true,
	"notificacion": true, "seguridad": true, "colis": true, "suivi": true, "livraison": true, "securite": true,
	"klantenservice": true, "klantenservic": true, "bezorging": true, "pakket": true, "zending": true,
}
