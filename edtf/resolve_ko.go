package edtf

import (
	"strings"
	"time"
)

// koPart is an optional "early/mid/late" suffix on a Korean month or year.
const koPart = `(?:{s}(?P<part>초순|상순|중순|하순|초반|중반|후반|초|중|말))?`

// koRelYear maps Korean relative years to their offset from the
// reference year.
func koRelYear(s string) int {
	switch strings.Join(strings.Fields(s), "") {
	case "재작년":
		return -2
	case "지난해", "작년":
		return -1
	case "내년":
		return 1
	}
	return 0 // 올해, 금년
}

const koRelYears = `(?P<ry>재작년|지난{s}해|작년|올해|금년|내년)`

// koDir reads 지난 (before) and 오는 (after).
func koDir(s string, def direction) direction {
	switch s {
	case "지난":
		return before
	case "오는":
		return after
	}
	return def
}

var koWeekdays = map[string]time.Weekday{"일": time.Sunday, "월": time.Monday, "화": time.Tuesday,
	"수": time.Wednesday, "목": time.Thursday, "금": time.Friday, "토": time.Saturday}

// koNumber reads a count written in digits or as a native Korean numeral.
func koNumber(s string) int {
	if n := parseInt(s); n >= 0 && s != "" {
		return n
	}
	switch s {
	case "한":
		return 1
	case "두":
		return 2
	case "세":
		return 3
	case "네":
		return 4
	case "다섯":
		return 5
	case "여섯":
		return 6
	case "일곱":
		return 7
	case "여덟":
		return 8
	case "아홉":
		return 9
	case "열":
		return 10
	}
	return -1
}

// koDayCounts are the native words for "n days".
var koDayCounts = map[string]int{"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7, "열흘": 10}

var koRules = []rule{
	{
		name:    "ko-ymd", // 2023년 10월 9일
		hints:   []string{"년"},
		pattern: `(?P<y>\d{4}){s}년{s}(?P<m>\d{1,2}){s}월{s}(?P<d>\d{1,2}){s}일`,
		build: func(_ *resolver, g groups) (expr, *failure) {
			return single(point{year: parseInt(g.get("y")), month: parseInt(g.get("m")), day: parseInt(g.get("d"))}), nil
		},
	},
	{
		name:    "ko-ym", // 2023년 10월, 2023년 10월 하순
		hints:   []string{"년"},
		pattern: `(?P<y>\d{4}){s}년{s}(?P<m>\d{1,2}){s}월` + koPart,
		build: func(_ *resolver, g groups) (expr, *failure) {
			return withPart(single(monthPoint(parseInt(g.get("y")), parseInt(g.get("m")))), g.get("part")), nil
		},
	},
	{
		name:    "ko-y", // 2023년, 2023년도, 2023년 말
		hints:   []string{"년"},
		pattern: `(?P<y>\d{4}){s}년(?:도)?` + koPart,
		build: func(_ *resolver, g groups) (expr, *failure) {
			return withPart(single(point{year: parseInt(g.get("y"))}), g.get("part")), nil
		},
	},
	{
		name:    "ko-relyear-month", // 지난해 10월, 작년 10월 9일, 올해 3월 초
		hints:   []string{"월"},
		pattern: koRelYears + `{s}(?P<m>\d{1,2}){s}월(?:{s}(?P<d>\d{1,2}){s}일)?` + koPart,
		build: func(r *resolver, g groups) (expr, *failure) {
			y, f := r.relYear(koRelYear(g.get("ry")))
			if f != nil {
				return expr{}, f
			}
			p := monthPoint(y, parseInt(g.get("m")))
			if g.has("d") {
				p.day = parseInt(g.get("d"))
			}
			return withPart(single(p), g.get("part")), nil
		},
	},
	{
		name:    "ko-month-day", // 4월 26일, 지난 4월 26일, 오는 5월 9일
		hints:   []string{"일"},
		pattern: `(?:(?P<dir>지난|오는){s})?(?P<m>\d{1,2}){s}월{s}(?P<d>\d{1,2}){s}일`,
		build: func(r *resolver, g groups) (expr, *failure) {
			return r.monthDay(parseInt(g.get("m")), parseInt(g.get("d")), koDir(g.get("dir"), onOrBefore))
		},
	},
	{
		name:    "ko-month", // 10월, 지난 10월, 4월 하순
		hints:   []string{"월"},
		pattern: `(?:(?P<dir>지난|오는){s})?(?P<m>\d{1,2}){s}월` + koPart,
		build: func(r *resolver, g groups) (expr, *failure) {
			e, f := r.month(parseInt(g.get("m")), koDir(g.get("dir"), onOrBefore))
			if f != nil {
				return expr{}, f
			}
			return withPart(e, g.get("part")), nil
		},
	},
	{
		name:    "ko-relmonth", // 지난달, 지난 달 26일, 이번 달, 이달 초, 다음 달
		hints:   []string{"달"},
		pattern: `(?P<rm>지난{s}달|이번{s}달|이달|다음{s}달)(?:{s}(?P<d>\d{1,2}){s}일)?` + koPart,
		build: func(r *resolver, g groups) (expr, *failure) {
			n := 0
			switch rm := g.get("rm"); {
			case strings.HasPrefix(rm, "지난"):
				n = -1
			case strings.HasPrefix(rm, "다음"):
				n = 1
			}
			c, f := r.relMonth(n)
			if f != nil {
				return expr{}, f
			}
			p := monthPoint(c.y, c.m)
			if g.has("d") {
				p.day = parseInt(g.get("d"))
			}
			return withPart(single(p), g.get("part")), nil
		},
	},
	{
		name:    "ko-day", // 9일, 지난 9일, 오는 9일
		hints:   []string{"일"},
		pattern: `(?:(?P<dir>지난|오는){s})?(?P<d>\d{1,2}){s}일`,
		build: func(r *resolver, g groups) (expr, *failure) {
			return r.dayOfMonth(parseInt(g.get("d")), koDir(g.get("dir"), onOrBefore))
		},
	},
	{
		name:    "ko-week", // 지난주, 지난 주 목요일, 이번 주, 지난 주말
		hints:   []string{"주"},
		pattern: `(?P<rw>지난{s}주|이번{s}주|다음{s}주)(?:{s}(?P<wd>[월화수목금토일])요일|(?P<wkend>말))?`,
		build: func(r *resolver, g groups) (expr, *failure) {
			n := 0
			switch rw := g.get("rw"); {
			case strings.HasPrefix(rw, "지난"):
				n = -1
			case strings.HasPrefix(rw, "다음"):
				n = 1
			}
			if g.has("wkend") {
				return r.weekend(n)
			}
			wd, ok := koWeekdays[g.get("wd")]
			return r.week(n, wd, ok)
		},
	},
	{
		name:    "ko-weekday", // 목요일, 지난 목요일, 오는 목요일
		hints:   []string{"요일"},
		pattern: `(?:(?P<dir>지난|오는){s})?(?P<wd>[월화수목금토일])요일`,
		build: func(r *resolver, g groups) (expr, *failure) {
			return r.weekday(koWeekdays[g.get("wd")], koDir(g.get("dir"), onOrBefore))
		},
	},
	{
		name:    "ko-relday", // 오늘, 어제, 그제, 그저께, 내일, 모레
		hints:   []string{"오늘", "금일", "어제", "그제", "그저께", "내일", "모레"},
		pattern: `(?P<rd>오늘|금일|어제|그저께|그제|내일|모레)`,
		build: func(r *resolver, g groups) (expr, *failure) {
			ref, f := r.today()
			if f != nil {
				return expr{}, f
			}
			n := map[string]int{"오늘": 0, "금일": 0, "어제": -1, "그제": -2, "그저께": -2, "내일": 1, "모레": 2}[g.get("rd")]
			return single(dayPoint(ref.addDays(n))), nil
		},
	},
	{
		name:    "ko-relyear", // 지난해, 작년, 올해, 재작년, 올해 초
		hints:   []string{"해", "년"},
		pattern: koRelYears + koPart,
		build: func(r *resolver, g groups) (expr, *failure) {
			y, f := r.relYear(koRelYear(g.get("ry")))
			if f != nil {
				return expr{}, f
			}
			return withPart(single(point{year: y}), g.get("part")), nil
		},
	},
	{
		name:  "ko-ago", // 3일 전, 이틀 전, 2주 전, 한 달 전, 1년 전
		hints: []string{"전"},
		pattern: `(?:(?P<n>\d{1,3}|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열){s}(?P<unit>일|주일|주|달|개월|해|년)` +
			`|(?P<nw>하루|이틀|사흘|나흘|닷새|엿새|이레|열흘)){s}전`,
		build: func(r *resolver, g groups) (expr, *failure) {
			if g.has("nw") {
				return r.ago(koDayCounts[g.get("nw")], 'd')
			}
			u := map[string]byte{"일": 'd', "주일": 'w', "주": 'w', "달": 'm', "개월": 'm', "해": 'y', "년": 'y'}[g.get("unit")]
			return r.ago(koNumber(g.get("n")), u)
		},
	},
	{
		name:    "ko-nodate", // 최근, 요즘: no date
		hints:   []string{"최근", "요즘", "근래", "전", "지난번"},
		pattern: `(?P<nodate>최근|요즘|근래|얼마{s}전|며칠{s}전|수일{s}전|지난번)`,
		build:   noDate,
	},
}
