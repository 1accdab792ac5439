package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"vigil"
)

// report stores the seed post as the demo report, in English and
// Korean, when the store also keeps reports. The bodies retell the
// post's facts in our own words, with a few short quotations attributed
// to the people who said them; the credits are the post's.
func (l *loader) report(rs vigil.ReportService) {
	if l.err != nil {
		return
	}
	img, err := rs.PutImage(l.ctx, "image/png", placeholderPNG())
	if err != nil {
		l.err = fmt.Errorf("demo: photo: %w", err)
		return
	}
	ids := strings.NewReplacer(
		"{NKHR}", fmt.Sprint(l.source["nkhr-release"]), "{DAILYNK}", fmt.Sprint(l.source["dailynk"]),
		"{OCT9}", fmt.Sprint(l.incident["oct9"]), "{BAISHAN}", fmt.Sprint(l.incident["baishan"]),
		"{MORE}", fmt.Sprint(l.incident["more"]), "{NANNING}", fmt.Sprint(l.incident["nanning"]),
	)
	photo := func(caption, alt string) []vigil.ReportPhoto {
		return []vigil.ReportPhoto{{Image: img.SHA256, Caption: caption, Alt: alt, Credit: "Bitna Kim (김빛나)", Consent: true,
			ConsentNote: "Demo data: the Hub published the photographs with the consent of the people shown."}}
	}
	for _, r := range []*vigil.Report{
		{Lang: "en", Title: "At the Ministry of Foreign Affairs: asking Seoul to raise forced repatriation with Beijing",
			Summary: "On 9 May 2024 nine NGOs and two affected people urged Foreign Minister Cho Tae-yul to raise China's forced repatriation of North Korean refugees on his visit to Beijing.",
			Byline:  "Written by Lauren Yhip for Yonsei GSIS Human Rights Hub", Body: ids.Replace(bodyEn),
			Photos: photo("Demonstrators in front of the Ministry of Foreign Affairs, Seoul, 9 May 2024. (The demo data carries a drawn placeholder in place of the photograph.)",
				"A drawn placeholder standing in for a photograph of the demonstration")},
		{Lang: "ko", Title: "외교부 앞에서: 강제북송 문제를 중국에 제기하라고 요구하다",
			Summary: "2024년 5월 9일 9개 단체와 강제북송 피해 당사자 2명이 조태열 외교부 장관에게 방중 때 탈북 난민 강제송환 문제를 제기하라고 촉구했다.",
			Byline:  "글: 로런 입(Lauren Yhip), 연세대 국제학대학원 인권 허브", Body: ids.Replace(bodyKo),
			Photos: photo("2024년 5월 9일 서울 외교부 청사 앞 집회 참가자들. (데모 데이터에는 사진 대신 그린 자리표시 이미지가 들어 있습니다.)",
				"집회 사진 자리에 들어간 그림 자리표시")},
	} {
		r.Sensitivity, r.Slug, r.Date, r.Status = vigil.Public, "2024-05-mofa-demonstration", "2024-05-20", vigil.ReportPublished
		l.do("report "+r.Lang, func() error { return rs.CreateReport(l.ctx, r) })
	}
}

const bodyEn = `On Thursday, 9 May 2024, nine NGOs and two people directly affected by China's forced repatriation policy gathered in front of the Ministry of Foreign Affairs in Seoul. They asked Foreign Minister Cho Tae-yul to take up the forced repatriation of North Korean refugees during his coming visit to China. Before the demonstration the participants wrote a joint letter to the minister and signed it; the Human Rights Hub was one of the signatories. {{cite {NKHR}}}

{{photo 1}}

## What is happening

Reports describe a wave of returns. Some 600 North Koreans were sent back on 9 October 2023 ({{incident {OCT9}}}). About 200 people held at the Baishan Detention Center in Jilin Province followed on 26 April 2024 ({{incident {BAISHAN}}}), and another 50 to 60 around the same day ({{incident {MORE}}}). {{cite {NKHR}}} On 6 May, more than 60 North Koreans were reported arrested by Chinese authorities in Nanning, where they wait to be sent back ({{incident {NANNING}}}).

Counting each group of people once, repatriations from October 2023 to May 2024 come to {{total repatriation 2023-10-01..2024-05-31}} people. Those returned face arbitrary detention, torture, sexual violence, forced abortion, execution and forced labour.

## What the law says

China is a party to the Refugee Convention and to the Convention against Torture. Both forbid sending people back to a country where they face persecution or torture: the principle of non-refoulement. The participants argued that China's searches for North Koreans in hiding, and the returns that follow, break that obligation.

According to Daily NK, an anonymous source in North Hamgyong Province said that the province's state security and police departments were working with the Chinese authorities to find and return North Koreans, and that people in the province were told so as a warning against leaving. {{cite {DAILYNK}}} Families left behind in North Korea face severe consequences.

## The meeting in Beijing

Before leaving for Beijing on 13 May, Minister Cho told reporters that the government would "naturally raise it and listen to China's opinions as well". That afternoon he met Wang Yi, China's foreign minister. When Cho brought up North Korean defectors, Wang answered, by the author's account, that "China's policy toward the Korean Peninsula remains unchanged".

That reply was not what the demonstrators had hoped for. The author still counts it a success that the minister raised the issue at all, in a country where North Korean human rights remain politically divisive, and sees the Hub's part in the demonstration as a sign that forced repatriation needs "vigilant and undivided attention".
`

const bodyKo = `2024년 5월 9일 목요일, 9개 단체와 중국의 강제북송 정책으로 직접 피해를 입은 당사자 2명이 서울 외교부 청사 앞에 모였다. 이들은 조태열 외교부 장관에게 곧 있을 중국 방문에서 탈북 난민 강제송환 문제를 다뤄 달라고 요구했다. 참가자들은 집회에 앞서 장관에게 보내는 공동 서한을 함께 쓰고 서명했으며, 인권 허브도 서명 단체 중 하나였다. {{cite {NKHR}}}

{{photo 1}}

## 무슨 일이 일어나고 있나

보도에 따르면 송환이 잇따르고 있다. 2023년 10월 9일 탈북민 약 600명이 북송되었고({{incident {OCT9}}}), 2024년 4월 26일에는 지린성 바이산 구류소에 갇혀 있던 약 200명이({{incident {BAISHAN}}}), 같은 날 무렵 50~60명이 추가로 북송되었다({{incident {MORE}}}). {{cite {NKHR}}} 5월 6일에는 난닝에서 탈북민 60여 명이 중국 당국에 체포되어 북송을 기다리고 있다는 보도가 나왔다({{incident {NANNING}}}).

같은 사람들을 한 번씩만 세면, 2023년 10월부터 2024년 5월까지 강제북송된 인원은 {{total repatriation 2023-10-01..2024-05-31}}이다. 북송된 이들은 자의적 구금, 고문, 성폭력, 강제 낙태, 처형, 강제 노동의 위험에 놓인다.

## 국제법은 무엇을 말하나

중국은 난민협약과 고문방지협약의 당사국이다. 두 협약 모두 박해나 고문의 위험이 있는 나라로 사람을 돌려보내는 것을 금지한다(강제송환 금지 원칙). 참가자들은 숨어 지내는 탈북민을 찾아내 돌려보내는 중국의 행위가 이 의무를 어긴다고 지적했다.

데일리NK에 따르면 함경북도의 한 익명 소식통은 도 보위부와 안전부가 중국 당국과 협력해 탈북민을 찾아 송환하고 있으며, 이 내용이 탈북을 막으려는 경고로 주민들에게 전달되었다고 전했다. {{cite {DAILYNK}}} 북한에 남은 가족들이 받을 처벌도 가혹하다.

## 베이징 회담

조 장관은 13일 베이징으로 떠나기 전 기자들에게 이 문제를 "당연히 제기하고 중국 측의 의견도 듣겠다"는 취지로 말했다(영어 원문: "naturally raise it and listen to China's opinions as well"). 그날 오후 조 장관은 왕이 중국 외교부장을 만났다. 글쓴이의 전언에 따르면, 조 장관이 탈북민 문제를 꺼내자 왕 부장은 "한반도 정책에는 변함이 없다"는 취지로 답했다.

이 답은 집회 참가자들이 바라던 것이 아니었다. 그래도 글쓴이는 북한 인권이 여전히 정치적 논란거리인 한국에서 장관이 이 문제를 꺼낸 것 자체를 성과로 보며, 인권 허브의 참여가 강제북송 문제에 꾸준하고 온전한 관심이 필요하다는 것을 보여 주었다고 말한다.
`

// placeholderPNG draws the stand-in for the demonstration photograph: a
// plain street scene of coloured blocks (a building, banners, a crowd
// line), deterministic so that exports of the demo are reproducible.
func placeholderPNG() []byte {
	const w, h = 480, 270
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	fill(0, 0, w, h, color.RGBA{0xd9, 0xe4, 0xee, 0xff})       // sky
	fill(40, 40, 440, 200, color.RGBA{0xb7, 0xb2, 0xa8, 0xff}) // building
	for x := 60; x < 430; x += 40 {                            // windows
		for y := 55; y < 180; y += 30 {
			fill(x, y, x+22, y+16, color.RGBA{0x7d, 0x8a, 0x96, 0xff})
		}
	}
	fill(0, 200, w, h, color.RGBA{0x8c, 0x8c, 0x86, 0xff})       // street
	fill(70, 170, 230, 200, color.RGBA{0xf4, 0xf1, 0xe6, 0xff})  // banner
	fill(260, 175, 410, 205, color.RGBA{0xf2, 0xd3, 0x5b, 0xff}) // banner
	for x := 60; x < 430; x += 18 {                              // crowd
		fill(x, 205, x+12, 250, color.RGBA{0x33, 0x3a, 0x48, 0xff})
		fill(x+2, 195, x+10, 205, color.RGBA{0x5a, 0x45, 0x3a, 0xff})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic("demo: encode placeholder: " + err.Error()) // an in-memory RGBA always encodes
	}
	return b.Bytes()
}
