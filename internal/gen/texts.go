package gen

import (
	"fmt"

	"vigil"
)

// publisher is a news outlet or NGO with its language and URL pattern
// (the %d takes the source key, so URLs are unique).
type publisher struct{ name, lang, url string }

var publishers = []publisher{
	{"연합뉴스", "ko", "https://www.yna.co.kr/view/AKR2024%08d"},
	{"데일리NK", "ko", "https://www.dailynk.com/archives/%d"},
	{"자유아시아방송", "ko", "https://www.rfa.org/korean/in_focus/nk_refugee-%d.html"},
	{"북한인권시민연합", "ko", "https://www.nkhr.or.kr/bbs/board.php?bo_table=news&wr_id=%d"},
	{"전환기정의워킹그룹", "ko", "https://tjwg.org/ko/archives/%d"},
	{"조선일보", "ko", "https://www.chosun.com/politics/north_korea/2024/%d/"},
	{"동아일보", "ko", "https://www.donga.com/news/Politics/article/all/%d"},
	{"한겨레", "ko", "https://www.hani.co.kr/arti/politics/defense/%d.html"},
	{"Daily NK", "en", "https://www.dailynk.com/english/%d"},
	{"NK News", "en", "https://www.nknews.org/2024/%d/"},
	{"Radio Free Asia", "en", "https://www.rfa.org/english/news/korea/repatriation-%d.html"},
	{"Human Rights Watch", "en", "https://www.hrw.org/news/%d"},
	{"Reuters", "en", "https://www.reuters.com/world/asia-pacific/nk-%d/"},
	{"Yonhap News Agency", "en", "https://en.yna.co.kr/view/AEN2024%08d"},
	{"The Korea Herald", "en", "https://www.koreaherald.com/view.php?ud=%d"},
	{"Amnesty International", "en", "https://www.amnesty.org/en/latest/news/%d/"},
}

// origins are what sources relay; two sources relaying one origin are
// not independent.
var origins = []string{
	"anonymous source in North Hamgyong Province",
	"함경북도 소식통",
	"양강도 소식통",
	"a source in Jilin Province",
	"J.M. Missionary Union",
	"대북 소식통",
	"family members in South Korea",
}

var eventKo = map[vigil.EventType]string{
	vigil.EventArrest: "체포", vigil.EventDetention: "구금", vigil.EventRepatriation: "강제북송",
	vigil.EventTransfer: "이송", vigil.EventRelease: "석방", vigil.EventPunishment: "처벌",
	vigil.EventDisappearance: "실종", vigil.EventAtRisk: "북송 위기", vigil.EventOther: "관련 사건",
}

var eventEn = map[vigil.EventType]string{
	vigil.EventArrest: "arrested", vigil.EventDetention: "detained", vigil.EventRepatriation: "forcibly repatriated",
	vigil.EventTransfer: "transferred", vigil.EventRelease: "released", vigil.EventPunishment: "punished",
	vigil.EventDisappearance: "disappeared", vigil.EventAtRisk: "facing repatriation", vigil.EventOther: "affected",
}

// Title templates: place, size, event (ko); size, event, place (en).
var titleKo = []string{
	"중국, %s에서 탈북민 %d명 %s",
	"[단독] %s 탈북민 %d명 %s…가족들 \"생사 몰라\"",
	"%s서 탈북민 %d명 %s 정황",
}

var titleEn = []string{
	"China: %d North Koreans %s near %s",
	"Report: %d defectors %s, %s",
	"UN concern as %d North Koreans %s from %s",
}

// Quote templates: place, figure, event (ko); figure, event, place (en).
var quoteKo = []string{
	"소식통에 따르면 %s에서 탈북민 %s이 %s된 것으로 알려졌다.",
	"%s 구류시설에 있던 %s이 지난주 %s됐다고 전했다.",
	"현지 소식통은 \"%s에서 %s이 %s됐다\"고 말했다.",
}

var quoteEn = []string{
	"%s North Korean defectors were %s from %s, the source said.",
	"According to the group, %s people were %s at %s last week.",
	"\"%s of them were %s in %s,\" a relative told reporters.",
}

// figureText writes a count of about size people as a report would, in
// every qualifier class at realistic frequencies: exact 25%, approx 20%,
// approx_over 15%, more_than 10%, at_least 8%, at_most 7%, range 10%,
// vague 5%. The number drifts ±15% from the true size, so claims about
// one incident sometimes conflict.
func (g *generator) figureText(size int, ko bool) string {
	n := max(1, size*(85+g.rng.IntN(31))/100)
	round := n
	switch {
	case n >= 100:
		round = n / 10 * 10
	case n >= 20:
		round = n / 5 * 5
	}
	pick := func(forms ...string) string { return forms[g.rng.IntN(len(forms))] }
	switch g.weighted(25, 20, 15, 10, 8, 7, 10, 5) {
	case 0: // exact
		if ko {
			return fmt.Sprintf(pick("%d명", "%d 명"), n)
		}
		return fmt.Sprintf(pick("%d", "%d people"), n)
	case 1: // approx
		if ko {
			return fmt.Sprintf(pick("약 %d명", "%d명 가량", "%d명 정도", "%d명 안팎"), round)
		}
		return fmt.Sprintf(pick("about %d", "some %d", "around %d", "approximately %d", "roughly %d"), round)
	case 2: // approx_over
		if ko {
			return fmt.Sprintf(pick("%d여 명", "%d여명"), round)
		}
		return fmt.Sprintf(pick("%d-odd", "%d-plus"), round)
	case 3: // more_than
		if ko {
			return fmt.Sprintf("%d명 넘게", round)
		}
		return fmt.Sprintf(pick("more than %d", "over %d"), round)
	case 4: // at_least
		if ko {
			return fmt.Sprintf(pick("최소 %d명", "%d명 이상", "최소한 %d명"), round)
		}
		return fmt.Sprintf("at least %d", round)
	case 5: // at_most
		if ko {
			return fmt.Sprintf(pick("최대 %d명", "거의 %d명"), round)
		}
		return fmt.Sprintf(pick("up to %d", "as many as %d", "nearly %d"), round)
	case 6: // range
		lo, hi := max(1, round*9/10), round*11/10+1
		if ko {
			return fmt.Sprintf(pick("%d~%d명", "%d-%d명"), lo, hi)
		}
		return fmt.Sprintf(pick("%d-%d", "between %d and %d"), lo, hi)
	}
	// vague
	words := [2]string{"수십 명", "dozens"}
	switch {
	case size >= 1000:
		words = [2]string{"수천 명", "thousands"}
	case size >= 100:
		words = [2]string{"수백 명", "hundreds"}
	}
	if ko {
		return words[0]
	}
	return words[1]
}
