package geomap

// label is a name drawn on the map. Names and positions are ours (place
// names are public facts); the boundary file carries geometry only.
type label struct {
	en, ko   string
	lon, lat float64
	class    string // "country", "province" or "city"
	anchor   string // "start", "middle" (default) or "end"
	views    string // the views that show it: "r" route, "b" border
}

// labels lists, per view, the countries, provinces and reference cities
// that orient the reader. Reference cities are not incident places: they
// are drawn as small grey dots, never sized.
var labels = []label{
	// Countries.
	{"China", "중국", 111.5, 33.5, "country", "", "r"},
	{"China", "중국", 121.2, 44.6, "country", "", "b"},
	{"North Korea", "북한", 126.9, 40.15, "country", "", "r"},
	{"North Korea", "북한", 127.15, 39.7, "country", "", "b"},
	{"South Korea", "대한민국", 128.2, 36.0, "country", "", "r"},
	{"South Korea", "대한민국", 128.4, 37.35, "country", "", "b"},
	{"Mongolia", "몽골", 103.5, 46.5, "country", "", "r"},
	{"Russia", "러시아", 131.3, 47.6, "country", "", "r"},
	{"Russia", "러시아", 131.4, 44.6, "country", "", "b"},
	{"Japan", "일본", 133.8, 34.6, "country", "end", "r"},
	{"Vietnam", "베트남", 108.2, 13.9, "country", "", "r"},
	{"Laos", "라오스", 102.7, 19.4, "country", "", "r"},
	{"Thailand", "태국", 101.0, 15.6, "country", "", "r"},
	{"Myanmar", "미얀마", 96.0, 21.8, "country", "", "r"},
	{"Cambodia", "캄보디아", 104.9, 12.6, "country", "", "r"},
	{"Taiwan", "대만", 121.0, 23.6, "country", "", "r"},

	// Chinese provinces named by the coalition's reports.
	{"Jilin", "지린성", 126.0, 43.6, "province", "", "rb"},
	{"Liaoning", "랴오닝성", 122.4, 41.6, "province", "", "rb"},
	{"Heilongjiang", "헤이룽장성", 127.5, 47.6, "province", "", "r"},
	{"Heilongjiang", "헤이룽장성", 128.9, 45.15, "province", "", "b"},
	{"Inner Mongolia", "네이멍구 자치구", 112.5, 42.4, "province", "", "r"},
	{"Inner Mongolia", "네이멍구 자치구", 119.2, 43.4, "province", "start", "b"},
	{"Guangxi", "광시좡족자치구", 108.9, 24.2, "province", "", "r"},
	{"Yunnan", "윈난성", 101.6, 25.0, "province", "", "r"},

	// North Korean provinces.
	{"North Hamgyong", "함경북도", 129.45, 41.85, "province", "", "b"},
	{"Ryanggang", "양강도", 127.95, 41.25, "province", "", "b"},
	{"Chagang", "자강도", 126.4, 40.75, "province", "", "b"},
	{"North Pyongan", "평안북도", 125.3, 39.85, "province", "", "b"},
	{"South Pyongan", "평안남도", 126.05, 39.5, "province", "", "b"},
	{"South Hamgyong", "함경남도", 127.75, 40.2, "province", "", "b"},
	{"Kangwon", "강원도", 127.45, 38.75, "province", "", "b"},
	{"North Hwanghae", "황해북도", 126.45, 38.55, "province", "", "b"},
	{"South Hwanghae", "황해남도", 125.35, 38.2, "province", "", "b"},

	// Reference cities.
	{"Beijing", "베이징", 116.4, 39.9, "city", "", "r"},
	{"Pyongyang", "평양", 125.75, 39.03, "city", "", "rb"},
	{"Seoul", "서울", 126.98, 37.57, "city", "", "rb"},
	{"Dandong", "단둥", 124.39, 40.13, "city", "", "b"},
	{"Tumen", "투먼", 129.84, 42.97, "city", "", "b"},
	{"Hanoi", "하노이", 105.85, 21.03, "city", "", "r"},
	{"Bangkok", "방콕", 100.5, 13.75, "city", "", "r"},
	{"Vientiane", "비엔티안", 102.6, 17.97, "city", "", "r"},
}

// text returns the label in lang.
func (l label) text(lang string) string {
	if lang == "ko" {
		return l.ko
	}
	return l.en
}
