// Package demo loads the facts of the seed document, the Yonsei GSIS Human
// Rights Hub post of 2024-05-20 about the 9 May 2024 demonstration at the
// ROK Ministry of Foreign Affairs, into a fresh store. The figures, dates,
// names and URLs are public facts from that post and the sources it cites;
// treaty facts come from the UN treaty records cited in docs/demo.md.
package demo

import (
	"context"
	"fmt"

	"vigil"
	"vigil/figure"
)

// Load writes the demo data set through svc, as the viewer in ctx (which
// must be able to write). It refuses a store that already has incidents,
// so it never mixes demo facts into real records.
func Load(ctx context.Context, svc vigil.Service) error {
	if _, n, err := svc.FindIncidents(ctx, vigil.IncidentFilter{Page: vigil.Page{Limit: 1}}); err != nil {
		return err
	} else if n > 0 {
		return vigil.Errorf(vigil.ECONFLICT, "the database already holds %d incidents; the demo loads only into an empty one", n)
	}
	l := &loader{ctx: ctx, svc: svc}
	l.places()
	l.actors()
	l.law()
	l.sources()
	l.incidents()
	if adv, ok := svc.(vigil.AdvocacyService); ok {
		l.campaign(adv)
	}
	// A store that keeps reports also gets the seed post itself, as the
	// demo report (report.go).
	if rs, ok := svc.(vigil.ReportService); ok {
		l.report(rs)
	}
	return l.err
}

// loader carries the first error, so the data reads as a list of facts.
type loader struct {
	ctx context.Context
	svc vigil.Service
	err error

	place  map[string]int64
	actor  map[string]int64
	source map[string]int64
	instr  map[string]int64
	prov   map[string]int64
	// incident maps the demo report's keys to incident ids.
	incident map[string]int64
}

func (l *loader) do(what string, f func() error) {
	if l.err != nil {
		return
	}
	if err := f(); err != nil {
		l.err = fmt.Errorf("demo: %s: %w", what, err)
	}
}

func ptr[T any](v T) *T { return &v }

func (l *loader) places() {
	l.place = map[string]int64{}
	add := func(key string, p vigil.Place, parent string) {
		if parent != "" {
			p.ParentID = ptr(l.place[parent])
		}
		if p.Sensitivity == "" {
			p.Sensitivity = vigil.Public
		}
		l.do("place "+key, func() error { return l.svc.CreatePlace(l.ctx, &p) })
		l.place[key] = p.ID
	}
	add("CN", vigil.Place{Kind: vigil.PlaceCountry, Names: vigil.Names{Ko: "중국", En: "China", Zh: "中国"}, CountryCode: "CN", GeoNamesID: ptr[int64](1814991), Lat: ptr(35.0), Lon: ptr(105.0)}, "")
	add("KP", vigil.Place{Kind: vigil.PlaceCountry, Names: vigil.Names{Ko: "북한", En: "North Korea", Zh: "朝鲜"}, Variants: []string{"DPRK", "조선민주주의인민공화국"}, CountryCode: "KP", GeoNamesID: ptr[int64](1873107), Lat: ptr(40.0), Lon: ptr(127.0)}, "")
	add("KR", vigil.Place{Kind: vigil.PlaceCountry, Names: vigil.Names{Ko: "대한민국", En: "South Korea", Zh: "韩国"}, Variants: []string{"Republic of Korea", "ROK", "한국"}, CountryCode: "KR", GeoNamesID: ptr[int64](1835841), Lat: ptr(36.5), Lon: ptr(127.75)}, "")
	add("jilin", vigil.Place{Kind: vigil.PlaceProvince, Names: vigil.Names{Ko: "지린성", En: "Jilin Province", Zh: "吉林省"}, Variants: []string{"Jilin", "길림성", "吉林"}, CountryCode: "CN", GeoNamesID: ptr[int64](2036500), Lat: ptr(43.5), Lon: ptr(126.5)}, "CN")
	add("baishan", vigil.Place{Kind: vigil.PlaceCity, Names: vigil.Names{Ko: "바이산", En: "Baishan", Zh: "白山"}, Variants: []string{"백산", "白山市"}, CountryCode: "CN", Lat: ptr(41.94), Lon: ptr(126.42)}, "jilin")
	add("baishan-dc", vigil.Place{Kind: vigil.PlaceFacility, Names: vigil.Names{Ko: "바이산 구류소", En: "Baishan Detention Center", Zh: "白山看守所"}, Variants: []string{"백산 구류소", "Baishan detention centre"}, CountryCode: "CN"}, "baishan")
	add("guangxi", vigil.Place{Kind: vigil.PlaceProvince, Names: vigil.Names{Ko: "광시좡족자치구", En: "Guangxi", Zh: "广西壮族自治区"}, Variants: []string{"광시", "Guangxi Zhuang Autonomous Region", "广西"}, CountryCode: "CN", Lat: ptr(23.8), Lon: ptr(108.8)}, "CN")
	add("nanning", vigil.Place{Kind: vigil.PlaceCity, Names: vigil.Names{Ko: "난닝", En: "Nanning", Zh: "南宁"}, Variants: []string{"남녕", "南宁市"}, CountryCode: "CN", GeoNamesID: ptr[int64](1799869), Lat: ptr(22.82), Lon: ptr(108.32)}, "guangxi")
	add("beijing", vigil.Place{Kind: vigil.PlaceCity, Names: vigil.Names{Ko: "베이징", En: "Beijing", Zh: "北京"}, Variants: []string{"북경", "Peking"}, CountryCode: "CN", GeoNamesID: ptr[int64](1816670), Lat: ptr(39.9), Lon: ptr(116.4)}, "CN")
	add("north-hamgyong", vigil.Place{Kind: vigil.PlaceProvince, Names: vigil.Names{Ko: "함경북도", En: "North Hamgyong Province", Zh: "咸镜北道"}, Variants: []string{"North Hamgyong", "함북"}, CountryCode: "KP", Lat: ptr(41.8), Lon: ptr(129.6)}, "KP")
	add("seoul", vigil.Place{Kind: vigil.PlaceCity, Names: vigil.Names{Ko: "서울", En: "Seoul", Zh: "首尔"}, CountryCode: "KR", GeoNamesID: ptr[int64](1835848), Lat: ptr(37.57), Lon: ptr(126.98)}, "KR")
	add("mofa", vigil.Place{Kind: vigil.PlaceFacility, Names: vigil.Names{Ko: "외교부 청사", En: "Ministry of Foreign Affairs building", Zh: "韩国外交部"}, CountryCode: "KR", Lat: ptr(37.5735), Lon: ptr(126.9758)}, "seoul")
}

// ngos are the nine organizations that co-wrote and signed the letter,
// as the seed lists them.
var ngos = []struct {
	key, en, ko, url string
}{
	{"nkhr", "Citizens' Alliance of North Korean Human Rights (NKHR)", "북한인권시민연합", "https://www.nkhr.or.kr/en/"},
	{"tjwg", "Transitional Justice Working Group (TJWG)", "전환기 정의 워킹그룹", "https://www.tjwg.org/"},
	{"mulmangcho", "Dream makers for NK", "물망초", "https://www.mulmangcho.org/"},
	{"nkv", "NK Imprisonment Victims' Family Association", "NK감금피해자가족회", "https://nkv.modoo.at/"},
	{"f2m", "Free to Move (F2M)", "자유왕래회", ""},
	{"tongilmom", "Tongil Mom", "통일맘연합회", "http://tongilmom.com/"},
	{"pow", "Family Union of Korean POWs Detained in North Korea", "국군포로가족회", "https://www.625pow.or.kr/"},
	{"jfnk", "Justice for North Korea (JFNK)", "북한정의연대", "https://www.justice4nk.org"},
	{"think", "The Human Rights in North Korea (THINK)", "", "https://www.touchnk.com/"},
}

func (l *loader) actors() {
	l.actor = map[string]int64{}
	add := func(key string, a vigil.Actor) {
		if a.Sensitivity == "" {
			a.Sensitivity = vigil.Public
		}
		l.do("actor "+key, func() error { return l.svc.CreateActor(l.ctx, &a) })
		l.actor[key] = a.ID
	}
	for _, n := range ngos {
		add(n.key, vigil.Actor{Kind: vigil.ActorOrganization, Classification: "ngo", Name: vigil.Names{En: n.en, Ko: n.ko}, URL: n.url, CountryCode: "KR"})
	}
	add("hub", vigil.Actor{Kind: vigil.ActorOrganization, Classification: "ngo", Name: vigil.Names{En: "Yonsei GSIS Human Rights Hub", Ko: "연세대 국제학대학원 인권 허브"}, CountryCode: "KR"})
	add("mofa-kr", vigil.Actor{Kind: vigil.ActorOrganization, Classification: "ministry", Name: vigil.Names{En: "Ministry of Foreign Affairs (Republic of Korea)", Ko: "외교부"}, URL: "https://www.mofa.go.kr/www/main.do", CountryCode: "KR"})
	add("mfa-cn", vigil.Actor{Kind: vigil.ActorOrganization, Classification: "ministry", Name: vigil.Names{En: "Ministry of Foreign Affairs (People's Republic of China)", Ko: "중국 외교부", Zh: "中华人民共和国外交部"}, CountryCode: "CN"})
	add("cn-psb", vigil.Actor{Kind: vigil.ActorOrganization, Classification: "state_agency", Name: vigil.Names{En: "Chinese public security authorities", Ko: "중국 공안", Zh: "公安机关"}, CountryCode: "CN"})
	add("nh-security", vigil.Actor{Kind: vigil.ActorOrganization, Classification: "state_agency", Name: vigil.Names{En: "North Hamgyong state security and police departments", Ko: "함경북도 보위부·안전부"}, CountryCode: "KP"})
	add("dailynk", vigil.Actor{Kind: vigil.ActorOrganization, Classification: "media", Name: vigil.Names{En: "Daily NK", Ko: "데일리NK"}, URL: "https://www.dailynk.com/", CountryCode: "KR"})
	add("cho", vigil.Actor{Kind: vigil.ActorPerson, Classification: "official", Name: vigil.Names{En: "Cho Tae-yul", Ko: "조태열"}, CountryCode: "KR"})
	add("wang", vigil.Actor{Kind: vigil.ActorPerson, Classification: "official", Name: vigil.Names{En: "Wang Yi", Ko: "왕이", Zh: "王毅"}, CountryCode: "CN"})
	// The two people directly affected by forced repatriation who joined
	// the letter: their identity is protected and public output shows
	// only the pseudonym.
	add("affected-1", vigil.Actor{Kind: vigil.ActorPerson, Classification: "affected", Name: vigil.Names{En: "Gyuri Kim", Ko: "김규리"}, Protected: true, Pseudonym: vigil.Names{En: "Affected individual A", Ko: "피해 당사자 A"}})
	add("affected-2", vigil.Actor{Kind: vigil.ActorPerson, Classification: "affected", Name: vigil.Names{En: "Hyuk Kim", Ko: "김혁"}, Protected: true, Pseudonym: vigil.Names{En: "Affected individual B", Ko: "피해 당사자 B"}})
	add("photographer", vigil.Actor{Kind: vigil.ActorPerson, Classification: "photographer", Name: vigil.Names{En: "Bitna Kim", Ko: "김빛나"}})
	add("author", vigil.Actor{Kind: vigil.ActorPerson, Classification: "researcher", Name: vigil.Names{En: "Lauren Yhip"}})

	post := func(key, org string, label vigil.Names) int64 {
		p := vigil.Post{OrganizationID: l.actor[org], Label: label}
		p.Sensitivity = vigil.Public
		l.do("post "+key, func() error { return l.svc.CreatePost(l.ctx, &p) })
		return p.ID
	}
	member := func(person, org string, postID int64, role vigil.Names) {
		m := vigil.Membership{PersonID: l.actor[person], OrganizationID: l.actor[org], Role: role}
		if postID > 0 {
			m.PostID = ptr(postID)
		}
		m.Sensitivity = vigil.Public
		l.do("membership "+person, func() error { return l.svc.CreateMembership(l.ctx, &m) })
	}
	minKR := post("minister-kr", "mofa-kr", vigil.Names{En: "Minister of Foreign Affairs", Ko: "외교부 장관"})
	minCN := post("minister-cn", "mfa-cn", vigil.Names{En: "Minister of Foreign Affairs", Ko: "외교부장", Zh: "外交部部长"})
	member("cho", "mofa-kr", minKR, vigil.Names{En: "Minister of Foreign Affairs", Ko: "외교부 장관"})
	member("wang", "mfa-cn", minCN, vigil.Names{En: "Minister of Foreign Affairs; member of the Political Bureau of the CPC Central Committee", Ko: "외교부장, 중국공산당 중앙정치국 위원"})
	member("author", "hub", 0, vigil.Names{En: "Intern and author of the report", Ko: "인턴, 보고서 작성자"})
	member("author", "nkhr", 0, vigil.Names{En: "Intern", Ko: "인턴"})
}

func (l *loader) law() {
	l.instr, l.prov = map[string]int64{}, map[string]int64{}
	instrument := func(key string, in vigil.Instrument) {
		in.Code, in.Sensitivity = key, vigil.Public
		l.do("instrument "+key, func() error { return l.svc.CreateInstrument(l.ctx, &in) })
		l.instr[key] = in.ID
	}
	instrument("refugee-convention-1951", vigil.Instrument{Name: vigil.Names{En: "Convention relating to the Status of Refugees", Ko: "난민의 지위에 관한 협약"}, Adopted: "1951-07-28"})
	instrument("refugee-protocol-1967", vigil.Instrument{Name: vigil.Names{En: "Protocol relating to the Status of Refugees", Ko: "난민의 지위에 관한 의정서"}, Adopted: "1967-01-31"})
	instrument("cat", vigil.Instrument{Name: vigil.Names{En: "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment", Ko: "고문 및 그 밖의 잔혹한·비인도적인 또는 굴욕적인 대우나 처벌의 방지에 관한 협약"}, Adopted: "1984-12-10"})

	provision := func(key, instr, article string, title, summary vigil.Names) {
		p := vigil.LegalProvision{InstrumentID: l.instr[instr], Article: article, Title: title, Summary: summary}
		p.Sensitivity = vigil.Public
		l.do("provision "+key, func() error { return l.svc.CreateProvision(l.ctx, &p) })
		l.prov[key] = p.ID
	}
	provision("rc33", "refugee-convention-1951", "33",
		vigil.Names{En: "Prohibition of expulsion or return (refoulement)", Ko: "추방 또는 송환의 금지(강제송환금지)"},
		vigil.Names{En: "No Contracting State shall expel or return a refugee to the frontiers of territories where his life or freedom would be threatened.", Ko: "체약국은 난민의 생명이나 자유가 위협받을 우려가 있는 영역의 국경으로 난민을 추방하거나 송환하여서는 아니 된다."})
	provision("cat3", "cat", "3",
		vigil.Names{En: "Non-refoulement where there is a danger of torture", Ko: "고문 위험이 있는 국가로의 송환 금지"},
		vigil.Names{En: "No State Party shall expel, return or extradite a person to another State where there are substantial grounds for believing that he would be in danger of being subjected to torture.", Ko: "당사국은 고문받을 위험이 있다고 믿을 만한 상당한 근거가 있는 다른 국가로 개인을 추방, 송환 또는 인도하여서는 아니 된다."})

	party := func(instr, cc string, action vigil.PartyAction, date, reservations, url string) {
		sp := vigil.StateParty{InstrumentID: l.instr[instr], CountryCode: cc, Action: action, Date: date, Reservations: reservations, SourceURL: url}
		sp.Sensitivity = vigil.Public
		l.do("state party "+cc+" "+instr, func() error { return l.svc.CreateStateParty(l.ctx, &sp) })
	}
	const unhcrCN = "https://www.unhcr.org/hk/en/unhcr-representation-china"
	party("refugee-convention-1951", "CN", vigil.ActionAccession, "1982-09", "Art. 14 (second half) and Art. 16(3); NPC Standing Committee decision of 1982-08-23", unhcrCN)
	party("refugee-protocol-1967", "CN", vigil.ActionAccession, "1982-09", "Art. 4", unhcrCN)
	party("cat", "CN", vigil.ActionSignature, "1986-12-12", "", "https://piie.com/blogs/north-korea-witness-transformation/china-and-refugees-torture-convention-angle")
	party("cat", "CN", vigil.ActionRatification, "1988-10-04", "Art. 20 and Art. 30(1)", "https://piie.com/blogs/north-korea-witness-transformation/china-and-refugees-torture-convention-angle")
	party("refugee-convention-1951", "KR", vigil.ActionAccession, "1992-12", "", "https://reliefweb.int/report/republic-korea/republic-korea-fact-sheet-march-2022")
	party("cat", "KR", vigil.ActionRatification, "1995-01-09", "", "CAT/C/53/Add.2")
}

func (l *loader) sources() {
	l.source = map[string]int64{}
	add := func(key string, s vigil.Source) {
		s.Sensitivity = vigil.Public
		l.do("source "+key, func() error { return l.svc.CreateSource(l.ctx, &s) })
		l.source[key] = s.ID
	}
	add("nkhr-release", vigil.Source{
		Kind: vigil.SourceNewsRelease, Publisher: "Citizens' Alliance of North Korean Human Rights (NKHR)", PublisherID: ptr(l.actor["nkhr"]),
		Language: "ko", Published: "2024-05", Reliability: "B",
		Title: vigil.Names{
			Ko: "북한인권시민연합 보도자료: 5월 13일 한・중 외교장관 회담 '탈북 난민 강제 송환 금지 및 한국행 보장' 의제 포함 촉구",
			En: "NKHR News Release: South Korea-China Foreign Ministers Meeting on May 13 urged to include the agenda of \"prohibition of forced repatriation of North Korean refugees and guaranteeing them to South Korea\"",
		},
	})
	add("dailynk", vigil.Source{
		Kind: vigil.SourceArticle, Publisher: "Daily NK", PublisherID: ptr(l.actor["dailynk"]), Language: "ko", Published: "2024-05", Reliability: "C",
		RelayedFrom: "anonymous source in North Hamgyong Province",
		Title: vigil.Names{
			Ko: "\"비법월경자 독 안에 든 신세\"...북중 간 북송 협의 내용포치",
			En: "Outlines of China-North Korea agreement on defector repatriation shared with N. Korean Public",
		},
		Notes: "Reports that North Hamgyong state security and police work with Chinese authorities to find and return North Koreans, and that this was announced to the province's public as a deterrent.",
	})
	add("hub-post", vigil.Source{
		Kind: vigil.SourcePost, Publisher: "Yonsei GSIS Human Rights Hub", PublisherID: ptr(l.actor["hub"]), Language: "en", Published: "2024-05-20", Reliability: "B",
		RelayedFrom: "Citizens' Alliance of North Korean Human Rights (NKHR)",
		Title:       vigil.Names{En: "Demonstration at the Ministry of Foreign Affairs against the forced repatriation of North Korean refugees"},
		Notes:       "Written by Lauren Yhip; photographs by Bitna Kim. Cites the NKHR news release and Daily NK.",
	})
}

func (l *loader) incidents() {
	// Every claim quotes the seed post verbatim. The post relays the NKHR
	// release, so its origin is NKHR; quotes of the release itself are not
	// invented here.
	type claim struct {
		source, quote, figure, date string
		credibility                 int
	}
	add := func(inc vigil.Incident, place string, claims []claim, provisions ...string) int64 {
		inc.Sensitivity = vigil.Public
		if place != "" {
			inc.PlaceID = ptr(l.place[place])
		}
		l.do("incident "+inc.Title.En, func() error { return l.svc.CreateIncident(l.ctx, &inc) })
		for _, c := range claims {
			cl := vigil.Claim{
				SourceID: l.source[c.source], IncidentID: ptr(inc.ID), Quote: c.quote, Figure: figure.Figure{Text: c.figure},
				Event: inc.Event, Date: c.date, PlaceID: inc.PlaceID, PerpetratorID: inc.PerpetratorID, Credibility: c.credibility,
			}
			cl.Sensitivity = vigil.Public
			l.do("claim "+c.figure, func() error { return l.svc.CreateClaim(l.ctx, &cl) })
		}
		for _, p := range provisions {
			v := vigil.Violation{IncidentID: inc.ID, ProvisionID: l.prov[p], CountryCode: "CN",
				Analysis: vigil.Names{En: "China, a party to the instrument, returned people to North Korea, where those repatriated face arbitrary detention, torture, sexual violence and execution."}}
			v.Sensitivity = vigil.Public
			l.do("violation "+p, func() error { return l.svc.CreateViolation(l.ctx, &v) })
		}
		return inc.ID
	}
	perp := ptr(l.actor["cn-psb"])
	group := "North Korean defectors held in China"
	l.incident = map[string]int64{}
	l.incident["oct9"] = add(vigil.Incident{
		Title: vigil.Names{En: "Mass repatriation of some 600 North Koreans", Ko: "탈북민 약 600명 강제북송"}, Event: vigil.EventRepatriation,
		Date: "2023-10-09", DateRationale: "Date given by the sources.", PerpetratorID: perp, VictimGroup: group,
		Places: []vigil.IncidentPlace{{PlaceID: l.place["KP"], Role: vigil.RoleDestination}},
	}, "CN", []claim{
		{"hub-post", "starting with the massive repatriation of some 600 North Korean defectors on October 9, 2023", "some 600", "2023-10-09", 2},
	}, "rc33", "cat3")
	l.incident["baishan"] = add(vigil.Incident{
		Title: vigil.Names{En: "About 200 repatriated from Baishan Detention Center", Ko: "바이산 구류소 탈북민 약 200명 강제북송"}, Event: vigil.EventRepatriation,
		Date: "2024-04-26", PerpetratorID: perp, VictimGroup: group,
		Places: []vigil.IncidentPlace{{PlaceID: l.place["baishan-dc"], Role: vigil.RoleOrigin}, {PlaceID: l.place["KP"], Role: vigil.RoleDestination}},
	}, "baishan-dc", []claim{
		{"hub-post", "forcibly repatriated about 200 North Korean defectors who were detained at the Baishan Detention Center in Jilin Province to North Korea on April 26", "about 200", "2024-04-26", 2},
	}, "rc33", "cat3")
	l.incident["more"] = add(vigil.Incident{
		Title: vigil.Names{En: "50–60 more repatriated around 26 April 2024", Ko: "4월 26일경 탈북민 50~60명 추가 강제북송"}, Event: vigil.EventRepatriation,
		Date: "2024-04-26~", DateRationale: "\"around April 26\": approximate day.", PerpetratorID: perp, VictimGroup: group,
		Places: []vigil.IncidentPlace{{PlaceID: l.place["KP"], Role: vigil.RoleDestination}},
	}, "CN", []claim{
		{"hub-post", "Additionally, 50-60 North Korean defectors from China were forcibly repatriated around April 26.", "50-60", "2024-04-26~", 3},
	}, "rc33", "cat3")
	l.incident["nanning"] = add(vigil.Incident{
		Title: vigil.Names{En: "More than 60 arrested in Nanning, awaiting repatriation", Ko: "난닝에서 탈북민 60여 명 체포, 북송 대기"}, Event: vigil.EventArrest,
		Date: "2024-05-06", PerpetratorID: perp, VictimGroup: group,
	}, "nanning", []claim{
		{"hub-post", "On May 6, more than 60 North Korean defectors were reported to have been arrested by Chinese authorities in Nanning and are waiting to be repatriated.", "more than 60", "2024-05-06", 3},
	})
}
