package gen

import "vigil"

// gazPlace is one gazetteer entry: key, parent key (0 for none), kind,
// names and variants.
type gazPlace struct {
	key, parent    int64
	kind           vigil.PlaceKind
	en, ko, zh     string
	country        string
	variants       []string
	lat, lon       float64
	geonames       int64 // only where we are sure of it
	facilityOrSite bool  // where incidents happen
}

// gazetteer is a small, real-world gazetteer of the places these
// incidents happen at: the Chinese border provinces and cities, their
// detention facilities and border crossings, and the North Korean side.
var gazetteer = []gazPlace{
	{1, 0, vigil.PlaceCountry, "China", "중국", "中国", "CN", []string{"PRC", "중화인민공화국"}, 35, 103, 1814991, false},
	{2, 0, vigil.PlaceCountry, "North Korea", "북한", "朝鲜", "KP", []string{"DPRK", "조선민주주의인민공화국"}, 40, 127, 1873107, false},
	{3, 1, vigil.PlaceProvince, "Jilin", "지린성", "吉林省", "CN", []string{"길림성", "Kirin"}, 43.5, 126.5, 0, false},
	{4, 1, vigil.PlaceProvince, "Liaoning", "랴오닝성", "辽宁省", "CN", []string{"요녕성"}, 41.3, 122.9, 0, false},
	{5, 1, vigil.PlaceProvince, "Heilongjiang", "헤이룽장성", "黑龙江省", "CN", []string{"흑룡강성"}, 47.8, 128, 0, false},
	{6, 1, vigil.PlaceProvince, "Yunnan", "윈난성", "云南省", "CN", []string{"운남성"}, 25, 101.5, 0, false},
	{7, 1, vigil.PlaceProvince, "Guangxi", "광시", "广西", "CN", []string{"광서", "광시좡족자치구"}, 23.8, 108.8, 0, false},
	{8, 1, vigil.PlaceProvince, "Shandong", "산둥성", "山东省", "CN", []string{"산동성"}, 36.3, 118.3, 0, false},
	{9, 3, vigil.PlaceCity, "Yanji", "옌지", "延吉", "CN", []string{"연길", "Yenchi"}, 42.9, 129.5, 0, true},
	{10, 3, vigil.PlaceCity, "Tumen", "투먼", "图们", "CN", []string{"도문"}, 42.97, 129.84, 0, true},
	{11, 3, vigil.PlaceCity, "Hunchun", "훈춘", "珲春", "CN", []string{"혼춘"}, 42.87, 130.36, 0, true},
	{12, 3, vigil.PlaceCity, "Baishan", "바이산", "白山", "CN", []string{"백산", "Paekam"}, 41.94, 126.42, 0, true},
	{13, 3, vigil.PlaceCity, "Changbai", "창바이", "长白", "CN", []string{"장백"}, 41.42, 128.2, 0, true},
	{14, 4, vigil.PlaceCity, "Dandong", "단둥", "丹东", "CN", []string{"단동", "Antung"}, 40.13, 124.39, 0, true},
	{15, 4, vigil.PlaceCity, "Shenyang", "선양", "沈阳", "CN", []string{"심양", "Mukden"}, 41.79, 123.43, 0, true},
	{16, 5, vigil.PlaceCity, "Harbin", "하얼빈", "哈尔滨", "CN", []string{"할빈"}, 45.75, 126.65, 0, true},
	{17, 6, vigil.PlaceCity, "Kunming", "쿤밍", "昆明", "CN", []string{"곤명"}, 25.04, 102.71, 0, true},
	{18, 7, vigil.PlaceCity, "Nanning", "난닝", "南宁", "CN", []string{"남녕"}, 22.82, 108.32, 0, true},
	{19, 8, vigil.PlaceCity, "Qingdao", "칭다오", "青岛", "CN", []string{"청도"}, 36.07, 120.38, 0, true},
	{20, 12, vigil.PlaceFacility, "Baishan Detention Center", "바이산 구류소", "白山看守所", "CN", []string{"백산 구류소", "Baishan detention centre"}, 0, 0, 0, true},
	{21, 10, vigil.PlaceFacility, "Tumen Border Defense Detention Center", "투먼 변방구류소", "图们边防拘留所", "CN", []string{"도문 변방대 구류장", "Tumen detention center"}, 0, 0, 0, true},
	{22, 14, vigil.PlaceFacility, "Dandong Border Defense Detention Center", "단둥 변방구류소", "丹东边防拘留所", "CN", []string{"단동 구류장"}, 0, 0, 0, true},
	{23, 9, vigil.PlaceFacility, "Yanji Detention Center", "옌지 구류소", "延吉看守所", "CN", []string{"연길 구류장"}, 0, 0, 0, true},
	{24, 14, vigil.PlaceCrossing, "Sino-Korean Friendship Bridge", "조중우의교", "中朝友谊桥", "CN", []string{"압록강철교", "Dandong–Sinuiju bridge"}, 40.12, 124.39, 0, true},
	{25, 10, vigil.PlaceCrossing, "Tumen–Namyang bridge", "투먼-남양 다리", "图们-南阳大桥", "CN", []string{"도문대교"}, 42.96, 129.85, 0, true},
	{26, 13, vigil.PlaceCrossing, "Changbai–Hyesan crossing", "창바이-혜산 통상구", "长白口岸", "CN", []string{"장백 세관"}, 41.41, 128.18, 0, true},
	{27, 11, vigil.PlaceCrossing, "Quanhe–Wonjong crossing", "취안허-원정 통상구", "圈河口岸", "CN", []string{"권하 세관"}, 42.43, 130.5, 0, true},
	{28, 2, vigil.PlaceProvince, "North Hamgyong", "함경북도", "咸镜北道", "KP", []string{"Hamgyong-bukto", "함북"}, 41.8, 129.7, 0, false},
	{29, 2, vigil.PlaceProvince, "Ryanggang", "양강도", "两江道", "KP", []string{"Yanggang", "Ryanggang-do"}, 41.2, 128, 0, false},
	{30, 2, vigil.PlaceProvince, "North Pyongan", "평안북도", "平安北道", "KP", []string{"Pyonganbuk-do", "평북"}, 40, 125, 0, false},
	{31, 30, vigil.PlaceCity, "Sinuiju", "신의주", "新义州", "KP", []string{"Sinŭiju"}, 40.1, 124.4, 0, true},
	{32, 29, vigil.PlaceCity, "Hyesan", "혜산", "惠山", "KP", []string{"Hyesan-si"}, 41.4, 128.18, 0, true},
	{33, 28, vigil.PlaceCity, "Hoeryong", "회령", "会宁", "KP", []string{"Hoeryŏng"}, 42.44, 129.75, 0, true},
	{34, 28, vigil.PlaceCity, "Onsong", "온성", "稳城", "KP", []string{"Onsŏng"}, 42.96, 129.99, 0, true},
	{35, 28, vigil.PlaceCity, "Musan", "무산", "茂山", "KP", []string{"Musan-gun"}, 42.23, 129.2, 0, true},
}

// Gazetteer returns the generator's gazetteer as unsaved places whose IDs
// are keys (1…) and whose ParentIDs name those keys.
func Gazetteer() []*vigil.Place {
	out := make([]*vigil.Place, 0, len(gazetteer))
	for _, g := range gazetteer {
		p := &vigil.Place{Meta: vigil.Meta{ID: g.key, Sensitivity: vigil.Public}, Kind: g.kind,
			Names: vigil.Names{En: g.en, Ko: g.ko, Zh: g.zh}, Variants: append([]string(nil), g.variants...), CountryCode: g.country}
		if g.parent != 0 {
			parent := g.parent
			p.ParentID = &parent
		}
		if g.lat != 0 || g.lon != 0 {
			lat, lon := g.lat, g.lon
			p.Lat, p.Lon = &lat, &lon
		}
		if g.geonames != 0 {
			id := g.geonames
			p.GeoNamesID = &id
		}
		out = append(out, p)
	}
	return out
}
